package jp.renkei.server.calendar;

import jp.renkei.policy.Action;
import jp.renkei.protocol.Destinations;
import jp.renkei.protocol.Timestamps;
import jp.renkei.server.live.RoomView;
import jp.renkei.server.room.StoredEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The family view of a room ({@code /family/{roomId}}), registered with the live layer: calendar
 * events only, with the fields a family may see (SP-AUTHZ-03), for users the policy allows
 * {@code VIEW_FAMILY_CALENDAR}. The note for the visitor and the sender are left out by construction:
 * fields are copied by name from an allow-list, never removed from the staff form.
 */
@Component
public class FamilyViews implements RoomView {

    private static final String[] TOP = {"itemId", "version", "occurrence", "start", "end"};
    private static final String[] ITEM = {"category", "profession", "organization", "start", "end", "rrule"};

    private final JsonMapper json;

    FamilyViews(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean handles(String destination) {
        return destination.startsWith(Destinations.FAMILY_PREFIX);
    }

    @Override
    public String roomIdOf(String destination) {
        return Destinations.familyRoomIdOf(destination);
    }

    @Override
    public String destination(String roomId) {
        return Destinations.family(roomId);
    }

    @Override
    public Action access() {
        return Action.VIEW_FAMILY_CALENDAR;
    }

    /** The family message of an event, or {@code null} if the family view does not carry it. */
    @Override
    public byte[] toWireBytes(StoredEvent e) {
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
