/**
 * Top. The fictional demo region, loaded into an empty database when {@code renkei.demo.enabled};
 * may use every module, and none uses it.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "demo")
package jp.renkei.server.demo;
