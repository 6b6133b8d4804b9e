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

    // ---- Visit calendar (issue 4); decided in AccessPolicy#decideCalendar.
    /** See a patient room's calendar with staff-only fields (notes for the visitor). */
    VIEW_CALENDAR,
    /** Add, change or cancel calendar items and single occurrences. */
    EDIT_CALENDAR,
    /** See the family view of a patient room's calendar: who comes when, no clinical fields. */
    VIEW_FAMILY_CALENDAR
}
