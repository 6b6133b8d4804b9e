package jp.renkei.server.beds;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.renkei.protocol.Timestamps;

/** The wire shape of notices and inquiries (schema server-bed-message), for HTTP and STOMP alike. */
final class BedViews {

    private BedViews() {
    }

    static Map<String, Object> notice(BedNotice n, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("clinicId", n.clinicId());
        m.put("clinicName", n.clinicName());
        m.put("area", n.area());
        m.put("bedType", n.bedType());
        m.put("available", n.available());
        m.put("availableFrom", n.availableFrom().toString());
        m.put("availableUntil", n.availableUntil() == null ? null : n.availableUntil().toString());
        m.put("accepts", n.accepts());
        m.put("sex", n.sex());
        m.put("contact", n.contact());
        m.put("remarks", n.remarks());
        m.put("expiresAt", Timestamps.format(n.expiresAt()));
        m.put("updatedAt", Timestamps.format(n.updatedAt()));
        m.put("version", n.version());
        m.put("status", n.status(now));
        return m;
    }

    static Map<String, Object> inquiry(BedInquiry q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.id());
        m.put("noticeId", q.noticeId());
        m.put("clinicId", q.clinicId());
        m.put("officeId", q.officeId());
        m.put("officeName", q.officeName());
        m.put("ageBand", q.ageBand());
        m.put("sex", q.sex());
        m.put("needs", q.needs());
        m.put("wantedDate", q.wantedDate().toString());
        m.put("note", q.note());
        m.put("state", q.state());
        m.put("holdUntil", q.holdUntil() == null ? null : Timestamps.format(q.holdUntil()));
        m.put("roomId", q.roomId());
        m.put("version", q.version());
        List<Map<String, Object>> steps = q.steps().stream().map(s -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("at", Timestamps.format(s.at()));
            x.put("by", s.by());
            x.put("action", s.action());
            x.put("message", s.message());
            return x;
        }).toList();
        m.put("steps", steps);
        return m;
    }

    static Map<String, Object> noticeMessage(BedNotice n, Instant now) {
        return Map.of("type", "bed.notice", "notice", notice(n, now));
    }

    static Map<String, Object> inquiryMessage(BedInquiry q) {
        return Map.of("type", "bed.inquiry", "inquiry", inquiry(q));
    }
}
