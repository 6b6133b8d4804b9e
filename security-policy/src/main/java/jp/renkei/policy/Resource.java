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
    DESK_CASE
}
