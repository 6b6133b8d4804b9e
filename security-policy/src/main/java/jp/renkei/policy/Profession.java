package jp.renkei.policy;

/**
 * Professions the policy distinguishes (SP-AUTHZ-01: access follows the profession, 職種ごと).
 * The wire value is the lower-case name, e.g. {@code care_manager}.
 */
public enum Profession {
    /** 医師: attending, deputy or backup doctor. */
    PHYSICIAN,
    /** 歯科医師. */
    DENTIST,
    /** 看護師: visiting nurse, discharge-coordination nurse. */
    NURSE,
    /** 薬剤師. */
    PHARMACIST,
    /** ケアマネジャー. */
    CARE_MANAGER,
    /** ヘルパー (訪問介護): daily care, not a medical professional. */
    CARE_WORKER,
    /** PT / OT / ST. */
    THERAPIST,
    /** 管理栄養士. */
    DIETITIAN,
    /** 歯科衛生士. */
    DENTAL_HYGIENIST,
    /** MSW (医療ソーシャルワーカー), liaison office. */
    SOCIAL_WORKER,
    /** 行政 / 地域包括支援センター staff. */
    MUNICIPAL_STAFF,
    /** 家族: sees only what is shared with the family (SP-AUTHZ-03). */
    FAMILY,
    /** Facility administrator: manages the facility's staff accounts. */
    FACILITY_ADMIN,
    /** Platform operator: no patient data without a ticket (SP-AUTHZ-07). */
    OPERATOR;

    /** The value on the wire. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The profession of a wire value, or {@code null}. */
    public static Profession fromWire(String value) {
        for (Profession p : values()) {
            if (p.wire().equals(value)) {
                return p;
            }
        }
        return null;
    }

    /** Whether this is a care or medical professional working with patients. */
    public boolean isCareStaff() {
        return switch (this) {
            case FAMILY, FACILITY_ADMIN, OPERATOR -> false;
            default -> true;
        };
    }
}
