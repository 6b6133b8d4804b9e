/**
 * Core. A room is its event log and the snapshot derived from it: {@code RoomLogs} (the only way
 * to append), {@code Projections}, membership, consent and break-the-glass, and the access checks
 * ({@code RoomAccess}). Features plug in through {@code EventProjection} and {@code
 * RoomEventListener}.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "room", allowedDependencies = {"account", "audit", "crypto", "store", "error"})
package jp.renkei.server.room;
