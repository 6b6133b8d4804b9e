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
    RENAME_DEVICE(Resource.DEVICE),
    // ---- When care ends (SP-RET-01/02/03).
    /** Close a patient room when care ends (終了): it becomes read-only and the retention clock starts. */
    CLOSE_ROOM(Resource.ROOM),
    /** Reopen a closed room before its purge (the patient came home again). */
    REOPEN_ROOM(Resource.ROOM),
    /**
     * See the rooms whose retention period has ended and purge them by crypto-shredding (SP-RET-03); the
     * target is the organisation of the room's host.
     */
    PURGE_ROOM(Resource.ROOM),
    // ---- Admission and discharge handoff (入退院時の情報提供). The target names the sending organisation
    // (organizationId) and the receiving one (partyOrganizationId); the room is the patient's room the
    // handoff belongs to, if any (see AccessPolicy#decideHandoff for where consent comes from).
    /** Write, edit or send a handoff sheet for one's own organisation (the sender). */
    SEND_HANDOFF(Resource.HANDOFF),
    /** See a handoff sheet, its versions and its history (either office). */
    VIEW_HANDOFF(Resource.HANDOFF),
    /** Acknowledge (受け取りました), answer or return a handoff sheet, or open its room (the receiving office). */
    RECEIVE_HANDOFF(Resource.HANDOFF),
    /** Add a region's own handoff template (the regional network's secretariat, for its region). */
    MANAGE_HANDOFF_TEMPLATES(Resource.HANDOFF),
    // ---- Who covers a patient (主治医・副主治医, cover periods, 当番表) and urgent notes that cannot be missed.
    /** Set a patient room's 主治医 and 副主治医, and add or remove cover periods; the owner is the current 主治医. */
    SET_CARE_ROLES(Resource.ONCALL),
    /** See an organisation's night and holiday on-call rota (当番表); the target is that organisation. */
    VIEW_ONCALL_ROTA(Resource.ONCALL),
    /** Add or remove rota entries and set the escalation interval; the target is the rota's organisation. */
    EDIT_ONCALL_ROTA(Resource.ONCALL),
    /**
     * Be told, without content, that an urgent note has gone unacknowledged (an escalation to someone who
     * may not read the room); the target is the sender's organisation.
     */
    RECEIVE_ESCALATION_ALERT(Resource.ONCALL),
    // ---- Provider directory (事業所情報) and contact windows (ケアマネタイム): organisations and people, never
    // patients. The target of a profile edit is the entry's organisation; of a contact window, its owner.
    /** See the directory's professional-only fields (the public fields need no sign-in). */
    VIEW_DIRECTORY(Resource.DIRECTORY),
    /** Edit an organisation's directory profile (capabilities, areas, acceptance status, field visibility). */
    EDIT_PROVIDER_PROFILE(Resource.DIRECTORY),
    /** Keep the regional list: add entries, import and export it, link an entry to an organisation. */
    MANAGE_DIRECTORY(Resource.DIRECTORY),
    /** Add or relabel capabilities of the directory's vocabulary. */
    EDIT_DIRECTORY_VOCABULARY(Resource.DIRECTORY),
    /** Publish one's own contact windows (ケアマネタイム); the resource owner is that person. */
    SET_CONTACT_WINDOW(Resource.DIRECTORY);

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
