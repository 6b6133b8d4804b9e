package jp.renkei.server.handoff;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 入院時情報連携加算 deadline rule against the notice's own cases, in Japan time, with the default
 * hours (weekdays 08:30–17:15) and with an office open on Saturdays. December 2026: the 7th is a Monday.
 */
class AdmissionDeadlinesTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private static Instant jst(String local) {
        return LocalDateTime.parse(local).atZone(TOKYO).toInstant();
    }

    private static AdmissionDeadlines rule(String admitted) {
        return AdmissionDeadlines.of(jst(admitted), OfficeHours.DEFAULT, TOKYO);
    }

    @Test
    void admittedInHoursTierIEndsAtMidnightOfTheSameDayAndTierIIWithTheDayAfterNext() {
        AdmissionDeadlines d = rule("2026-12-07T10:00"); // Monday, in hours
        assertThat(d.dueI()).isEqualTo(jst("2026-12-08T00:00"));
        assertThat(d.dueII()).isEqualTo(jst("2026-12-10T00:00"));
        assertThat(d.tierOf(jst("2026-12-07T23:59"))).isEqualTo("i");           // same day
        assertThat(d.tierOf(jst("2026-12-08T00:00"))).isEqualTo("ii");          // next day
        assertThat(d.tierOf(jst("2026-12-09T23:59"))).isEqualTo("ii");          // the day after next
        assertThat(d.tierOf(jst("2026-12-10T00:00"))).isEqualTo("late");        // late
        assertThat(d.tierOf(jst("2026-12-05T09:00"))).as("sent before admission counts").isEqualTo("i");
    }

    @Test
    void beforeOpeningIsNotAfterHoursTheSameDayStillCounts() {
        AdmissionDeadlines d = rule("2026-12-07T07:00");
        assertThat(d.dueI()).isEqualTo(jst("2026-12-08T00:00"));
    }

    @Test
    void admittedAfterClosingTierIIncludesTheNextDay() {
        AdmissionDeadlines d = rule("2026-12-07T17:15"); // Monday, at closing time: after hours
        assertThat(d.dueI()).isEqualTo(jst("2026-12-09T00:00"));
        assertThat(d.tierOf(jst("2026-12-08T16:00"))).isEqualTo("i");
        assertThat(d.dueII()).as("the third day (Wed) is a business day: no extension").isEqualTo(jst("2026-12-10T00:00"));
        assertThat(rule("2026-12-07T17:14").dueI()).as("a minute before closing is in hours")
                .isEqualTo(jst("2026-12-08T00:00"));
    }

    @Test
    void admittedOnANonBusinessDayTierIIncludesTheNextDay() {
        AdmissionDeadlines d = rule("2026-12-12T11:00"); // Saturday
        assertThat(d.dueI()).isEqualTo(jst("2026-12-14T00:00"));
        assertThat(d.dueII()).as("not after closing: no extension").isEqualTo(jst("2026-12-15T00:00"));
    }

    @Test
    void afterClosingWithTheThirdDayClosedTierIIIncludesTheDayAfterIt() {
        AdmissionDeadlines d = rule("2026-12-11T19:30"); // Friday evening; the third day is Sunday
        assertThat(d.dueI()).isEqualTo(jst("2026-12-13T00:00")); // through Saturday
        assertThat(d.dueII()).isEqualTo(jst("2026-12-15T00:00")); // Sunday, and the Monday after it
        assertThat(d.tierOf(jst("2026-12-14T09:00"))).isEqualTo("ii");
        assertThat(d.tierOf(jst("2026-12-15T00:00"))).isEqualTo("late");
        // Thursday evening: the third day is Saturday, closed → Sunday is included too.
        assertThat(rule("2026-12-10T18:00").dueII()).isEqualTo(jst("2026-12-14T00:00"));
    }

    @Test
    void theReceivingOfficesHoursDecide() {
        OfficeHours saturdays = new OfficeHours(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY),
                LocalTime.of(9, 0), LocalTime.of(18, 0));
        AdmissionDeadlines sat = AdmissionDeadlines.of(jst("2026-12-12T11:00"), saturdays, TOKYO);
        assertThat(sat.dueI()).as("Saturday is a business day here").isEqualTo(jst("2026-12-13T00:00"));
        AdmissionDeadlines late = AdmissionDeadlines.of(jst("2026-12-07T17:30"), saturdays, TOKYO);
        assertThat(late.dueI()).as("17:30 is still in hours here").isEqualTo(jst("2026-12-08T00:00"));
        AdmissionDeadlines fri = AdmissionDeadlines.of(jst("2026-12-11T19:30"), saturdays, TOKYO);
        assertThat(fri.dueII()).as("the third day (Sun) is closed").isEqualTo(jst("2026-12-15T00:00"));
    }

    @Test
    void anUnsentSheetStandsOpenThenOverdue() {
        AdmissionDeadlines d = rule("2026-12-07T10:00");
        assertThat(d.standingAt(jst("2026-12-07T20:00"))).isEqualTo("open_i");
        assertThat(d.standingAt(jst("2026-12-08T09:00"))).isEqualTo("open_ii");
        assertThat(d.standingAt(jst("2026-12-10T00:00"))).isEqualTo("overdue");
    }
}
