/**
 * Kernel. The TLS profile's cipher order (SP-NET-01).
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "tls", allowedDependencies = {})
package jp.renkei.server.tls;
