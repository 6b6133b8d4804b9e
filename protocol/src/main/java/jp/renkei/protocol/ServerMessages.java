package jp.renkei.protocol;

import java.util.List;

/**
 * Messages the server sends over STOMP. Every body is a JSON object whose {@code type} says which
 * message it is. Schemas: {@code schema/server-*.schema.json}.
 */
public final class ServerMessages {

    private ServerMessages() {
    }

    /**
     * A person as shown to other members.
     *
     * @param userId           user id
     * @param name             display name
     * @param profession       profession code, e.g. {@code nurse} (see the schema for the list)
     * @param organizationId   organisation id, or {@code null} for family members
     * @param organizationName organisation name, or {@code null}
     */
    public record Person(String userId, String name, String profession, String organizationId,
                         String organizationName) {
    }

    /**
     * A room event, on {@code /room/{roomId}} (live and catch-up) and in history pages.
     *
     * @param type    always {@code "event"}
     * @param roomId  the room
     * @param seq     the per-room sequence number, from 1, without gaps
     * @param eventId {@code {roomId}:{seq}}
     * @param kind    an {@link EventKind} wire value
     * @param sender  who caused it
     * @param ts      server time, ISO-8601 UTC with milliseconds
     * @param content kind-specific content
     */
    public record RoomEvent(String type, String roomId, long seq, String eventId, String kind, Person sender,
                            String ts, Object content) {
        public static RoomEvent of(String roomId, long seq, String kind, Person sender, String ts, Object content) {
            return new RoomEvent("event", roomId, seq, Ids.eventId(roomId, seq), kind, sender, ts, content);
        }
    }

    /** Content of {@code room.created}. {@code roomKind} is {@code patient} or {@code network}. */
    public record RoomCreated(String title, String roomKind) {
    }

    /** Content of {@code member.invited}: the new member and their role ({@code host} or {@code member}). */
    public record MemberJoined(Person member, String role) {
    }

    /** Content of {@code consent.recorded}: who consented, how, when, and the family members named. */
    public record ConsentRecorded(String consentedBy, String relationship, String method, String date,
                                  java.util.List<String> scope, java.util.List<String> familyUserIds) {
    }

    /** Content of {@code consent.withdrawn}: from this event on the room is frozen (read-only). */
    public record ConsentWithdrawn(String date) {
    }

    /** Content of {@code emergency.opened}: {@code userId} may read the room until {@code until}. */
    public record EmergencyOpened(String userId, String reason, String until) {
    }

    /** Content of {@code member.removed} and {@code member.left}. */
    public record MemberGone(String userId) {
    }

    /**
     * Content of {@code room.closed}: why care ended ({@code home_death}, {@code facility_admission},
     * {@code long_term_hospitalization}, {@code moved}, {@code other}), the free text given with {@code other}
     * (else {@code null}), the day care ended (ISO date, Japan), and until when the family keeps its view
     * (a timestamp; the closure time itself when access ends at once).
     */
    public record RoomClosed(String reason, String note, String date, String familyAccessUntil) {
    }

    /** Content of {@code room.reopened}: the family members whose access had ended and who were removed. */
    public record RoomReopened(java.util.List<String> familyRemoved) {
    }

    /** Content of {@code room.purged}: when, and that the room's content key is destroyed right after. */
    public record RoomPurged(String purgedAt) {
    }

    /** Content of {@code host.changed}: the former host and the member who is host now. */
    public record HostChanged(String previousHostUserId, Person host) {
    }

    /** Content of {@code note.posted}. {@code noteId} equals the event's {@code eventId}. */
    public record NotePosted(String noteId, Notes.NoteContent note) {
    }

    /** Content of {@code note.edited}: version 2 and up of the note. */
    public record NoteEdited(String noteId, int version, Notes.NoteContent note) {
    }

    /** Content of {@code note.acknowledged}. The acknowledging member is the event's sender. */
    public record NoteAcknowledged(String noteId) {
    }

    /**
     * A member's read marker moved (既読), on {@code /room/{roomId}}. Not a timeline event: it has
     * no sequence number and is not replayed on resume; the current markers are in the room detail.
     */
    public record Receipt(String type, String roomId, String userId, long readSeq) {
        public static Receipt of(String roomId, String userId, long readSeq) {
            return new Receipt("receipt", roomId, userId, readSeq);
        }
    }

    /**
     * The last message on a room subscription when access ends (removed, left, room closed); the
     * server sends nothing more on it.
     */
    public record Revoked(String type, String roomId, String reason) {
        public static Revoked of(String roomId, String reason) {
            return new Revoked("revoked", roomId, reason);
        }
    }

    /** A successful reply on {@code /me/replies}. {@code result} depends on the command. */
    public record OkReply(String type, String requestId, Object result) {
        public static OkReply of(String requestId, Object result) {
            return new OkReply("ok", requestId, result);
        }
    }

    /**
     * An error reply on {@code /me/replies}, or the body of an HTTP error.
     *
     * @param type       always {@code "error"}
     * @param requestId  the request's id ({@code null} if it had none)
     * @param code       an {@link ErrorCode} name
     * @param message    for people
     * @param reason     for {@link ErrorCode#FORBIDDEN}: the access policy's reason code, else {@code null}
     * @param violations for {@link ErrorCode#INVALID_FIELD}: what is wrong, else empty
     */
    public record ErrorReply(String type, String requestId, String code, String message, String reason,
                             List<Violation> violations) {
        public static ErrorReply of(String requestId, ErrorCode code, String message, String reason,
                                    List<Violation> violations) {
            return new ErrorReply("error", requestId, code.code(), message == null ? code.message() : message,
                    reason, violations == null ? List.of() : violations);
        }
    }

    /**
     * Result of a post or edit.
     *
     * @param roomId    the room
     * @param seq       the stored event's sequence number
     * @param eventId   the stored event's id (for a post, the new note's id)
     * @param duplicate {@code true} if this {@code txnId} was already stored and nothing new was written
     */
    public record Stored(String roomId, long seq, String eventId, boolean duplicate) {
    }

    /** Result of a subscription: the subscription is live; catch-up events (if any) follow. */
    public record Subscribed(String destination, long headSeq) {
    }

    /**
     * Activity in one of the user's rooms, on {@code /me/inbox}, so room lists stay current without
     * subscribing to every room.
     */
    public record RoomActivity(String type, String roomId, long headSeq, long unread, String lastActivity) {
        public static RoomActivity of(String roomId, long headSeq, long unread, String lastActivity) {
            return new RoomActivity("room.activity", roomId, headSeq, unread, lastActivity);
        }
    }

    /** On {@code /me/inbox}: the user gained ({@code room.added}) or lost ({@code room.removed}) a room. */
    public record RoomMembership(String type, String roomId) {
        public static RoomMembership added(String roomId) {
            return new RoomMembership("room.added", roomId);
        }

        public static RoomMembership removed(String roomId) {
            return new RoomMembership("room.removed", roomId);
        }
    }
}
