/**
 * Kernel. The master key, per-room keys and AES-256-GCM sealing of content at rest (SP-CRY-01).
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "crypto", allowedDependencies = {"store", "error"})
package jp.renkei.server.crypto;
