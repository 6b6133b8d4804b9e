package jp.renkei.server.room;

import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.ServerMessages.RoomEvent;
import jp.renkei.protocol.Timestamps;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/** Shapes stored events for the wire. */
@Component
public class EventViews {

    private final JsonMapper json;

    EventViews(JsonMapper json) {
        this.json = json;
    }

    public RoomEvent toWire(StoredEvent e) {
        ObjectNode content = (ObjectNode) json.readTree(e.body());
        if (e.kind() == EventKind.NOTE_POSTED) {
            // A note's id is the id of the event that posted it.
            content.put("noteId", e.eventId());
        }
        if (e.kind() == EventKind.CALENDAR_ITEM_ADDED) {
            // Likewise a calendar item's id is the id of the event that added it.
            content.put("itemId", e.eventId());
        }
        return RoomEvent.of(e.roomId(), e.seq(), e.kind().wire(), e.sender(), Timestamps.format(e.ts()), content);
    }

    /** The wire JSON of an event, serialised once and sent to every recipient. */
    public byte[] toWireBytes(StoredEvent e) {
        return json.writeValueAsBytes(toWire(e));
    }
}
