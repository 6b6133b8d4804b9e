package jp.renkei.policy;

/** The two kinds of room. */
public enum RoomKind {
    /** 患者グループ: one patient's team; holds patient data. */
    PATIENT,
    /** 自由グループ: professionals only, no patient data. */
    NETWORK;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RoomKind fromWire(String value) {
        for (RoomKind k : values()) {
            if (k.wire().equals(value)) {
                return k;
            }
        }
        return null;
    }
}
