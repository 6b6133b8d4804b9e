package jp.renkei.policy;

import java.util.Objects;

/**
 * The room as one subject sees it now.
 *
 * @param roomId            the room
 * @param kind              patient or network room
 * @param archived          whether the room is read-only (archived, closed, or frozen after consent was withdrawn)
 * @param memberRole        the subject's role, or {@code null} if the subject is not a member
 * @param consent           whether the patient's consent is recorded and in force (SP-CON-01); for network
 *                          rooms, which hold no patient data, this is not consulted
 * @param emergency         whether the subject holds a live break-the-glass grant on this room (SP-AUTHZ-04)
 * @param closed            whether care has ended and the room was closed (SP-RET-02)
 * @param purged            whether the room's content was purged (SP-RET-03)
 * @param familyAccessEnded whether the room is closed and the family's access period has passed (SP-RET-02)
 */
public record RoomFacts(String roomId, RoomKind kind, boolean archived, MemberRole memberRole, boolean consent,
                        boolean emergency, boolean closed, boolean purged, boolean familyAccessEnded) {
    public RoomFacts {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(kind, "kind");
    }

    /** A room that is not closed. */
    public RoomFacts(String roomId, RoomKind kind, boolean archived, MemberRole memberRole, boolean consent,
                     boolean emergency) {
        this(roomId, kind, archived, memberRole, consent, emergency, false, false, false);
    }

    /** A room without recorded consent and without an emergency grant (deny by default). */
    public RoomFacts(String roomId, RoomKind kind, boolean archived, MemberRole memberRole) {
        this(roomId, kind, archived, memberRole, false, false);
    }

    /** Whether the subject is a member of the room now. */
    public boolean isMember() {
        return memberRole != null;
    }
}
