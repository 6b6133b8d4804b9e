package jp.renkei.policy;

/**
 * Why the policy decided as it did. Each reason names the control of {@code shared/security-controls.md}
 * it implements, so that a denial can be traced to the guideline and explained to the user.
 * The {@link #code()} is stable and appears in error replies and the audit trail.
 */
public enum Reason {
    /** A current member acting within their room. */
    MEMBER("SP-AUTHZ-02", true),
    /** The room host managing membership. */
    ROOM_HOST("SP-AUTHZ-02", true),
    /** A profession allowed to create this kind of room. */
    PROFESSION_MAY_CREATE("SP-AUTHZ-01", true),
    /** The author editing their own note; the original version is kept. */
    AUTHOR_EDIT("SP-REC-01", true),

    /** Not a member of the room now (never was, left, or was removed). Deny by default. */
    NOT_A_MEMBER("SP-AUTHZ-02", false),
    /** Only the room host manages membership. */
    NOT_HOST("SP-AUTHZ-02", false),
    /** The host cannot leave or remove themselves: hand the room to another host first. */
    HOST_CANNOT_LEAVE("SP-AUTHZ-02", false),
    /** The account is disabled (offboarded or suspended). */
    ACCOUNT_INACTIVE("SP-AUTHZ-05", false),
    /** This profession may not do this (the fixed permission matrix). */
    PROFESSION_NOT_ALLOWED("SP-AUTHZ-01", false),
    /** Family members see only what is shared with the family, never the staff timeline. */
    FAMILY_STAFF_CHANNEL("SP-AUTHZ-03", false),
    /** The room is an archive: read-only. */
    ROOM_ARCHIVED("SP-RET-02", false),
    /** Only the author may edit a note (authorship, 真正性). */
    NOT_AUTHOR("SP-REC-01", false),
    /** No rule allows this combination. */
    NO_RULE("SP-AUTHZ-02", false),

    // ---- Vacant-bed notices (空床情報, issue 5); see AccessPolicy.decideBeds.

    /** Care staff of a clinic with beds (有床診療所): publishes notices and sees the board. */
    BED_CLINIC_STAFF("SP-AUTHZ-01", true),
    /** A hospital's discharge office (地域連携室: MSW or discharge-coordination nurse). */
    DISCHARGE_OFFICE("SP-AUTHZ-01", true),
    /** Staff of the clinic that published the notice. */
    BED_NOTICE_OWNER("SP-AUTHZ-02", true),
    /** Staff of the clinic or the office on either side of an inquiry. */
    INQUIRY_PARTY("SP-AUTHZ-02", true),
    /** Municipal staff running the regional network (行政, secretariat): numbers only. */
    REGION_SECRETARIAT("SP-AUTHZ-01", true),
    /** Only staff of a clinic with beds publish notices. */
    NOT_BED_CLINIC("SP-AUTHZ-01", false),
    /** Only hospital discharge offices see the board and send inquiries. */
    NOT_DISCHARGE_OFFICE("SP-AUTHZ-01", false),
    /** Only the publishing clinic changes its notice or answers its inquiries. */
    NOT_NOTICE_OWNER("SP-AUTHZ-02", false),
    /** Only the two sides of an inquiry see or act on it. */
    NOT_INQUIRY_PARTY("SP-AUTHZ-02", false);

    private final String control;
    private final boolean allows;

    Reason(String control, boolean allows) {
        this.control = control;
        this.allows = allows;
    }

    /** The stable reason code (lower-case name), e.g. {@code not_a_member}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The control ID this reason implements, e.g. {@code SP-AUTHZ-02}. */
    public String control() {
        return control;
    }

    /** Whether a decision with this reason allows the action. */
    public boolean allows() {
        return allows;
    }
}
