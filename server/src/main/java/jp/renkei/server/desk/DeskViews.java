package jp.renkei.server.desk;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The wire form of cases, lists, follow-ups and reports (docs/protocol.md, the consultation desk section). */
final class DeskViews {

    private DeskViews() {
    }

    /** The whole case; {@code names} turns a user id into a display name. */
    static Map<String, Object> full(DeskCase c, LocalDate today, Function<String, String> names) {
        Map<String, Object> m = summary(c, today);
        DeskCase.Content t = c.content();
        m.put("consulterOrganization", t.consulterOrganization());
        m.put("consulterName", t.consulterName());
        m.put("subject", subject(t.subject()));
        m.put("text", t.text());
        m.put("answer", t.answer());
        m.put("referral", t.referral());
        List<Map<String, Object>> followUps = new ArrayList<>();
        for (int i = 0; i < c.followUps().size(); i++) {
            DeskCase.FollowUp f = c.followUps().get(i);
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("id", f.id());
            fm.put("due", f.due().toString());
            fm.put("what", c.followUpText(i));
            fm.put("done", f.done());
            fm.put("doneAt", str(f.doneAt()));
            fm.put("doneBy", f.doneBy() == null ? null : names.apply(f.doneBy()));
            fm.put("overdue", !f.done() && f.due().isBefore(today));
            followUps.add(fm);
        }
        m.put("followUps", followUps);
        m.put("providers", c.providers().stream().map(p -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("organizationId", p.organizationId());
            pm.put("name", p.name());
            pm.put("kind", p.kind());
            pm.put("at", p.at().toString());
            pm.put("by", names.apply(p.by()));
            return pm;
        }).toList());
        m.put("handovers", c.handovers().stream().map(h -> {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("kind", h.kind());
            hm.put("roomId", h.roomId());
            hm.put("organizationId", h.organizationId());
            hm.put("organizationName", h.organizationName());
            hm.put("consent", Map.of("by", h.consentBy(), "method", h.consentMethod(), "date", h.consentDate().toString()));
            hm.put("at", h.at().toString());
            hm.put("by", names.apply(h.by()));
            return hm;
        }).toList());
        m.put("createdAt", c.createdAt().toString());
        m.put("createdBy", names.apply(c.createdBy()));
        m.put("updatedAt", c.updatedAt().toString());
        m.put("updatedBy", names.apply(c.updatedBy()));
        return m;
    }

    /** A line of the case list: plain facts, the person's name and the first words of the question. */
    static Map<String, Object> summary(DeskCase c, LocalDate today) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("version", c.version());
        m.put("occurredAt", c.occurredAt().toString());
        m.put("month", c.month().toString());
        m.put("channel", c.channel());
        m.put("consulterType", c.consulterType());
        m.put("categories", c.categories());
        m.put("status", c.status());
        if (c.content() != null) {
            m.put("subjectName", c.content().subject().name());
            String text = c.content().text();
            m.put("excerpt", text == null ? null : text.codePointCount(0, text.length()) <= 60 ? text
                    : text.substring(0, text.offsetByCodePoints(0, 60)) + "…");
        }
        m.put("openFollowUps", c.followUps().stream().filter(f -> !f.done()).count());
        m.put("overdue", c.open() && c.followUps().stream().anyMatch(f -> !f.done() && f.due().isBefore(today)));
        return m;
    }

    static Map<String, Object> version(DeskRepository.Version v, LocalDate today, Function<String, String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("type", v.type());
        m.put("at", v.at().toString());
        m.put("by", names.apply(v.by()));
        m.put("case", full(v.state(), today, names));
        return m;
    }

    static Map<String, Object> followUp(DeskService.FollowUpItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("caseId", i.deskCase().id());
        m.put("caseVersion", i.deskCase().version());
        m.put("followUpId", i.followUp().id());
        m.put("due", i.followUp().due().toString());
        m.put("what", i.text());
        m.put("overdue", i.overdue());
        m.put("occurredAt", i.deskCase().occurredAt().toString());
        m.put("consulterType", i.deskCase().consulterType());
        m.put("subjectName", i.deskCase().content().subject().name());
        return m;
    }

    static Map<String, Object> report(DeskReports.Report r, List<DeskCategories.Category> categories) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("month", r.month().toString());
        m.put("scope", r.city() ? "city" : "desk");
        m.put("consulterTypes", DeskReports.CONSULTER_LABELS.keySet());
        m.put("categories", categories.stream().map(DeskViews::category).toList());
        m.put("desks", r.desks().stream().map(DeskViews::column).toList());
        m.put("total", r.total() == null ? null : column(r.total()));
        return m;
    }

    static Map<String, Object> category(DeskCategories.Category c) {
        return Map.of("id", c.id(), "name", c.name(), "active", c.active());
    }

    private static Map<String, Object> column(DeskReports.Column c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deskId", c.deskId());
        m.put("deskName", c.deskName());
        m.put("cases", c.cases());
        m.put("byConsulterType", c.byConsulterType());
        m.put("byCategory", c.byCategory());
        return m;
    }

    private static Map<String, Object> subject(DeskCase.Subject s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("ageBand", s.ageBand());
        m.put("sex", s.sex());
        m.put("area", s.area());
        return m;
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }
}
