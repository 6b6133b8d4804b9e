/**
 * Feature. Who covers a patient and urgent notes that cannot be missed: a patient room's 主治医 and
 * 副主治医 and cover periods (room events, kept by {@code CareTeamProjection}), organisations' night and
 * holiday on-call rotas (当番表, {@code Rotas}), who covers now ({@code CoverResolver}), and the
 * escalation of unacknowledged urgent notes ({@code Escalations}, driven by the application's clock).
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "oncall",
        allowedDependencies = {"account", "audit", "error", "note", "notify", "room", "store"})
package jp.renkei.server.oncall;
