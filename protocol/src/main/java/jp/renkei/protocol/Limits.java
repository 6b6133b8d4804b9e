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
    /** The free text given with a closure of reason {@code other} (code points). */
    public static final int MAX_CLOSURE_NOTE = 200;
    /** Rooms one purge confirmation may name. */
    public static final int MAX_PURGE_BATCH = 100;

    /** Maximum characters of a representative's relationship (続柄) in a consent record. */
    public static final int MAX_RELATIONSHIP = 20;

    /** Maximum family members one consent record names. */
    public static final int MAX_CONSENT_FAMILY = 10;

    /** Maximum characters of a break-the-glass reason. */
    public static final int MAX_EMERGENCY_REASON = 200;

    /** Longest break-the-glass grant, in minutes (SP-AUTHZ-04: at most 4 hours). */
    public static final int MAX_EMERGENCY_MINUTES = 240;

    /** Most events one history page returns. */
    public static final int MAX_PAGE = 100;

    /** Most members of one room. */
    public static final int MAX_MEMBERS = 200;

    // ---- Visit calendar (issue 4).
    /** Most calendar items (not cancelled) in one room. */
    public static final int MAX_CALENDAR_ITEMS = 300;
    /** Most changed or cancelled occurrences of one item. */
    public static final int MAX_CALENDAR_EXCEPTIONS = 200;
    /** Longest range of one calendar or agenda query, in days. */
    public static final int MAX_CALENDAR_RANGE_DAYS = 62;
    /** Longest visit or event, in hours. */
    public static final int MAX_VISIT_HOURS = 24;
    /** Longest recurrence rule (RRULE value), in characters. */
    public static final int MAX_RRULE = 200;
    /** Largest COUNT of a recurrence rule. */
    public static final int MAX_RECURRENCE_COUNT = 730;
    /** Latest UNTIL of a recurrence rule, and latest start of an item, in years after today. */
    public static final int MAX_CALENDAR_YEARS = 5;
    /** Longest organisation name on a calendar item, in characters. */
    public static final int MAX_CALENDAR_ORGANIZATION = 60;
    /** Longest note for the visitor (staff only), in characters. */
    public static final int MAX_VISITOR_NOTE = 1000;
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
