package jp.renkei.policy;

import java.util.List;

/**
 * The answer of the policy: allowed or not, why ({@link #reason()}), which rule of the policy file
 * decided ({@link #ruleId()}) and the controls that rule implements ({@link #controls()}).
 *
 * <p>Decisions are created once per rule when the policy is loaded and shared, so deciding allocates
 * nothing.
 */
public final class Decision {

    /** The answer when no rule matches: deny. */
    public static final Decision NO_RULE = new Decision(Reason.NO_RULE, "default", List.of("SP-AUTHZ-02"));

    private final Reason reason;
    private final String ruleId;
    private final List<String> controls;

    Decision(Reason reason, String ruleId, List<String> controls) {
        this.reason = reason;
        this.ruleId = ruleId;
        this.controls = List.copyOf(controls);
    }

    /** Whether the action is allowed. */
    public boolean allowed() {
        return reason.allows();
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }

    /** The id of the deciding rule in the policy file, or {@code "default"} for deny by default. */
    public String ruleId() {
        return ruleId;
    }

    /** The SP-… controls the deciding rule implements. */
    public List<String> controls() {
        return controls;
    }

    /** E.g. {@code ALLOW member [ROOM-5: SP-AUTHZ-02]}. */
    @Override
    public String toString() {
        return (allowed() ? "ALLOW " : "DENY ") + reason.code() + " [" + ruleId + ": " + String.join(",", controls)
                + "]";
    }
}
