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

    // ---- Authentication (issue 3) ----
    /** {@code _id} = user id; second factors (TOTP secret, last used step) and password history. */
    public static final String CREDENTIALS = "credentials";
    /** {@code _id} = normalised login id (known or not); recent failures and lockout (SP-AUTH-04). */
    public static final String LOGIN_ATTEMPTS = "login_attempts";
    /** {@code _id} = user id; the one open enrolment or reset link, its token hashed (SP-AUTH-05). */
    public static final String ENROLMENT_LINKS = "enrolment_links";

    private Collections() {
    }
}
