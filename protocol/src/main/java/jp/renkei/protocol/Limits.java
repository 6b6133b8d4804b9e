package jp.renkei.protocol;

/**
 * Size limits the server enforces. Anything larger is refused with {@link ErrorCode#TOO_LARGE} or
 * {@link ErrorCode#INVALID_FIELD}; nothing already stored is affected.
 */
public final class Limits {

    /** Largest inbound STOMP frame or WebSocket message, in bytes. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    /** Largest HTTP JSON request body, in bytes. */
    public static final int MAX_HTTP_BODY_BYTES = 64 * 1024;

    /** Longest free text of a note, in characters (Unicode code points, as JSON Schema counts). */
    public static final int MAX_NOTE_TEXT = 4000;

    /** Longest text of one structured visit-note field, in characters (code points). */
    public static final int MAX_VISIT_FIELD = 1000;

    /** Most users mentioned in one note. */
    public static final int MAX_MENTIONS = 20;

    /** Longest client-chosen id ({@code txnId}, {@code request-id}). */
    public static final int MAX_CLIENT_ID = 64;

    /** Longest room title. */
    public static final int MAX_TITLE = 100;

    /** Most events one history page returns. */
    public static final int MAX_PAGE = 100;

    /** Most members of one room. */
    public static final int MAX_MEMBERS = 200;

    // --- Photos (branch photos) ---
    /** Largest photo upload, in bytes (the one exception to {@link #MAX_HTTP_BODY_BYTES}). */
    public static final int MAX_PHOTO_BYTES = 10 * 1024 * 1024;

    /** Largest width or height of an uploaded photo, in pixels (read from the header, before decoding). */
    public static final int MAX_PHOTO_SIDE = 8000;

    /** Most pixels of an uploaded photo (refuses decompression bombs before decoding). */
    public static final int MAX_PHOTO_PIXELS = 40_000_000;

    /** Most photos attached to one note. */
    public static final int MAX_PHOTOS_PER_NOTE = 10;

    private Limits() {
    }
}
