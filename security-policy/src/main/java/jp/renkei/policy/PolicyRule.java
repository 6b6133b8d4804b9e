package jp.renkei.policy;

import java.util.List;
import java.util.Set;

/**
 * One compiled line of the policy file: for {@link #actions()}, when the request's facts contain every
 * bit of {@code required}, none of {@code forbidden}, and at least one bit of each {@code anyOf} mask,
 * the rule decides {@link #decision()}.
 *
 * @param id         the rule id, unique in the file (cited by decisions and docs)
 * @param line       the line of the file that defines the rule
 * @param actions    the actions the rule applies to
 * @param conditions the conditions as written in the file, for documentation
 * @param required   facts that must hold
 * @param forbidden  facts that must not hold
 * @param anyOf      groups of alternative facts ({@code a|b}); each group needs one
 * @param decision   what the rule decides
 */
public record PolicyRule(String id, int line, Set<Action> actions, String conditions, long required, long forbidden,
                         long[] anyOf, Decision decision) {

    boolean matches(long facts) {
        if ((facts & required) != required || (facts & forbidden) != 0) {
            return false;
        }
        for (long group : anyOf) {
            if ((facts & group) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The controls this rule implements. */
    public List<String> controls() {
        return decision.controls();
    }
}
