/**
 * Feature. Admission and discharge handoff (入退院時の情報提供): sheets one office sends another about one
 * patient, written on region-defined templates, with the 入院時情報連携加算 deadlines, acknowledgement,
 * answers, reminders, the live inbox, the discharge conference on the room's calendar, and the FHIR export.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "handoff", allowedDependencies = {"account", "audit", "calendar", "crypto", "error", "live", "room", "store"})
package jp.renkei.server.handoff;
