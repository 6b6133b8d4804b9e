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
    /** The room is archived and read-only. */
    ROOM_ARCHIVED(409, false, "The room is archived and read-only."),
    /** The since-seq is ahead of the room's latest event. */
    INVALID_SEQ(400, false, "The sequence number is ahead of the room's latest event."),

    // ---- Vacant-bed notices (issue 5) ----
    /** The notice does not exist, was withdrawn or has dropped off the board. */
    BED_NOTICE_NOT_FOUND(404, false, "The vacant-bed notice does not exist or is no longer on the board."),
    /** The inquiry does not exist, or your organisation is not a side of it (not distinguished). */
    BED_INQUIRY_NOT_FOUND(404, false, "The inquiry does not exist or is not yours."),
    /** The inquiry is not in a state that allows this step (e.g. confirming a released hold). */
    BED_INQUIRY_STATE(409, false, "The inquiry is not in a state that allows this step."),
    /** The notice has no bed left to hold or confirm. */
    NO_BEDS_LEFT(409, false, "No bed is left on this notice."),

    /** The server is overloaded or an internal error occurred. Nothing partial was stored; retry later. */
    UNAVAILABLE(503, true, "The service is temporarily unavailable. Please retry."),
    /** An unexpected server error. Nothing partial was stored. */
    INTERNAL(500, true, "An internal error occurred.");

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
