package jp.renkei.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * Reads the decision tables the policy tests write out by hand: one row per subject, one column per action,
 * the expected reason in each cell (lower case). Shared so that every such table is read the same way and a
 * row with a missing or extra cell fails instead of being skipped.
 */
final class DecisionTables {

    private DecisionTables() {
    }

    /** One {@code (row label, action, expected reason)} per cell of {@code table}. */
    static Stream<Arguments> cells(String table, List<Action> columns) {
        List<Arguments> cases = new ArrayList<>();
        for (String line : table.strip().split("\n")) {
            String[] cells = line.strip().split("\\s+");
            assertThat(cells).as(line).hasSize(columns.size() + 1);
            for (int i = 0; i < columns.size(); i++) {
                cases.add(Arguments.of(cells[0], columns.get(i), Reason.valueOf(cells[i + 1].toUpperCase(Locale.ROOT))));
            }
        }
        return cases.stream();
    }
}
