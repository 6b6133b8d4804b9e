package jp.renkei.policy;

import java.util.EnumMap;
import java.util.Map;

/**
 * The answer to "may this subject do this?": allowed or not, and the {@link Reason}.
 * Decisions are interned per reason, so deciding allocates nothing.
 */
public final class Decision {

    private static final Map<Reason, Decision> BY_REASON = new EnumMap<>(Reason.class);

    static {
        for (Reason r : Reason.values()) {
            BY_REASON.put(r, new Decision(r));
        }
    }

    private final Reason reason;

    private Decision(Reason reason) {
        this.reason = reason;
    }

    /** The decision for a reason; whether it allows follows from the reason. */
    public static Decision of(Reason reason) {
        return BY_REASON.get(reason);
    }

    public boolean allowed() {
        return reason.allows();
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return (allowed() ? "ALLOW " : "DENY ") + reason.code() + " (" + reason.control() + ")";
    }
}
