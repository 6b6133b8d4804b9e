package jp.renkei.server.room;

import jp.renkei.policy.MemberRole;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies an event to the state derived from the log: members, users' room lists, consent, emergency
 * grants and host (this package's own state), then each feature's {@link EventProjection} (note heads
 * and acknowledgements, photo rules, the calendar), then transaction ids, and last the sender's read
 * marker with the room's log head.
 *
 * <p>Every step is idempotent. If the process stops halfway, the room's recorded head still points
 * before this event, and {@link RoomLog} applies it again when the room is next written.
 */
@Component
class Projections {

    private final RoomRepository rooms;
    private final TxnRepository txns;
    private final JsonMapper json;
    /** Features' own derived state (notes, photo rules, the calendar), registered as beans. */
    private final java.util.List<EventProjection> features;

    Projections(RoomRepository rooms, TxnRepository txns, JsonMapper json, java.util.List<EventProjection> features) {
        this.rooms = rooms;
        this.txns = txns;
        this.json = json;
        this.features = features;
    }

    /** The room's consent from a {@code consent.recorded} event: in force, its family and its scope. */
    void consentRecorded(StoredEvent e) {
        JsonNode body = json.readTree(e.body());
        java.util.List<String> family = new java.util.ArrayList<>();
        body.path("familyUserIds").forEach(id -> family.add(id.asString()));
        java.util.List<String> scope = new java.util.ArrayList<>();
        body.path("scope").forEach(p -> scope.add(p.asString()));
        rooms.setConsent(e.roomId(), family, scope);
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
            case NOTE_POSTED, NOTE_EDITED -> readerWithHead = sender;
            case CONSENT_RECORDED -> consentRecorded(e);
            case CONSENT_WITHDRAWN -> rooms.withdrawConsent(roomId);
            case EMERGENCY_OPENED -> {
                JsonNode body = json.readTree(e.body());
                rooms.grantEmergency(roomId, body.path("userId").asString(),
                        java.time.Instant.parse(body.path("until").asString()));
            }
            case HOST_CHANGED -> rooms.setHost(roomId, json.readTree(e.body()).path("host").path("userId").asString());
            case ROOM_CLOSED -> {
                JsonNode body = json.readTree(e.body());
                JsonNode note = body.path("note");
                rooms.close(roomId, new Room.Closure(body.path("reason").asString(),
                        note.isString() ? note.asString() : null, java.time.LocalDate.parse(body.path("date").asString()),
                        e.ts(), java.time.Instant.parse(body.path("familyAccessUntil").asString()),
                        e.sender().organizationId(), null));
            }
            case ROOM_REOPENED -> rooms.reopen(roomId);
            // The room itself is marked purged by the retention service after this event is delivered.
            case ROOM_PURGED -> rooms.recordPurge(roomId, java.time.Instant.parse(json.readTree(e.body()).path("purgedAt").asString()));
            case ROOM_CREATED -> {
                // Nothing derived: the room document exists before its first event.
            }
            default -> {
                // Kinds owned by a feature (notes' state, photo rules, calendar.*): applied below.
            }
        }
        for (EventProjection feature : features) {
            feature.apply(e);
        }
        if (e.txnKey() != null) {
            txns.recordTxn(e.txnKey(), e.seq());
        }
        if (readerWithHead != null) {
            rooms.advanceHeadAndReadMarkerDerived(roomId, readerWithHead, e.seq(), e.notes(), e.ts());
        } else {
            rooms.advanceHead(roomId, e.seq(), e.notes(), e.ts());
        }
    }
}
