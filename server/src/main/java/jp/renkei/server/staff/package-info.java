/**
 * Feature. Facility administrators' staff administration and offboarding (sessions ended,
 * credentials revoked, rooms handed over).
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "staff", allowedDependencies = {"account", "audit", "auth", "room", "error"})
package jp.renkei.server.staff;
