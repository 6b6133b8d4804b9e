/**
 * Kernel. Loads and validates the access policy file ({@code jp.renkei.policy}) at startup.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "policy", allowedDependencies = {})
package jp.renkei.server.policy;
