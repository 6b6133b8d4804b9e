package jp.renkei.server.browser;

import java.util.List;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.WebDriver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * axe-core against the page as it is now: no serious or critical violation of WCAG 2.2 AA
 * (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa).
 */
final class Axe {

    static final List<String> WCAG22_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    private Axe() {
    }

    /** Fails with each violation's rule, impact and first elements when any is serious or critical. */
    static void assertNoSeriousViolations(WebDriver browser, String where) {
        Results results = new AxeBuilder().withTags(WCAG22_AA).analyze(browser);
        List<Rule> bad = results.getViolations().stream()
                .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
                .toList();
        String report = bad.stream().map(r -> r.getId() + " (" + r.getImpact() + "): " + r.getHelp() + " — "
                        + r.getNodes().stream().limit(3).map(n -> String.valueOf(n.getTarget()) + " " + n.getFailureSummary())
                        .collect(Collectors.joining("; ")))
                .collect(Collectors.joining("\n"));
        assertThat(bad).as("axe-core serious/critical violations on " + where + ":\n" + report).isEmpty();
    }
}
