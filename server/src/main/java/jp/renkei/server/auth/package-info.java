/**
 * Feature. Sign-in and sessions: HTTP security, two-step login (password, then TOTP or a passkey),
 * lockout, password rules, one-time links, session limits.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "auth", allowedDependencies = {"account", "audit", "crypto", "store", "web", "error"})
package jp.renkei.server.auth;
