/**
 * Feature. The visit calendar: items as room events, the agenda, iCalendar feeds, and the family
 * view, registered with the live layer as a {@code RoomView}.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "calendar", allowedDependencies = {"account", "audit", "crypto", "live", "room", "store", "error"})
package jp.renkei.server.calendar;
