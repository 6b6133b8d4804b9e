/**
 * Feature. The end of a closed room's retention period (SP-RET-01, SP-RET-03): the administrator's due list
 * and the confirmed purge by crypto-shredding the room's key ({@code RetentionService},
 * {@code RetentionController}). Closing and reopening a room are the room module's ({@code ClosureService}).
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "retention", allowedDependencies = {"account", "audit", "crypto", "error", "room"})
package jp.renkei.server.retention;
