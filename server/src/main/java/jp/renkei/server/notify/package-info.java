/**
 * Feature. Web Push notifications (RFC 8030, message encryption RFC 8291, VAPID RFC 8292): the
 * browser's push subscriptions, each user's notification settings, what notifies whom (a
 * {@code RoomEventListener} and a {@code BedInquiryListener}) and the opaque notification targets the
 * app resolves after unlock. A notification carries no patient data (SP-MOB-04).
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "notify", allowedDependencies = {"account", "audit", "auth", "beds", "directory", "error", "handoff", "note", "room", "store"})
package jp.renkei.server.notify;
