package jp.renkei.policy;

/**
 * What a subject asks to do. Each action names the {@link Resource} it touches, so the policy file,
 * the audit trail and the generated documentation can group actions by resource.
 */
public enum Action {
    /** Read the room's staff timeline (history pages, SUBSCRIBE). */
    READ_TIMELINE(Resource.NOTE),
    /** Receive one event of the staff timeline (checked at each delivery). */
    RECEIVE_EVENT(Resource.NOTE),
    /** Post a note. */
    POST_NOTE(Resource.NOTE),
    /** Add a version to a note. */
    EDIT_NOTE(Resource.NOTE),
    /** Acknowledge a note (確認しました). */
    ACK_NOTE(Resource.NOTE),
    /** Move one's own read marker. */
    MARK_READ(Resource.NOTE),
    /** See who is in the room. */
    VIEW_MEMBERS(Resource.MEMBER_LIST),
    /** Invite someone into the room. */
    INVITE_MEMBER(Resource.MEMBER_LIST),
    /** Remove a member from the room. */
    REMOVE_MEMBER(Resource.MEMBER_LIST),
    /** Leave the room oneself. */
    LEAVE_ROOM(Resource.MEMBER_LIST),
    /** Open a live (STOMP) connection: asked at CONNECT. */
    CONNECT_LIVE(Resource.ACCOUNT),
    /** Open a patient room. */
    CREATE_PATIENT_ROOM(Resource.ROOM),
    /** Open a network room (no patient data). */
    CREATE_NETWORK_ROOM(Resource.ROOM),
    /** Record the patient's consent for the room (SP-CON-01). */
    RECORD_CONSENT(Resource.CONSENT),
    /** Record that consent was withdrawn: the room is frozen (SP-CON-01). */
    WITHDRAW_CONSENT(Resource.CONSENT),
    /** Break the glass: time-limited, read-only access to a patient room one is not a member of (SP-AUTHZ-04). */
    EMERGENCY_OPEN(Resource.ROOM),
    /** Review a break-the-glass grant of one's own staff (SP-AUTHZ-04, SP-AUD-04); the target is the grantee. */
    REVIEW_EMERGENCY_ACCESS(Resource.AUDIT_LOG),
    /** See a patient room's calendar with staff-only fields (notes for the visitor). */
    VIEW_CALENDAR(Resource.CALENDAR),
    /** Add, change or cancel calendar items and single occurrences. */
    EDIT_CALENDAR(Resource.CALENDAR),
    /** See the family view of a patient room's calendar: who comes when, no clinical fields. */
    VIEW_FAMILY_CALENDAR(Resource.CALENDAR),
    /** Upload a photo into a room (to attach to a note), within the room's photo rules (SP-CON-04). */
    UPLOAD_PHOTO(Resource.PHOTO),
    /** View or download a photo of the room. */
    VIEW_PHOTO(Resource.PHOTO),
    /** Set whether the room allows photos, and photos showing faces (SP-CON-04). */
    SET_PHOTO_RULES(Resource.PHOTO),
    /** List, register or reset staff accounts of an organisation (SP-AUTHZ-05); the target is that organisation. */
    MANAGE_STAFF(Resource.ACCOUNT),
    /** Offboard a leaver (SP-AUTHZ-05); the target is the leaver's organisation. */
    OFFBOARD_USER(Resource.ACCOUNT),
    // ---- Vacant-bed notices (空床情報): facility-level data only (SP-CON-03). The target names the notice's
    // clinic (organizationId) and, for an inquiry, the inquiring office (partyOrganizationId).
    /** Publish a vacant-bed notice. */
    PUBLISH_BED_NOTICE(Resource.BED_NOTICE),
    /** Update or withdraw one's clinic's notice. */
    MANAGE_BED_NOTICE(Resource.BED_NOTICE),
    /** See the live board and subscribe to it. */
    VIEW_BED_BOARD(Resource.BED_NOTICE),
    /** Send an inquiry on a notice (de-identified summary). */
    SEND_BED_INQUIRY(Resource.BED_NOTICE),
    /** Answer an inquiry on one's clinic's notice (accept / decline / discuss). */
    ANSWER_BED_INQUIRY(Resource.BED_NOTICE),
    /** Hold or confirm an accepted inquiry's bed (the inquiring office). */
    HOLD_BED(Resource.BED_NOTICE),
    /** Release a hold (either side). */
    RELEASE_BED_HOLD(Resource.BED_NOTICE),
    /** See an inquiry's whole exchange (either side). */
    VIEW_BED_INQUIRY(Resource.BED_NOTICE),
    /** See the board's numbers per clinic and region (and export the board). */
    VIEW_BED_METRICS(Resource.BED_NOTICE),
    // ---- Consultation desk (在宅医療・介護連携 相談窓口); the target is the desk's organisation.
    /** Record a consultation, edit it (a new version), close it, tick a follow-up, note providers introduced. */
    RECORD_DESK_CASE(Resource.DESK_CASE),
    /** Read a desk's cases: one case, the list, the search, the follow-ups. */
    READ_DESK_CASE(Resource.DESK_CASE),
    /** Hand a case over to a care team: link a patient room or record a referral for one (SP-CON-03). */
    HAND_OVER_DESK_CASE(Resource.DESK_CASE),
    /** See a desk's monthly counts (no contents). */
    VIEW_DESK_REPORT(Resource.DESK_CASE),
    /** See every desk's monthly counts and the city's total (no contents). */
    VIEW_CITY_DESK_REPORT(Resource.DESK_CASE),
    /** Add or rename consultation categories (renaming keeps the id, so past counts stay attached). */
    MANAGE_DESK_CATEGORIES(Resource.DESK_CASE),
    /** Purge the cases past the retention period (SP-RET-01). */
    PURGE_DESK_CASES(Resource.DESK_CASE),
    /** Review the audit trail of an organisation's staff (SP-AUD-04); the target is that organisation. */
    VIEW_AUDIT(Resource.AUDIT_LOG),
    // ---- Sign-in on a registered device and the device register (SP-AUTH-02, SP-AUTH-06, SP-MOB-02).
    // "two-factor" is what the passkey assertion of the request proves: the key and user verification.
    /** Sign in with a passkey alone (one step); the subject is the passkey's owner. */
    SIGN_IN_PASSKEY(Resource.DEVICE),
    /** Unlock a locked session with a passkey; the resource owner is the passkey's owner. */
    UNLOCK_SESSION(Resource.DEVICE),
    /** See a user's registered devices (passkeys); the owner is that user, the target their organisation. */
    VIEW_DEVICES(Resource.DEVICE),
    /** Revoke a registered device: its passkey is removed and its sessions end; owner and target as above. */
    REVOKE_DEVICE(Resource.DEVICE),
    /** Rename a registered device; owner and target as above. */
    RENAME_DEVICE(Resource.DEVICE);

    private final Resource resource;

    Action(Resource resource) {
        this.resource = resource;
    }

    /** The kind of resource this action touches. */
    public Resource resource() {
        return resource;
    }

    /** Whether the action needs no room (creation actions). */
    public boolean isCreation() {
        return this == CREATE_PATIENT_ROOM || this == CREATE_NETWORK_ROOM;
    }
}
