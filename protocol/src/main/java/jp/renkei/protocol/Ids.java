package jp.renkei.protocol;

import java.util.regex.Pattern;

/**
 * Identifier formats. Ids are opaque to clients, but their shape is fixed so that malformed or forged
 * ids are refused before they reach storage.
 *
 * <ul>
 *   <li>room id: {@code r-} and 6 to 40 letters, digits or {@code -}</li>
 *   <li>user id: {@code u-} and 1 to 40 letters, digits or {@code -}</li>
 *   <li>organisation id: {@code o-} and 1 to 40 letters, digits or {@code -}</li>
 *   <li>event id: {@code {roomId}:{seq}}; a note's id is the event id of the event that posted it</li>
 *   <li>client ids ({@code txnId}, {@code request-id}): 1 to 64 printable ASCII characters, no spaces</li>
 * </ul>
 */
public final class Ids {

    private static final Pattern PHOTO = Pattern.compile("p-[0-9a-f]{24}");
    private static final Pattern ROOM = Pattern.compile("r-[A-Za-z0-9-]{6,40}");
    private static final Pattern USER = Pattern.compile("u-[A-Za-z0-9-]{1,40}");
    private static final Pattern ORG = Pattern.compile("o-[A-Za-z0-9-]{1,40}");
    private static final Pattern CLIENT = Pattern.compile("[\\x21-\\x7E]{1," + Limits.MAX_CLIENT_ID + "}");

    private Ids() {
    }

    /** A photo id: {@code p-} and 24 lower-case hex digits (branch photos). */
    public static boolean isValidPhotoId(String id) {
        return id != null && PHOTO.matcher(id).matches();
    }

    public static boolean isValidRoomId(String id) {
        return id != null && ROOM.matcher(id).matches();
    }

    public static boolean isValidUserId(String id) {
        return id != null && USER.matcher(id).matches();
    }

    public static boolean isValidOrganizationId(String id) {
        return id != null && ORG.matcher(id).matches();
    }

    public static boolean isValidClientId(String id) {
        return id != null && CLIENT.matcher(id).matches();
    }

    /**
     * Whether {@code id} has the shape of an event id ({@code {roomId}:{seq}}, seq canonical decimal of at
     * most 18 digits), whichever room it names.
     */
    public static boolean isValidEventIdShape(String id) {
        int colon = id == null ? -1 : id.lastIndexOf(':');
        return colon > 0 && isValidRoomId(id.substring(0, colon)) && seqOf(id.substring(0, colon), id) > 0;
    }

    /** The event id of sequence {@code seq} in a room. */
    public static String eventId(String roomId, long seq) {
        return roomId + ":" + seq;
    }

    /**
     * The sequence number inside an event id of the given room, or {@code -1} if the id does not
     * name an event of that room.
     */
    public static long seqOf(String roomId, String eventId) {
        if (eventId == null || roomId == null || !eventId.startsWith(roomId + ":")) {
            return -1;
        }
        String digits = eventId.substring(roomId.length() + 1);
        if (digits.isEmpty() || digits.length() > 18 || digits.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        long seq = Long.parseLong(digits);
        return seq >= 1 ? seq : -1;
    }
}
