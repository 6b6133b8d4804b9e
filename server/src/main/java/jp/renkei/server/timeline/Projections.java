package jp.renkei.server.timeline;

import jp.renkei.policy.MemberRole;
import jp.renkei.server.photo.PhotoRules;
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
    /** Features' own derived state (the calendar). */
    private final java.util.List<EventProjection> features;
    private final PhotoRules photoRules;

    Projections(RoomRepository rooms, NoteStateRepository notes, JsonMapper json,
                java.util.List<EventProjection> features, PhotoRules photoRules) {
        this.rooms = rooms;
        this.notes = notes;
        this.json = json;
        this.features = features;
        this.photoRules = photoRules;
    }

    void apply(StoredEvent e) {
        String roomId = e.roomId();
        String sender = e.sender().userId();
        // Posting or editing implies having read the room up to one's own note: that read marker moves
        // with the head, in the same room update (last, see below).
        String readerWithHead = null;
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
                readerWithHead = sender;
            }
            case NOTE_EDITED -> {
                JsonNode body = json.readTree(e.body());
                notes.advanceVersion(body.path("noteId").asString(), body.path("version").asInt());
                readerWithHead = sender;
            }
            case NOTE_ACKNOWLEDGED -> notes.recordAck(json.readTree(e.body()).path("noteId").asString(), sender, e.seq());
            case CONSENT_RECORDED -> {
                JsonNode body = json.readTree(e.body());
                java.util.List<String> family = new java.util.ArrayList<>();
                body.path("familyUserIds").forEach(id -> family.add(id.asString()));
                rooms.setConsent(roomId, family);
            }
            case CONSENT_WITHDRAWN -> rooms.withdrawConsent(roomId);
            case EMERGENCY_OPENED -> {
                JsonNode body = json.readTree(e.body());
                rooms.grantEmergency(roomId, body.path("userId").asString(),
                        java.time.Instant.parse(body.path("until").asString()));
            }
            case PHOTO_RULES_CHANGED -> {
                // Branch photos: the room's photo consent (SP-CON-04).
                JsonNode body = json.readTree(e.body());
                photoRules.apply(roomId, e.seq(), body.path("photos").asBoolean(), body.path("faces").asBoolean());
            }
            case HOST_CHANGED -> rooms.setHost(roomId, json.readTree(e.body()).path("host").path("userId").asString());
            case ROOM_CREATED -> {
                // Nothing derived: the room document exists before its first event.
            }
            default -> {
                // Kinds owned by a feature (calendar.*): applied below.
            }
        }
        for (EventProjection feature : features) {
            feature.apply(e);
        }
        if (e.txnKey() != null) {
            notes.recordTxn(e.txnKey(), e.seq());
        }
        if (readerWithHead != null) {
            rooms.advanceHeadAndReadMarkerDerived(roomId, readerWithHead, e.seq(), e.notes(), e.ts());
        } else {
            rooms.advanceHead(roomId, e.seq(), e.notes(), e.ts());
        }
    }
}
