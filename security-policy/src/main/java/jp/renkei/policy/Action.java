package jp.renkei.policy;

/** What a user wants to do. Room actions need the room; creation actions do not. */
public enum Action {
    /** Read or subscribe to a room's staff timeline, including history and catch-up. */
    READ_TIMELINE,
    /** Receive one live event of a room's timeline (checked again at delivery). */
    RECEIVE_EVENT,
    /** Post a note. */
    POST_NOTE,
    /** Edit a note (adds a version). */
    EDIT_NOTE,
    /** Acknowledge a note (確認しました). */
    ACK_NOTE,
    /** Move one's read marker. */
    MARK_READ,
    /** See the member list and read markers. */
    VIEW_MEMBERS,
    /** Invite a user into the room. */
    INVITE_MEMBER,
    /** Remove another member. */
    REMOVE_MEMBER,
    /** Leave the room oneself. */
    LEAVE_ROOM,
    /** Create a patient room (患者グループ). */
    CREATE_PATIENT_ROOM,
    /** Create a network room (自由グループ) without patient data. */
    CREATE_NETWORK_ROOM,

    // --- Audit review (SP-AUD-04); rules in AccessPolicy#decideAuditReview ---
    /** Review the audit trail of an organisation's staff; the owner id is that organisation. */
    VIEW_AUDIT
}
