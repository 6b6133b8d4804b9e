/**
 * Edge. STOMP over WebSocket: CONNECT/SUBSCRIBE/SEND checks, commands, exactly-once ordered
 * delivery. Features publish through its interfaces {@code LiveTopic}, {@code LiveChannel} and
 * {@code RoomView}; it knows no feature's shapes.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "live", allowedDependencies = {"account", "audit", "note", "room", "web", "error"})
package jp.renkei.server.live;
