/**
 * Kernel. Organisations and user accounts (cached), the signed-in principal, the staff directory.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "account", allowedDependencies = {"store", "error"})
package jp.renkei.server.account;
