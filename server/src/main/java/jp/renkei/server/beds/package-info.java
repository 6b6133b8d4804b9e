/**
 * Feature. The vacant-bed board: notices, inquiries, holds, the live board (a {@code LiveTopic}),
 * exports.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "beds", allowedDependencies = {"account", "audit", "live", "room", "store", "error"})
package jp.renkei.server.beds;
