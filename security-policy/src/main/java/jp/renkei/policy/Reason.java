package jp.renkei.policy;

import java.util.Locale;

/**
 * Why the policy decided as it did. The {@link #code()} is stable and appears in error replies and the
 * audit trail; the controls a decision implements are cited by the rule that made it
 * ({@link Decision#controls()}).
 */
public enum Reason {
    /** Bed managers of a 有床診療所 (its doctors, nurses and MSWs). */
    BED_CLINIC_STAFF(true),
    /** A hospital's 地域連携室 (MSWs and discharge-coordination nurses). */
    DISCHARGE_OFFICE(true),
    /** Staff of the clinic that published the notice. */
    BED_NOTICE_OWNER(true),
    /** One of the two sides of an inquiry. */
    INQUIRY_PARTY(true),
    /** The municipality running the regional network sees the numbers. */
    REGION_SECRETARIAT(true),
    /** Care staff of the office that writes a handoff sheet, within the patient's room and consent. */
    HANDOFF_SENDER(true),
    /** Care staff of the sending or the receiving office of a handoff sheet. */
    HANDOFF_PARTY(true),
    /** Care staff of the office a handoff sheet is addressed to. */
    HANDOFF_RECEIVER(true),
    /** A signed-in, enabled account with both factors (or a family account) opening a connection. */
    SIGNED_IN(true),
    /** A current member acting within their room. */
    MEMBER(true),
    /** The room host managing the room. */
    ROOM_HOST(true),
    /** A profession allowed to create this kind of room. */
    PROFESSION_MAY_CREATE(true),
    /** The author editing their own note; the original version is kept. */
    AUTHOR_EDIT(true),
    /** The host invites a family member the patient's consent names. */
    FAMILY_NAMED_IN_CONSENT(true),
    /** A licensed clinician breaks the glass: a time-limited grant with a mandatory reason. */
    EMERGENCY_GRANTED(true),
    /** Read-only access under a live break-the-glass grant. */
    EMERGENCY_ACCESS(true),
    /** A facility administrator acting on their own organisation's staff. */
    FACILITY_ADMIN_OF_USER(true),
    /** A member viewing or uploading photos of their room, within its photo rules. */
    MEMBER_PHOTO(true),
    /** The room host recording the room's photo consent. */
    HOST_PHOTO_RULES(true),
    /** A facility administrator managing an account of their own organisation. */
    STAFF_ADMIN(true),
    /** A family member of the room sees its family view (訪問予定 only; invited by consent). */
    FAMILY_VIEW(true),
    /** A facility administrator reviewing the accesses of their own organisation's staff. */
    OWN_FACILITY_AUDIT(true),
    /** A passkey with user verification: the device-bound key and the biometric or device PIN, two factors. */
    PASSKEY_WITH_USER_VERIFICATION(true),
    /** The session's own user unlocked it with a passkey with user verification. */
    SESSION_OWNER_UNLOCK(true),
    /** A user seeing, renaming or revoking their own registered device. */
    OWN_DEVICE(true),
    /** A facility administrator seeing or revoking a device of their own organisation's staff. */
    DEVICE_ADMIN(true),
    /** The room's 主治医 setting the care roles and cover periods of their patient's room. */
    ATTENDING_PHYSICIAN(true),
    /** A facility administrator keeping their own organisation's on-call rota (当番表). */
    ROTA_ADMIN(true),
    /** A facility administrator, physician or nurse of the organisation viewing its on-call rota. */
    ROTA_VIEWER(true),
    /** A facility administrator told that an urgent note of their own staff went unacknowledged. */
    FACILITY_ADMIN_ALERT(true),
    /** A clinician covering now (on call) told that an urgent note went unacknowledged. */
    ON_CALL_ALERT(true),

    /**
     * An administrator confirming a purge past retention: of rooms, the host organisation's facility
     * administrator; of consultation cases, the operator or the city's facility administrator.
     */
    RETENTION_ADMIN(true),
    /** The platform operator confirming the purge of rooms past retention (no content is shown to them). */
    RETENTION_OPERATOR(true),
    /** Signed-in staff (care professionals, facility administrators, operators) see the directory's professional fields. */
    DIRECTORY_STAFF(true),
    /** A facility administrator keeping their own organisation's directory profile. */
    OWN_FACILITY_PROFILE(true),
    /** The operator keeping the regional directory and its capability vocabulary. */
    DIRECTORY_OPERATOR(true),
    /** A professional publishing their own contact windows (ケアマネタイム). */
    OWN_CONTACT_WINDOW(true),

    /** A worker of the consultation desk (the desk's own organisation) acting on its cases. */
    DESK_WORKER(true),
    /** A desk worker handing a case over to a care team, with the consent recorded (SP-CON-03). */
    DESK_HANDOVER(true),
    /** The city's staff see every desk's counts, never a case's contents. */
    CITY_DESK_REPORT(true),
    /** The platform operator or the city's staff manage the consultation categories. */
    DESK_CATEGORY_ADMIN(true),

    /** Not a member of the room now (never was, left, or was removed). Deny by default. */
    NOT_A_MEMBER(false),
    /** Only the room host may do this. */
    NOT_HOST(false),
    /** The host cannot leave or remove themselves: hand the room to another host first. */
    HOST_CANNOT_LEAVE(false),
    /** The account is disabled (offboarded or suspended). */
    ACCOUNT_INACTIVE(false),
    /** The session has not completed the second factor. */
    SECOND_FACTOR_REQUIRED(false),
    /** This profession may not do this (the fixed permission matrix). */
    PROFESSION_NOT_ALLOWED(false),
    /** Family members see only what is shared with the family, never the staff timeline. */
    FAMILY_STAFF_CHANNEL(false),
    /** The room is an archive (or frozen): read-only. */
    ROOM_ARCHIVED(false),
    /** Only the author may edit a note (authorship, 真正性). */
    NOT_AUTHOR(false),
    /** The patient room holds no clinical content until the patient's consent is recorded. */
    CONSENT_REQUIRED(false),
    /** A family member may join only when the patient's consent names them. */
    FAMILY_NOT_NAMED_IN_CONSENT(false),
    /** Care staff may join only when their profession is within the scope of the patient's consent. */
    OUTSIDE_CONSENT_SCOPE(false),
    /** Consent and family belong to patient rooms; network rooms hold no patient data. */
    NOT_A_PATIENT_ROOM(false),
    /** Members do not break the glass: they already have access. */
    ALREADY_MEMBER(false),
    /** The account belongs to another organisation (or none): facility admins manage only their own staff. */
    OTHER_ORGANIZATION(false),
    /** Only bed managers of a clinic with beds publish and answer. */
    NOT_BED_CLINIC(false),
    /** Only hospital discharge offices inquire and hold. */
    NOT_DISCHARGE_OFFICE(false),
    /** Only the publishing clinic manages its notice and answers its inquiries. */
    NOT_NOTICE_OWNER(false),
    /** Only the two sides of an inquiry see or change it. */
    NOT_INQUIRY_PARTY(false),
    /** Only facility administrators review the audit trail. */
    NOT_FACILITY_ADMIN(false),
    /** A facility administrator may review only their own organisation's staff. */
    OTHER_FACILITY_AUDIT(false),
    /** Facility administrators act only on their own organisation's staff. */
    NOT_SAME_ORGANIZATION(false),
    /** A passkey assertion without user verification is one factor: it never signs in or unlocks alone. */
    USER_VERIFICATION_REQUIRED(false),
    /** Only the session's own user unlocks it, with one of their own passkeys. */
    NOT_SESSION_OWNER(false),
    /** Only its owner renames a device. */
    NOT_OWN_DEVICE(false),
    /** Care has ended: the room is closed and read-only (reading and read markers still work). */
    ROOM_CLOSED(false),
    /** Only a closed room can be reopened. */
    ROOM_NOT_CLOSED(false),
    /** The room's content was purged at the end of its retention period: nothing can be read or done. */
    ROOM_PURGED(false),
    /** The room was closed and the family's access period after closure has passed. */
    FAMILY_ACCESS_ENDED(false),
    /** Only the sending and the receiving office of a handoff sheet see it; only the receiver answers it. */
    NOT_HANDOFF_PARTY(false),
    /** Only the room host or the patient's 主治医 sets the care roles and cover periods. */
    NOT_HOST_OR_ATTENDING(false),
    /** Only the public fields of the directory: its professional-only fields are for signed-in staff. */
    PUBLIC_FIELDS_ONLY(false),
    /** Each person publishes only their own contact windows. */
    NOT_OWN_CONTACT_WINDOW(false),
    /** A worker of another consultation desk: a desk's cases are its own. */
    OTHER_DESK(false),
    /** Not a worker of a consultation desk. */
    NOT_DESK_WORKER(false),
    /** Only the city's (municipality's) staff see the city's totals or manage categories. */
    NOT_CITY_STAFF(false),
    /** Only the platform operator or the city's administrator purges cases past retention. */
    NOT_RETENTION_ADMIN(false),
    /** No rule allows this combination. */
    NO_RULE(false);

    private final boolean allows;

    Reason(boolean allows) {
        this.allows = allows;
    }

    /** The stable reason code (lower-case name), e.g. {@code not_a_member}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a decision with this reason allows the action (checked against each rule's effect). */
    public boolean allows() {
        return allows;
    }
}
