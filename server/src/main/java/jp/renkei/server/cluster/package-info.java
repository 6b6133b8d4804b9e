/**
 * Edge (cluster mode, {@code renkei.cluster.enabled=true}). Several nodes on one MongoDB store: MongoDB change
 * streams on {@code events} and {@code rooms} bring other nodes' appends and room changes to this node's
 * room cache and live delivery ({@code ChangeStreamFeed}, {@code RemoteChanges}), resumably, with the
 * {@code changeStream} health component and the {@code renkei.cluster.lag} gauge. Absent in single-node mode.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "cluster", allowedDependencies = {"room", "store"})
package jp.renkei.server.cluster;
