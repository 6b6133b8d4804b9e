package jp.renkei.protocol;

/**
 * Where things live: the WebSocket endpoint, STOMP destinations and headers.
 *
 * <p>Commands are STOMP {@code SEND} frames to an {@code /app/...} destination with a JSON body and a
 * {@value #HEADER_REQUEST_ID} header; the server answers each on {@value #ME_REPLIES} with an
 * {@code ok} or {@code error} reply carrying the same request id. Room timelines and personal
 * notifications are STOMP subscriptions.
 */
public final class Destinations {

    /** WebSocket endpoint (STOMP 1.2 over WebSocket), same origin as the web client. */
    public static final String WEBSOCKET_ENDPOINT = "/ws";

    /** Prefix of every command destination. */
    public static final String APP_PREFIX = "/app";

    /** Post a note to a room. Body: {@link Commands.PostNote}. Idempotent by {@code txnId}. */
    public static final String POST_NOTE = "/app/notes.post";

    /** Edit one's own note; adds a version, the original stays readable. Body: {@link Commands.EditNote}. */
    public static final String EDIT_NOTE = "/app/notes.edit";

    /** Acknowledge a note (確認しました). Body: {@link Commands.AckNote}. Idempotent per user and note. */
    public static final String ACK_NOTE = "/app/notes.ack";

    /** Move one's read marker (既読) forward. Body: {@link Commands.MarkRead}. */
    public static final String MARK_READ = "/app/rooms.read";

    /** This session's replies to its commands and subscriptions. Subscribe to it first. */
    public static final String ME_REPLIES = "/me/replies";

    /** This user's notifications: rooms added or removed, activity in rooms for unread counts. */
    public static final String ME_INBOX = "/me/inbox";

    /** Prefix of a room's timeline: {@code /room/{roomId}}. */
    public static final String ROOM_PREFIX = "/room/";

    /**
     * Prefix of a room's family view: {@code /family/{roomId}} carries calendar changes only, with
     * family-safe fields (never notes for the visitor). The only live destination family members may
     * subscribe to (SP-AUTHZ-03).
     */
    public static final String FAMILY_PREFIX = "/family/";

    /** Correlates a command or subscription with its reply. 1 to 64 characters. */
    public static final String HEADER_REQUEST_ID = "request-id";

    /**
     * On a room subscription: the last sequence number the client has seen. The server first sends
     * every event after it, in order, then live events, each exactly once. Absent: live events only.
     */
    public static final String HEADER_SINCE_SEQ = "since-seq";

    /** Header carrying the room event's sequence number on every room MESSAGE frame. */
    public static final String HEADER_SEQ = "seq";

    /** CSRF token header required on the STOMP CONNECT frame and on unsafe HTTP requests. */
    public static final String HEADER_CSRF = "X-CSRF-TOKEN";

    // ---- Vacant-bed notices (空床情報, issue 5) ----

    /**
     * The live bed board: {@code bed.notice} messages for notices published, changed, withdrawn or gone
     * stale that match the subscription's filter headers ({@value #HEADER_BED_AREA},
     * {@value #HEADER_BED_TYPE}, {@value #HEADER_BED_ACCEPTS}). Discharge offices and clinics with beds.
     */
    public static final String BED_BOARD = "/beds/board";

    /** {@code bed.inquiry} messages for every inquiry of the user's organisation (either side). */
    public static final String BED_INQUIRIES = "/beds/inquiries";

    /** Board filter: only notices of this area (e.g. 北区). */
    public static final String HEADER_BED_AREA = "area";

    /** Board filter: only this bed type (e.g. {@code respite}). */
    public static final String HEADER_BED_TYPE = "bed-type";

    /** Board filter: comma-separated capabilities the notice must all accept (e.g. {@code oxygen,suction}). */
    public static final String HEADER_BED_ACCEPTS = "accepts";

    // ---- Admission and discharge handoff (入退院時の情報提供) ----

    /**
     * {@code handoff.changed} messages (ids and states only) for every sheet the user's office sent or
     * received, as it changes: the inbox refreshes from them.
     */
    public static final String HANDOFFS = "/handoffs";

    private Destinations() {
    }

    /** The timeline destination of a room. */
    public static String room(String roomId) {
        return ROOM_PREFIX + roomId;
    }

    /** The family-view destination of a room. */
    public static String family(String roomId) {
        return FAMILY_PREFIX + roomId;
    }

    /** The room id of a family-view destination, or {@code null} if the destination is not one. */
    public static String familyRoomIdOf(String destination) {
        if (destination == null || !destination.startsWith(FAMILY_PREFIX)) {
            return null;
        }
        String id = destination.substring(FAMILY_PREFIX.length());
        return Ids.isValidRoomId(id) ? id : null;
    }

    /** The room id of a timeline destination, or {@code null} if the destination is not one. */
    public static String roomIdOf(String destination) {
        if (destination == null || !destination.startsWith(ROOM_PREFIX)) {
            return null;
        }
        String id = destination.substring(ROOM_PREFIX.length());
        return Ids.isValidRoomId(id) ? id : null;
    }
}
