/**
 * Kernel. The audit trail (SP-AUD-01/02/04): hash chain, signed checkpoints, recording on HTTP and
 * STOMP, review. A command hands its entry to the room log as a {@code CommandAudit}.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "audit", allowedDependencies = {"account", "store", "web", "error"})
package jp.renkei.server.audit;
