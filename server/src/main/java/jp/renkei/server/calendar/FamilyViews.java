package jp.renkei.server.calendar;

import jp.renkei.protocol.Timestamps;
import jp.renkei.server.timeline.StoredEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shapes room events for the family view ({@code /family/{roomId}}): calendar events only, with the
 * fields a family may see (SP-AUTHZ-03). The note for the visitor and the sender are left out by
 * construction: fields are copied by name from an allow-list, never removed from the staff form.
 */
@Component
public class FamilyViews {

    private static final String[] TOP = {"itemId", "version", "occurrence", "start", "end"};
    private static final String[] ITEM = {"category", "profession", "organization", "start", "end", "rrule"};

    private final JsonMapper json;

    FamilyViews(JsonMapper json) {
        this.json = json;
    }

    /** The family message of an event, or {@code null} if the family view does not carry it. */
    public byte[] toFamilyWireBytes(StoredEvent e) {
        if (!CalendarProjection.isCalendarKind(e.kind())) {
            return null;
        }
        JsonNode body = json.readTree(e.body());
        ObjectNode out = json.createObjectNode();
        out.put("type", "family.calendar");
        out.put("roomId", e.roomId());
        out.put("seq", e.seq());
        out.put("kind", e.kind().wire());
        out.put("ts", Timestamps.format(e.ts()));
        for (String f : TOP) {
            if (body.hasNonNull(f)) {
                out.set(f, body.get(f));
            }
        }
        if (e.kind() == jp.renkei.protocol.EventKind.CALENDAR_ITEM_ADDED) {
            out.put("itemId", e.eventId());
        }
        JsonNode item = body.path("item");
        if (item.isObject()) {
            ObjectNode safe = out.putObject("item");
            for (String f : ITEM) {
                if (item.hasNonNull(f)) {
                    safe.set(f, item.get(f));
                }
            }
            // Who comes, only where the team chose to show it to the family.
            if (item.path("visitorForFamily").asBoolean(false)) {
                safe.put("visitorShown", true);
                if (item.hasNonNull("visitor")) {
                    safe.set("visitor", item.get("visitor"));
                }
            }
        }
        return json.writeValueAsBytes(out);
    }
}
