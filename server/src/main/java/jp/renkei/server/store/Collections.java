package jp.renkei.server.store;

/**
 * Collection names, and why each document's {@code _id} is what it is.
 *
 * <p>Every hot read is a lookup by {@code _id}: on the embedded server only {@code _id} is indexed,
 * and on a sharded cluster an {@code _id} (or its room-id prefix) routes the read to one shard.
 */
public final class Collections {

    /** {@code _id} = organisation id. */
    public static final String ORGANIZATIONS = "organizations";
    /** {@code _id} = user id. */
    public static final String USERS = "users";
    /** {@code _id} = lower-case login id; maps a login to its user (one account per login, SP-AUTH-01). */
    public static final String LOGINS = "logins";
    /** {@code _id} = room id; the room with its current members, their read markers and the log head. */
    public static final String ROOMS = "rooms";
    /** {@code _id} = user id; the ids of the user's rooms ("a user's rooms" is one lookup). */
    public static final String USER_ROOMS = "user_rooms";
    /** Closed rooms for the retention due list; {@code _id} = room id (SP-RET-01). */
    public static final String ROOM_CLOSURES = "room_closures";
    /** {@code _id} = {@code roomId:seq}; the immutable room events ("a page of history" is one $in). */
    public static final String EVENTS = "events";
    /** {@code _id} = {@code roomId|userId|txnId}; which event a client's transaction produced. */
    public static final String TXNS = "txns";
    /** {@code _id} = note id; the author and current version of each note. */
    public static final String NOTE_HEADS = "note_heads";
    /** {@code _id} = {@code noteId|userId}; one acknowledgement per user and note. */
    public static final String ACKS = "acks";

    // --- Audit trail (SP-AUD-01/02) ---
    /** {@code _id} = {@code node:seq} (12-digit seq); the hash-chained, append-only audit records. */
    public static final String AUDIT = "audit";
    /** {@code _id} = {@code node:n} (12-digit n); Ed25519-signed checkpoints of the audit chain. */
    public static final String AUDIT_CHECKPOINTS = "audit_checkpoints";
    /**
     * One document per audit chain ({@code _id} = node id), overwritten by a journaled write to seal audit
     * entries written without waiting for the journal (AuditTrail); the only audit-side collection the
     * application updates.
     */
    public static final String AUDIT_SYNC = "audit_sync";
    // ---- Visit calendar.
    /** {@code _id} = room id; the room's calendar items, derived from its log (one lookup per room). */
    public static final String CALENDARS = "calendars";
    /** {@code _id} = SHA-256 of a feed secret (hex); which user the calendar feed belongs to. */
    public static final String CALENDAR_FEEDS = "calendar_feeds";
    /** {@code _id} = user id; the hash of the user's current feed secret, to revoke it. */
    public static final String CALENDAR_FEED_OWNERS = "calendar_feed_owners";
    // --- Encryption at rest and photos ---
    /** {@code _id} = room id; the room's data key wrapped under the master key, or a shredding tombstone. */
    public static final String ROOM_KEYS = "room_keys";
    /** {@code _id} = photo id; a photo's metadata (room, uploader, type, size, attached note). */
    public static final String PHOTOS = "photos";
    /** {@code _id} = {@code photoId:variant:n}; encrypted chunks of a photo's image and thumbnail. */
    public static final String PHOTO_CHUNKS = "photo_chunks";
    /** {@code _id} = room id; the room's photo setting (SP-CON-04), derived from its log. */
    public static final String PHOTO_SETTINGS = "photo_settings";
    // ---- Authentication ----
    /** {@code _id} = user id; second factors (TOTP secret, last used step) and password history. */
    public static final String CREDENTIALS = "credentials";
    /** {@code _id} = normalised login id (known or not); recent failures and lockout (SP-AUTH-04). */
    public static final String LOGIN_ATTEMPTS = "login_attempts";
    /** {@code _id} = user id; the one open enrolment or reset link, its token hashed (SP-AUTH-05). */
    public static final String ENROLMENT_LINKS = "enrolment_links";
    // ---- Passkeys ----
    /** {@code _id} = {@code h:<user handle>} or {@code n:<user id>}; the WebAuthn user entity, findable both ways. */
    public static final String WEBAUTHN_USERS = "webauthn_users";
    /** {@code _id} = {@code c:<credential id>} (one passkey) or {@code u:<user handle>} (the ids of a user's passkeys). */
    public static final String WEBAUTHN_CREDENTIALS = "webauthn_credentials";
    // ---- Vacant-bed notices. The board is small (a city has about 80 clinics with beds), so
    // BedService keeps it in memory and reads the collections whole only at startup.
    /** {@code _id} = notice id ({@code bn-…}); one vacant-bed notice. */
    public static final String BED_NOTICES = "bed_notices";
    /** {@code _id} = inquiry id ({@code bq-…}); one inquiry with its whole exchange. */
    public static final String BED_INQUIRIES = "bed_inquiries";
    /** {@code _id} = clinic organisation id; counters of notices published and holds confirmed/expired. */
    public static final String BED_COUNTERS = "bed_counters";
    // ---- Consultation desk (相談窓口). DeskService keeps each case's plain facts (desk, month, categories,
    // status, due dates) in memory, read whole at startup; contents are read by _id.
    /** {@code _id} = case id ({@code dc-…}); the case's current version: plain facts and sealed contents. */
    public static final String DESK_CASES = "desk_cases";
    /** {@code _id} = {@code caseId:version} (6-digit version); each change of a case, never overwritten. */
    public static final String DESK_CASE_EVENTS = "desk_case_events";
    /** {@code _id} = category id; the consultation categories (names change, ids never). */
    public static final String DESK_CATEGORIES = "desk_categories";

    private Collections() {
    }
}
