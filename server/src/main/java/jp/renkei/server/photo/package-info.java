/**
 * Feature. Photo upload, processing and short-lived links; the room's photo rules, kept by an
 * {@code EventProjection}. Used by notes through {@code PhotoService}.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "photo", allowedDependencies = {"account", "audit", "crypto", "room", "store", "error"})
package jp.renkei.server.photo;
