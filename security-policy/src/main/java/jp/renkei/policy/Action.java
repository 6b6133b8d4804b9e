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

    // ---- Staff administration (issue 3, SP-AUTH-05, SP-AUTHZ-05). Not room actions: decided by
    // AccessPolicy#decideStaff with the target account's organisation.
    /** List an organisation's staff, register staff, issue enrolment and reset links (施設管理者). */
    MANAGE_STAFF,
    /** Offboard a leaver (退職処理): disable the account, end sessions and memberships. */
    OFFBOARD_USER
}
