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

    // ---- Vacant-bed notices (空床情報, issue 5). No room: decided by AccessPolicy.decideBeds from the
    // subject's organisation, the notice's clinic and the inquiring office.

    /** Publish a vacant-bed notice (staff of a 有床診療所). */
    PUBLISH_BED_NOTICE,
    /** Update or withdraw a notice of one's own clinic. */
    MANAGE_BED_NOTICE,
    /** See the bed board: HTTP list, STOMP subscription, each live delivery, FHIR/EDXL export. */
    VIEW_BED_BOARD,
    /** Send an inquiry (照会) on a notice with a de-identified summary (a 地域連携室). */
    SEND_BED_INQUIRY,
    /** Answer an inquiry (受入可 / 受入不可 / 要相談): the notice's clinic. */
    ANSWER_BED_INQUIRY,
    /** Place a hold (仮押さえ) on an accepted inquiry and confirm it: the inquiring office. */
    HOLD_BED,
    /** Release a hold: either side of the inquiry. */
    RELEASE_BED_HOLD,
    /** See an inquiry and its whole exchange: either side. */
    VIEW_BED_INQUIRY,
    /** See the bed-board numbers per clinic and region. */
    VIEW_BED_METRICS
}
