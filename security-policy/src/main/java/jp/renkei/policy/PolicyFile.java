package jp.renkei.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a policy file. The format, one statement per line ({@code #} starts a comment):
 *
 * <pre>
 * policy &lt;name&gt; &lt;version&gt;
 * rule &lt;id&gt; &lt;actions&gt; &lt;conditions&gt; allow|deny &lt;REASON&gt; &lt;controls&gt;
 * </pre>
 *
 * <ul>
 *   <li>{@code actions}: comma-separated {@link Action} names, or {@code *} for every action;</li>
 *   <li>{@code conditions}: comma-separated {@link Fact} names; {@code !fact} must not hold; {@code a|b}
 *       needs one of them (a bare name after {@code profession:x|} or {@code org:x|} keeps that prefix);
 *       {@code -} for none;</li>
 *   <li>{@code REASON}: a {@link Reason} whose {@link Reason#allows()} agrees with the effect;</li>
 *   <li>{@code controls}: comma-separated ids of the form {@code SP-AREA-nn}.</li>
 * </ul>
 *
 * <p>For each action the first matching rule decides; when none matches the answer is
 * {@link Decision#NO_RULE}. Every error is a {@link PolicyFileException} naming the line, so a bad
 * policy stops the server at startup with a message an operator can act on.
 */
public final class PolicyFile {

    private static final Pattern RULE_ID = Pattern.compile("[A-Z][A-Z0-9]*-[0-9]+");
    private static final Pattern CONTROL_ID = Pattern.compile("SP-[A-Z]+-[0-9]{2}");
    private static final Pattern VERSION = Pattern.compile("[0-9][0-9A-Za-z.\\-]{0,31}");

    private final String name;
    private final String version;
    private final List<PolicyRule> rules;

    private PolicyFile(String name, String version, List<PolicyRule> rules) {
        this.name = name;
        this.version = version;
        this.rules = Collections.unmodifiableList(rules);
    }

    /** The policy's name from its {@code policy} line. */
    public String name() {
        return name;
    }

    /** The policy's version from its {@code policy} line. */
    public String version() {
        return version;
    }

    /** The rules in file order. */
    public List<PolicyRule> rules() {
        return rules;
    }

    /** The rules that apply to each action, in file order. */
    Map<Action, PolicyRule[]> rulesByAction() {
        Map<Action, PolicyRule[]> out = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            out.put(a, rules.stream().filter(r -> r.actions().contains(a)).toArray(PolicyRule[]::new));
        }
        return out;
    }

    /**
     * Parses and validates {@code text}.
     *
     * @param source a name for error messages, e.g. the file's path
     * @throws PolicyFileException naming the first bad line
     */
    public static PolicyFile parse(Reader text, String source) {
        String name = null;
        String version = null;
        List<PolicyRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int lineNo = 0;
        try (BufferedReader in = new BufferedReader(text)) {
            for (String raw; (raw = in.readLine()) != null; ) {
                lineNo++;
                int hash = raw.indexOf('#');
                String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] cells = line.split("\\s+");
                switch (cells[0]) {
                    case "policy" -> {
                        if (name != null) {
                            throw new PolicyFileException(source, lineNo, "a second 'policy' line");
                        }
                        if (cells.length != 3 || !VERSION.matcher(cells[2]).matches()) {
                            throw new PolicyFileException(source, lineNo,
                                    "expected 'policy <name> <version>' with a version such as 2026-11-21.1");
                        }
                        name = cells[1];
                        version = cells[2];
                    }
                    case "rule" -> {
                        if (name == null) {
                            throw new PolicyFileException(source, lineNo, "the 'policy' line must come first");
                        }
                        PolicyRule rule = rule(cells, source, lineNo);
                        if (!ids.add(rule.id())) {
                            throw new PolicyFileException(source, lineNo, "rule id " + rule.id() + " is used twice");
                        }
                        rules.add(rule);
                    }
                    default -> throw new PolicyFileException(source, lineNo,
                            "unknown statement '" + cells[0] + "' (expected 'policy' or 'rule')");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (name == null) {
            throw new PolicyFileException(source, Math.max(lineNo, 1), "no 'policy <name> <version>' line");
        }
        if (rules.isEmpty()) {
            throw new PolicyFileException(source, lineNo, "no rules");
        }
        return new PolicyFile(name, version, new ArrayList<>(rules));
    }

    private static PolicyRule rule(String[] cells, String source, int lineNo) {
        if (cells.length != 7) {
            throw new PolicyFileException(source, lineNo,
                    "expected 'rule <id> <actions> <conditions> allow|deny <REASON> <controls>' (7 fields), found "
                            + cells.length);
        }
        String id = cells[1];
        if (!RULE_ID.matcher(id).matches()) {
            throw new PolicyFileException(source, lineNo, "rule id '" + id + "' must look like ROOM-3");
        }
        Set<Action> actions = actions(cells[2], source, lineNo);
        long required = 0;
        long forbidden = 0;
        List<Long> anyOf = new ArrayList<>();
        if (!cells[3].equals("-")) {
            for (String condition : cells[3].split(",", -1)) {
                if (condition.startsWith("!")) {
                    forbidden |= fact(condition.substring(1), source, lineNo);
                } else if (condition.contains("|")) {
                    anyOf.add(alternatives(condition, source, lineNo));
                } else {
                    required |= fact(condition, source, lineNo);
                }
            }
        }
        if ((required & forbidden) != 0) {
            throw new PolicyFileException(source, lineNo, "a fact is both required and forbidden: the rule never matches");
        }
        boolean allow = switch (cells[4]) {
            case "allow" -> true;
            case "deny" -> false;
            default -> throw new PolicyFileException(source, lineNo, "effect '" + cells[4] + "' must be allow or deny");
        };
        Reason reason;
        try {
            reason = Reason.valueOf(cells[5]);
        } catch (IllegalArgumentException e) {
            throw new PolicyFileException(source, lineNo, "unknown reason '" + cells[5] + "'");
        }
        if (reason.allows() != allow) {
            throw new PolicyFileException(source, lineNo, "reason " + reason + (reason.allows() ? " allows" : " denies")
                    + " but the rule says " + cells[4]);
        }
        List<String> controls = List.of(cells[6].split(",", -1));
        for (String control : controls) {
            if (!CONTROL_ID.matcher(control).matches()) {
                throw new PolicyFileException(source, lineNo, "control '" + control + "' must look like SP-AUTHZ-02");
            }
        }
        long[] groups = anyOf.stream().mapToLong(Long::longValue).toArray();
        return new PolicyRule(id, lineNo, Collections.unmodifiableSet(actions), cells[3], required, forbidden, groups,
                new Decision(reason, id, controls));
    }

    private static Set<Action> actions(String cell, String source, int lineNo) {
        if (cell.equals("*")) {
            return EnumSet.allOf(Action.class);
        }
        Set<Action> out = EnumSet.noneOf(Action.class);
        for (String a : cell.split(",", -1)) {
            try {
                out.add(Action.valueOf(a));
            } catch (IllegalArgumentException e) {
                throw new PolicyFileException(source, lineNo, "unknown action '" + a + "'");
            }
        }
        return out;
    }

    private static long alternatives(String condition, String source, int lineNo) {
        long mask = 0;
        String prefix = "";
        for (String alt : condition.split("\\|", -1)) {
            if (alt.startsWith("!")) {
                throw new PolicyFileException(source, lineNo, "'!' cannot be used inside alternatives: " + condition);
            }
            String name = alt.contains(":") ? alt : prefix + alt;
            int colon = name.indexOf(':');
            prefix = colon >= 0 ? name.substring(0, colon + 1) : "";
            mask |= fact(name, source, lineNo);
        }
        return mask;
    }

    private static long fact(String name, String source, int lineNo) {
        long bit = Fact.bit(name);
        if (bit == 0) {
            throw new PolicyFileException(source, lineNo, "unknown fact '" + name + "'");
        }
        return bit;
    }
}
