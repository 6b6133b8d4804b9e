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
    /** {@code _id} = {@code roomId:seq}; the immutable room events ("a page of history" is one $in). */
    public static final String EVENTS = "events";
    /** {@code _id} = {@code roomId|userId|txnId}; which event a client's transaction produced. */
    public static final String TXNS = "txns";
    /** {@code _id} = note id; the author and current version of each note. */
    public static final String NOTE_HEADS = "note_heads";
    /** {@code _id} = {@code noteId|userId}; one acknowledgement per user and note. */
    public static final String ACKS = "acks";

    // ---- Vacant-bed notices (issue 5). The board is small (a city has about 80 clinics with beds), so
    // BedService keeps it in memory and reads the collections whole only at startup.
    /** {@code _id} = notice id ({@code bn-…}); one vacant-bed notice. */
    public static final String BED_NOTICES = "bed_notices";
    /** {@code _id} = inquiry id ({@code bq-…}); one inquiry with its whole exchange. */
    public static final String BED_INQUIRIES = "bed_inquiries";
    /** {@code _id} = clinic organisation id; counters of notices published and holds confirmed/expired. */
    public static final String BED_COUNTERS = "bed_counters";

    private Collections() {
    }
}
