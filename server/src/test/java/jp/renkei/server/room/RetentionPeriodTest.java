package jp.renkei.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The retention period (SP-RET-01): 5 years by default, another per area, and nonsense refused at startup. */
class RetentionPeriodTest {

    private static final LocalDate ENDED = LocalDate.of(2026, 2, 28);

    @Test
    void fiveYearsByDefaultAndAnotherPeriodPerArea() {
        RetentionPeriod period = new RetentionPeriod(5, Map.of("北区", 7));
        assertThat(period.untilInArea(ENDED, null)).isEqualTo(LocalDate.of(2031, 2, 28));
        assertThat(period.untilInArea(ENDED, "南区")).isEqualTo(LocalDate.of(2031, 2, 28));
        assertThat(period.untilInArea(ENDED, "北区")).isEqualTo(LocalDate.of(2033, 2, 28));
        assertThat(new RetentionPeriod(5, null).untilInArea(LocalDate.of(2028, 2, 29), null))
                .isEqualTo(LocalDate.of(2033, 2, 28));
    }

    @Test
    void periodsOutsideOneToThirtyYearsAreRefused() {
        assertThatThrownBy(() -> new RetentionPeriod(0, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetentionPeriod(31, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetentionPeriod(5, Map.of("北区", 0))).isInstanceOf(IllegalArgumentException.class);
    }
}
