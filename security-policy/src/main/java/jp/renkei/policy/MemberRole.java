package jp.renkei.policy;

/** A member's role in a room. */
public enum MemberRole {
    /** 連携ホスト: created the room, controls membership (SP-AUTHZ-02). */
    HOST,
    /** An invited member. */
    MEMBER;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
