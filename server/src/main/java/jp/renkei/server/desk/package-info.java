/**
 * Feature. The consultation desk (在宅医療・介護連携 相談窓口): cases recorded by a desk's workers, each
 * change kept as a version, contents sealed under the desk's key; follow-ups, search, the provider lookup
 * for answers, hand-over to a care team, the monthly report and its CSV, retention.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "desk",
        allowedDependencies = {"account", "audit", "crypto", "directory", "error", "room", "store"})
package jp.renkei.server.desk;
