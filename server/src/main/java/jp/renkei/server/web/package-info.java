/**
 * Kernel, HTTP edge. Error bodies, strict JSON input, the request size limit and the startup
 * banner.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "web", allowedDependencies = {"error"})
package jp.renkei.server.web;
