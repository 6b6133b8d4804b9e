/**
 * Kernel. Where data lives: the embedded MongoDB-compatible server and its file format, the choice
 * between it and a configured replica set, collection names and write concerns.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "store", allowedDependencies = {})
package jp.renkei.server.store;
