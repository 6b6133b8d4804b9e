package jp.renkei.policy;

/** The kinds of resource the policy decides about. */
public enum Resource {
    ROOM,
    NOTE,
    PHOTO,
    CALENDAR,
    MEMBER_LIST,
    CONSENT,
    EXPORT,
    BED_NOTICE,
    AUDIT_LOG,
    ACCOUNT,
    DEVICE,
    HANDOFF,
    /** Who covers a patient: care roles, cover periods, on-call rotas, escalations. */
    ONCALL,
    DIRECTORY,
    DESK_CASE
}
