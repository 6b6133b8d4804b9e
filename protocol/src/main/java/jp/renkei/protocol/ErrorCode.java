package jp.renkei.protocol;

/**
 * Every error the server reports, on HTTP (as the JSON body {@code {"code", "message"}} with the given
 * status) and on STOMP (as an {@code error} reply on {@link Destinations#ME_REPLIES}).
 *
 * <p>The {@link #code()} strings are stable; the messages are for people and may change. A client
 * decides what to do from the code alone: {@link #retryable()} says whether sending the same request
 * again may succeed.
 */
public enum ErrorCode {

    /** The body is not valid JSON, or not a JSON object. */
    MALFORMED_JSON(400, false, "The message body is not a valid JSON object."),
    /** The STOMP frame could not be parsed. The connection stays open. */
    MALFORMED_FRAME(400, false, "The STOMP frame could not be parsed."),
    /**
     * A STOMP frame Renkei does not support ({@code BEGIN}, {@code COMMIT}, {@code ABORT}, {@code ACK},
     * {@code NACK}): sent as an ERROR frame's {@code code} header; the connection then closes.
     */
    UNSUPPORTED_FRAME(400, false, "This STOMP frame is not supported."),
    /** A field is missing, has the wrong type, or is out of range; {@code violations} says which. */
    INVALID_FIELD(400, false, "One or more fields are invalid."),
    /** The frame, body or a field is larger than the limits in {@link Limits}. */
    TOO_LARGE(413, false, "The message is larger than allowed."),
    /** The command destination does not exist. */
    UNKNOWN_DESTINATION(404, false, "There is no such destination."),
    /** A required {@code request-id} header is missing or malformed. */
    MISSING_REQUEST_ID(400, false, "The request-id header is missing or malformed."),

    /** Not logged in, or the session has ended. Log in again. */
    UNAUTHENTICATED(401, false, "Authentication is required."),
    /** Login failed. Deliberately the same for unknown users and wrong passwords (SP-AUTH-04). */
    AUTH_FAILED(401, false, "Authentication failed."),
    /**
     * The session is locked (SP-AUTH-06): a session on a registered device (signed in with a passkey)
     * that was idle for the lock delay, or that the client locked. Only the unlock step, the session
     * endpoint and logout answer; unlock with the passkey ({@code POST /api/session/unlock}).
     */
    SESSION_LOCKED(423, false, "The session is locked. Unlock it with your passkey."),
    /** Logged in, but the access policy does not allow this; {@code reason} gives the policy's reason code. */
    FORBIDDEN(403, false, "You are not allowed to do this."),
    /** The room does not exist, or you are not a member of it (the two are not distinguished). */
    ROOM_NOT_FOUND(404, false, "The room does not exist or you are not a member."),
    /** The note does not exist in this room. */
    NOTE_NOT_FOUND(404, false, "The note does not exist in this room."),
    /** The user does not exist. */
    USER_NOT_FOUND(404, false, "The user does not exist."),
    /** The user is already a member of the room. */
    ALREADY_MEMBER(409, false, "The user is already a member of this room."),
    /** The edit was based on an older version of the note than the current one. */
    STALE_VERSION(409, false, "The note has changed since you loaded it."),
    /** The resource (e.g. an emergency-access grant) does not exist or is not yours to see. */
    NOT_FOUND(404, false, "The resource does not exist."),
    /** The room is archived and read-only. */
    ROOM_ARCHIVED(409, false, "The room is archived and read-only."),
    /** Care has ended: the room is closed and read-only; reading and read markers still work (SP-RET-02). */
    ROOM_CLOSED(409, false, "Care has ended: the room is closed and read-only."),
    /** Only a closed room can be reopened. */
    ROOM_NOT_CLOSED(409, false, "The room is not closed."),
    /** The patient room holds no clinical content until the patient's consent is recorded (SP-CON-01). */
    CONSENT_REQUIRED(409, false, "The patient's consent must be recorded first."),
    /**
     * A consent whose scope leaves out professions of members still in the room (SP-CON-01);
     * {@code violations} names them ({@code members.<userId>}, {@code outside_scope}). Remove them first.
     */
    CONSENT_SCOPE_CONFLICT(409, false, "Members outside the consent's scope are still in the room."),
    /** The since-seq is ahead of the room's latest event. */
    INVALID_SEQ(400, false, "The sequence number is ahead of the room's latest event."),

    // ---- Visit calendar (issue 4).
    /** The recurrence rule (RRULE) cannot be parsed, is not supported, or is out of range; {@code violations} says how. */
    INVALID_RECURRENCE(400, false, "The recurrence rule is invalid or not supported."),
    /** The end is not after the start, a visit is longer than 24 hours, or a time is out of range. */
    INVALID_TIME_RANGE(400, false, "The start and end times are invalid."),
    /** The requested range is empty or longer than the limit. */
    RANGE_TOO_LARGE(400, false, "The requested date range is invalid or too long."),
    /** The calendar item does not exist in this room, or was cancelled. */
    CALENDAR_ITEM_NOT_FOUND(404, false, "The calendar item does not exist in this room."),
    /** The occurrence is not one of the item's occurrences. */
    OCCURRENCE_NOT_FOUND(404, false, "The item has no occurrence at that time."),
    /** The calendar feed address is unknown or was revoked. */
    FEED_NOT_FOUND(404, false, "The calendar feed does not exist."),
    /** Too many requests in a short time; retry later. */
    RATE_LIMITED(429, true, "Too many requests. Please retry later."),
    // ---- Vacant-bed notices (issue 5) ----
    /** The notice does not exist, was withdrawn or has dropped off the board. */
    BED_NOTICE_NOT_FOUND(404, false, "The vacant-bed notice does not exist or is no longer on the board."),
    /** The inquiry does not exist, or your organisation is not a side of it (not distinguished). */
    BED_INQUIRY_NOT_FOUND(404, false, "The inquiry does not exist or is not yours."),
    /** The inquiry is not in a state that allows this step (e.g. confirming a released hold). */
    BED_INQUIRY_STATE(409, false, "The inquiry is not in a state that allows this step."),
    /** The notice has no bed left to hold or confirm. */
    NO_BEDS_LEFT(409, false, "No bed is left on this notice."),
    /** A handoff sheet's state does not allow this step (e.g. acknowledging a draft, answering twice). */
    HANDOFF_STATE(409, false, "The handoff sheet is not in a state that allows this step."),

    /** The server is overloaded or an internal error occurred. Nothing partial was stored; retry later. */
    UNAVAILABLE(503, true, "The service is temporarily unavailable. Please retry."),
    /** An unexpected server error. Nothing partial was stored. */
    INTERNAL(500, true, "An internal error occurred."),
    /**
     * The server's storage is full (or below its safety margin): the write was refused and nothing was
     * stored; everything acknowledged before is kept. Reads still work. Retry later; the server
     * accepts writes again by itself once space is freed.
     */
    STORAGE_FULL(507, true, "The server's storage is full; nothing was stored. Please retry later."),

    // --- Encryption at rest and photos (branch photos; SP-CRY-01, SP-RET-03, SP-CON-04) ---
    /** The room's content was purged by destroying its key (crypto-shredding): it can never be read again. */
    CONTENT_DESTROYED(410, false, "This content has been deleted for good."),
    /** Stored content failed its integrity check or its key cannot be unwrapped (wrong master key). */
    CONTENT_UNREADABLE(500, false, "Stored content cannot be read."),
    /** The upload is not an image of a supported type (JPEG, PNG), whatever its name says. */
    UNSUPPORTED_IMAGE(415, false, "The file is not a supported image (JPEG or PNG)."),
    /** The image is truncated or damaged and cannot be decoded. */
    IMAGE_DAMAGED(400, false, "The image is damaged or incomplete."),
    /** The image's width, height or pixel count is over the limits (also refuses decompression bombs). */
    IMAGE_TOO_LARGE(413, false, "The image has too many pixels."),
    /** The photo does not exist in this room. */
    PHOTO_NOT_FOUND(404, false, "The photo does not exist in this room."),
    /** The room's photo setting does not allow this photo (no photos, or no photos showing faces). */
    PHOTO_NOT_ALLOWED(403, false, "Photos of this kind are not allowed in this room."),
    /** The photo link has expired or its signature is wrong; ask for a new link. */
    PHOTO_LINK_INVALID(403, false, "The photo link has expired or is invalid.");

    private final int httpStatus;
    private final boolean retryable;
    private final String message;

    ErrorCode(int httpStatus, boolean retryable, String message) {
        this.httpStatus = httpStatus;
        this.retryable = retryable;
        this.message = message;
    }

    /** The stable code string, the enum constant's name. */
    public String code() {
        return name();
    }

    /** The HTTP status used when the error is reported over HTTP. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether sending the same request again (with the same ids) may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** A default English message for people. */
    public String message() {
        return message;
    }
}
