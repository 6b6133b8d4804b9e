package jp.renkei.policy;

import java.util.Locale;

/**
 * The facts a rule of the policy file can test, by the name the file uses. Professions and organisation
 * kinds are facts too ({@code profession:nurse}, {@code org:hospital}); see {@link #bit(String)}.
 *
 * <p>Each fact is one bit of a {@code long}: a request's facts are computed once and every rule is two
 * mask comparisons, which keeps a decision to a few nanoseconds.
 */
public enum Fact {
    /** The account is enabled. */
    ACTIVE("active"),
    /** The session was authenticated with two factors. */
    TWO_FACTOR("two-factor"),
    /** The subject is a care professional ({@link Profession#isCareStaff()}). */
    CARE_STAFF("care-staff"),
    /** The room exists. */
    ROOM("room"),
    /** The subject is a member of the room. */
    MEMBER("member"),
    /** The subject hosts the room. */
    HOST("host"),
    /** The room is a patient room (not a network room). */
    PATIENT_ROOM("patient-room"),
    /** The room is read-only. */
    ARCHIVED("archived"),
    /** Care has ended: the room was closed (終了) and is read-only until reopened or purged (SP-RET-02). */
    CLOSED("closed"),
    /** The room's content was purged at the end of its retention period (SP-RET-03). */
    PURGED("purged"),
    /** The room is closed and the family's access period after closure has passed (SP-RET-02). */
    FAMILY_ACCESS_ENDED("family-access-ended"),
    /** The patient's consent is recorded and in force. */
    CONSENT("consent"),
    /** The subject holds a live break-the-glass grant on the room. */
    EMERGENCY("emergency"),
    /** The resource is the subject's own: their note, or they are the member being removed. */
    SELF("self"),
    /** The target is a care professional. */
    TARGET_CARE_STAFF("target:care-staff"),
    /** The target is a family member. */
    TARGET_FAMILY("target:family"),
    /** The room's consent names the target. */
    TARGET_NAMED_IN_CONSENT("target:named-in-consent"),
    /**
     * The target's profession is within the scope of the room's consent: the consent lists it, lists no
     * profession (all agreed), or no consent is in force (SP-CON-01).
     */
    TARGET_WITHIN_CONSENT_SCOPE("target:within-consent-scope"),
    /** The target belongs to the subject's organisation. */
    TARGET_SAME_ORGANIZATION("target:same-organization"),
    /** The target's other party (an inquiry's office) is the subject's organisation. */
    TARGET_PARTY_ORGANIZATION("target:party-organization");

    static final int PROFESSION_BASE = 20;
    static final int ORGANIZATION_BASE = 40;

    private final String fileName;

    Fact(String fileName) {
        this.fileName = fileName;
    }

    /** The name used in the policy file. */
    public String fileName() {
        return fileName;
    }

    long mask() {
        return 1L << ordinal();
    }

    static long professionMask(Profession p) {
        return 1L << (PROFESSION_BASE + p.ordinal());
    }

    static long organizationMask(OrganizationKind k) {
        return 1L << (ORGANIZATION_BASE + k.ordinal());
    }

    /**
     * The bit of a fact named as in the policy file, or {@code 0} if there is no such fact.
     * {@code profession:<wire>} and {@code org:<wire>} name professions and organisation kinds.
     */
    static long bit(String name) {
        for (Fact f : values()) {
            if (f.fileName.equals(name)) {
                return f.mask();
            }
        }
        if (name.startsWith("profession:")) {
            Profession p = Profession.fromWire(name.substring("profession:".length()));
            return p == null ? 0 : professionMask(p);
        }
        if (name.startsWith("org:")) {
            String wire = name.substring("org:".length());
            for (OrganizationKind k : OrganizationKind.values()) {
                if (k.wire().equals(wire)) {
                    return organizationMask(k);
                }
            }
        }
        return 0;
    }

    /** The file name of the fact at {@code bitIndex}, for explanations and documentation. */
    static String nameOfBit(int bitIndex) {
        if (bitIndex < values().length) {
            return values()[bitIndex].fileName;
        }
        if (bitIndex >= ORGANIZATION_BASE) {
            return "org:" + OrganizationKind.values()[bitIndex - ORGANIZATION_BASE].wire();
        }
        return "profession:" + Profession.values()[bitIndex - PROFESSION_BASE].name().toLowerCase(Locale.ROOT);
    }

    static {
        if (values().length > PROFESSION_BASE || PROFESSION_BASE + Profession.values().length > ORGANIZATION_BASE
                || ORGANIZATION_BASE + OrganizationKind.values().length > 64) {
            throw new ExceptionInInitializerError("policy facts do not fit in 64 bits");
        }
    }
}
