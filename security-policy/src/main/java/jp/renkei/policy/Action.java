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

    // --- Photos (branch photos; SP-CON-04). The room's photo consent flags are enforced by the server's
    // photo service on top of these rules.
    /** Upload a photo to attach to a note (写真). */
    UPLOAD_PHOTO,
    /** View or download a photo or its thumbnail (each view is audited). */
    VIEW_PHOTO,
    /** Record the room's photo rules (photos allowed, photos showing faces allowed). */
    SET_PHOTO_RULES
}
