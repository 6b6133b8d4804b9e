package jp.renkei.server.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.error.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation and recurrence expansion of calendar items, with a fixed "today" (2026-11-01 in Tokyo). */
class CalendarRulesTest {

    private final CalendarRules rules = new CalendarRules(
            Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC));

    private static CalendarItem visit(String start, String end, String rrule) {
        return new CalendarItem("home_nursing", "nurse", "みどり訪問看護ステーション", start, end, rrule, "体重測定");
    }

    private static LocalDateTime t(String s) {
        return CalendarRules.parseLocal(s);
    }

    @Test
    void aWeeklyVisitOnMondaysAndThursdaysExpandsInTheRange() {
        // 2026-11-02 is a Monday.
        CalendarItem item = rules.validate(visit("2026-11-02T10:00", "2026-11-02T11:00", "FREQ=WEEKLY;BYDAY=MO,TH"), "item");
        List<LocalDateTime> o = rules.occurrences(item, t("2026-11-01T00:00"), t("2026-11-15T00:00"));
        assertThat(o).extracting(CalendarRules::format).containsExactly("2026-11-02T10:00", "2026-11-05T10:00",
                "2026-11-09T10:00", "2026-11-12T10:00");
    }

    @Test
    void everyOtherTuesdayWithCountStops() {
        CalendarItem item = rules.validate(new CalendarItem("home_medical", "physician", null, "2026-11-03T14:00",
                "2026-11-03T14:30", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=3", null), "item");
        assertThat(rules.occurrences(item, t("2026-11-01T00:00"), t("2027-01-01T00:00")))
                .extracting(CalendarRules::format)
                .containsExactly("2026-11-03T14:00", "2026-11-17T14:00", "2026-12-01T14:00");
    }

    @Test
    void untilAsADateIncludesThatDay() {
        CalendarItem item = rules.validate(visit("2026-11-02T10:00", "2026-11-02T11:00", "FREQ=DAILY;UNTIL=20261104"), "item");
        assertThat(item.rrule()).isEqualTo("FREQ=DAILY;UNTIL=20261104T235959");
        assertThat(rules.occurrences(item, t("2026-11-01T00:00"), t("2026-11-30T00:00"))).hasSize(3);
    }

    @Test
    void anOccurrenceOverlappingTheRangeStartIsIncluded() {
        CalendarItem item = rules.validate(visit("2026-11-01T23:00", "2026-11-02T01:00", null), "item");
        assertThat(rules.occurrences(item, t("2026-11-02T00:00"), t("2026-11-03T00:00"))).hasSize(1);
        assertThat(rules.occurrences(item, t("2026-11-02T01:00"), t("2026-11-03T00:00"))).isEmpty();
    }

    @Test
    void occurrencesAreRecognised() {
        CalendarItem item = rules.validate(visit("2026-11-02T10:00", "2026-11-02T11:00", "FREQ=WEEKLY;BYDAY=MO,TH"), "item");
        assertThat(rules.isOccurrence(item, t("2026-11-05T10:00"))).isTrue();
        assertThat(rules.isOccurrence(item, t("2026-11-05T11:00"))).isFalse();
        assertThat(rules.isOccurrence(item, t("2026-11-06T10:00"))).isFalse();
        assertThat(rules.isOccurrence(item, t("2026-10-29T10:00"))).as("before the first start").isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "FREQ=HOURLY, frequency_not_supported",
            "FREQ=MINUTELY, frequency_not_supported",
            "FREQ=SECONDLY, frequency_not_supported",
            "FREQ=DAILY;BYHOUR=9, time_parts_not_supported",
            "FREQ=DAILY;COUNT=0, count_out_of_range",
            "FREQ=DAILY;COUNT=100000, count_out_of_range",
            "FREQ=DAILY;COUNT=3;UNTIL=20261110, count_and_until",
            "FREQ=DAILY;INTERVAL=0, interval_out_of_range",
            "FREQ=DAILY;INTERVAL=1000, interval_out_of_range",
            "FREQ=DAILY;UNTIL=20261001, until_out_of_range",
            "FREQ=DAILY;UNTIL=20991231, until_out_of_range",
            "FREQ=FORTNIGHTLY, unparsable",
            "BYDAY=MO, unparsable",
            "FREQ=WEEKLY;X-FOO=1, unparsable",
            "FREQ=WEEKLY;BYDAY=TU, start_not_in_rule",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30, start_not_in_rule",
    })
    void unsupportedOrAbsurdRulesAreRefusedClearly(String rrule, String problem) {
        DomainException e = catchThrowableOfType(DomainException.class,
                () -> rules.validate(visit("2026-11-02T10:00", "2026-11-02T11:00", rrule), "item"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RECURRENCE);
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("item.rrule");
            assertThat(v.problem()).isEqualTo(problem);
        });
    }

    @ParameterizedTest(name = "{0}..{1} -> {2} {3}")
    @CsvSource({
            "2026-11-02T10:00, 2026-11-02T09:00, item.end, not_after_start",
            "2026-11-02T10:00, 2026-11-02T10:00, item.end, not_after_start",
            "2026-11-02T10:00, 2026-11-03T10:01, item.end, too_long",
            "2024-01-01T10:00, 2024-01-01T11:00, item.start, out_of_range",
            "2040-01-01T10:00, 2040-01-01T11:00, item.start, out_of_range",
    })
    void badTimesAreRefusedClearly(String start, String end, String field, String problem) {
        DomainException e = catchThrowableOfType(DomainException.class,
                () -> rules.validate(visit(start, end, null), "item"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TIME_RANGE);
        assertThat(e.violations()).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo(field);
            assertThat(v.problem()).isEqualTo(problem);
        });
    }

    @Test
    void malformedFieldsAreInvalidFieldsFirst() {
        DomainException e = catchThrowableOfType(DomainException.class, () -> rules.validate(
                new CalendarItem("tea_party", "family", "x".repeat(61), "2026-11-02 10:00", null, "FREQ=HOURLY", null),
                "item"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.violations()).extracting(v -> v.field() + ":" + v.problem()).containsExactlyInAnyOrder(
                "item.category:unknown_value", "item.profession:unknown_value", "item.organization:too_long",
                "item.start:bad_format", "item.end:required");
    }

    @Test
    void aVisitNeedsTheVisitorsProfessionButAConferenceDoesNot() {
        DomainException e = catchThrowableOfType(DomainException.class, () -> rules.validate(
                new CalendarItem("home_nursing", null, null, "2026-11-02T10:00", "2026-11-02T11:00", null, null), "item"));
        assertThat(e.violations()).extracting(v -> v.field() + ":" + v.problem()).containsExactly("item.profession:required");
        CalendarItem conference = rules.validate(new CalendarItem("service_conference", null, "  ", "2026-11-04T14:00",
                "2026-11-04T15:00", " ", " "), "item");
        assertThat(conference.organization()).isNull();
        assertThat(conference.rrule()).isNull();
        assertThat(conference.visitorNote()).isNull();
    }

    @Test
    void queryRangesAreBounded() {
        assertThat(rules.range("2026-11-01", "2027-01-01")).hasSize(2);
        assertThat(catchThrowableOfType(DomainException.class, () -> rules.range("2026-11-01", "2027-01-02")).code())
                .isEqualTo(ErrorCode.RANGE_TOO_LARGE);
        assertThat(catchThrowableOfType(DomainException.class, () -> rules.range("2026-11-02", "2026-11-01")).code())
                .isEqualTo(ErrorCode.RANGE_TOO_LARGE);
        assertThat(catchThrowableOfType(DomainException.class, () -> rules.range("2026-11-31", "2026-12-01")).code())
                .isEqualTo(ErrorCode.RANGE_TOO_LARGE);
        assertThat(catchThrowableOfType(DomainException.class, () -> rules.range(null, "2026-12-01")).code())
                .isEqualTo(ErrorCode.RANGE_TOO_LARGE);
    }

    @Test
    void expansionIsCappedForAnUnboundedDailyRule() {
        CalendarItem item = rules.validate(visit("2026-11-02T10:00", "2026-11-02T11:00", "FREQ=DAILY"), "item");
        assertThat(rules.occurrences(item, t("2026-11-01T00:00"), t("2031-01-01T00:00")))
                .hasSizeLessThanOrEqualTo(CalendarRules.MAX_EXPANSION);
    }
}
