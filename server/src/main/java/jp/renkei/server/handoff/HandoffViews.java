package jp.renkei.server.handoff;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.renkei.protocol.Resources.PatientProfile;

/** The JSON shapes of the handoff API (docs/protocol.md): list items, the full sheet, live messages. */
final class HandoffViews {

    private HandoffViews() {
    }

    /** An inbox row. */
    static Map<String, Object> summary(Handoff h, PatientProfile p, boolean outgoing, Instant now, Duration remindAfter,
                                       HandoffService s) {
        Map<String, Object> m = common(h, s);
        m.put("direction", outgoing ? "outgoing" : "incoming");
        m.put("patient", p == null ? null : patient(p));
        m.put("reminder", s.needsReminder(h, now));
        m.put("deadline", deadline(h, now));
        return m;
    }

    /** The whole sheet at one version. */
    static Map<String, Object> detail(Handoff h, int version, HandoffService.Sealed sealed, String answer,
                                      HandoffService s, HandoffTemplates templates) {
        Map<String, Object> m = common(h, s);
        Instant now = s.now();
        m.put("patient", sealed.patient() == null ? null : patient(sealed.patient()));
        m.put("consent", sealed.consent());
        m.put("shownVersion", version);
        m.put("content", sealed.content());
        m.put("answer", answer);
        m.put("reminder", s.needsReminder(h, now));
        m.put("deadline", deadline(h, now));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Handoff.Step st : h.steps()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("at", st.at().toString());
            x.put("action", st.action());
            x.put("by", st.by());
            x.put("byName", s.userName(st.by()));
            x.put("organizationName", s.organizationName(st.orgId()));
            x.put("version", st.version());
            steps.add(x);
        }
        m.put("steps", steps);
        return m;
    }

    private static Map<String, Object> common(Handoff h, HandoffService s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("kind", h.kind());
        m.put("template", Map.of("id", h.templateId(), "version", h.templateVersion()));
        m.put("state", h.state());
        m.put("version", h.version());
        m.put("sender", Map.of("organizationId", h.senderOrgId(), "name", nz(s.organizationName(h.senderOrgId()))));
        m.put("receiver", Map.of("organizationId", h.receiverOrgId(), "name", nz(s.organizationName(h.receiverOrgId()))));
        m.put("roomId", h.roomId());
        m.put("flags", h.flags());
        m.put("createdAt", h.createdAt().toString());
        m.put("admittedAt", str(h.admittedAt()));
        m.put("sentAt", str(h.sentAt()));
        m.put("receivedAt", str(h.receivedAt()));
        m.put("receivedBy", h.receivedBy() == null ? null
                : Map.of("userId", h.receivedBy(), "name", nz(s.userName(h.receivedBy()))));
        m.put("answeredAt", str(h.answeredAt()));
        m.put("plannedDischargeOn", h.plannedDischarge() == null ? null : h.plannedDischarge().toString());
        m.put("conferenceItemId", h.conferenceItemId());
        m.put("updatedAt", h.steps().get(h.steps().size() - 1).at().toString());
        return m;
    }

    /**
     * The 入院時情報連携加算 standing: due times, and {@code tier} ({@code i}, {@code ii}, {@code late}) once
     * sent, or {@code standing} ({@code open_i}, {@code open_ii}, {@code overdue}) before.
     */
    static Map<String, Object> deadline(Handoff h, Instant now) {
        AdmissionDeadlines d = h.deadlines();
        if (d == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dueI", d.dueI().toString());
        m.put("dueII", d.dueII().toString());
        m.put("tier", h.sentAt() == null ? null : d.tierOf(h.sentAt()));
        m.put("standing", h.sentAt() == null ? d.standingAt(now) : null);
        return m;
    }

    static Map<String, Object> patient(PatientProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("nameKana", p.nameKana());
        m.put("birthDate", p.birthDate());
        m.put("sex", p.sex());
        m.put("careLevel", p.careLevel());
        m.put("area", p.area());
        return m;
    }

    /** The live message: ids and the state only (no patient data on the wire beyond the API). */
    static Map<String, Object> changed(Handoff h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "handoff.changed");
        m.put("handoffId", h.id());
        m.put("kind", h.kind());
        m.put("state", h.state());
        m.put("version", h.version());
        m.put("at", h.steps().get(h.steps().size() - 1).at().toString());
        return m;
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
