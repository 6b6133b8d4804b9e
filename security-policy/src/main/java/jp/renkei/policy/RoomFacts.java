package jp.renkei.policy;

import java.util.Objects;

/**
 * What the policy needs to know about a room, as seen by one subject.
 *
 * @param roomId     the room
 * @param kind       patient or network room
 * @param archived   whether the room is a read-only archive (SP-RET-02)
 * @param memberRole the subject's current role in the room, or {@code null} if not a member now
 */
public record RoomFacts(String roomId, RoomKind kind, boolean archived, MemberRole memberRole) {
    public RoomFacts {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(kind, "kind");
    }

    /** Whether the subject is a current member. */
    public boolean isMember() {
        return memberRole != null;
    }
}
