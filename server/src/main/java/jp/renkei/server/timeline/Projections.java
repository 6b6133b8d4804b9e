package jp.renkei.server.timeline;

import jp.renkei.policy.MemberRole;
import jp.renkei.server.room.RoomRepository;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies an event to the state derived from the log: members, users' room lists, note heads,
 * acknowledgements, transaction ids, the sender's read marker and, last, the room's log head.
 *
 * <p>Every step is idempotent. If the process stops halfway, the room's recorded head still points
 * before this event, and {@link RoomLog} applies it again when the room is next written.
 */
@Component
class Projections {

    private final RoomRepository rooms;
    private final NoteStateRepository notes;
    private final JsonMapper json;

    Projections(RoomRepository rooms, NoteStateRepository notes, JsonMapper json) {
        this.rooms = rooms;
        this.notes = notes;
        this.json = json;
    }

    void apply(StoredEvent e) {
        String roomId = e.roomId();
        String sender = e.sender().userId();
        switch (e.kind()) {
            case MEMBER_INVITED -> {
                JsonNode body = json.readTree(e.body());
                String userId = body.path("member").path("userId").asString();
                MemberRole role = MemberRole.valueOf(body.path("role").asString().toUpperCase(java.util.Locale.ROOT));
                rooms.addMember(roomId, userId, role, e.ts());
                rooms.addRoomOfUser(userId, roomId);
            }
            case MEMBER_REMOVED, MEMBER_LEFT -> {
                String userId = json.readTree(e.body()).path("userId").asString();
                rooms.removeMember(roomId, userId);
                rooms.removeRoomOfUser(userId, roomId);
            }
            case NOTE_POSTED -> {
                notes.createHead(e.eventId(), sender);
                // Posting implies having read the room up to one's own note.
                rooms.advanceReadMarkerDerived(roomId, sender, e.seq(), e.notes());
            }
            case NOTE_EDITED -> {
                JsonNode body = json.readTree(e.body());
                notes.advanceVersion(body.path("noteId").asString(), body.path("version").asInt());
                rooms.advanceReadMarkerDerived(roomId, sender, e.seq(), e.notes());
            }
            case NOTE_ACKNOWLEDGED -> notes.recordAck(json.readTree(e.body()).path("noteId").asString(), sender, e.seq());
            case HOST_CHANGED -> rooms.setHost(roomId, json.readTree(e.body()).path("host").path("userId").asString());
            case ROOM_CREATED -> {
                // Nothing derived: the room document exists before its first event.
            }
        }
        if (e.txnKey() != null) {
            notes.recordTxn(e.txnKey(), e.seq());
        }
        rooms.advanceHead(roomId, e.seq(), e.notes(), e.ts());
    }
}
