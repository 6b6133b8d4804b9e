package jp.renkei.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The contact-window rule in Japan time: inside and outside, the next start, past midnight, next week. */
class ContactSlotTest {

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    /** 2026-12-08 is a Tuesday. */
    private static ZonedDateTime at(String local) {
        return java.time.LocalDateTime.parse(local).atZone(JST);
    }

    private final ContactSlot tue = new ContactSlot(DayOfWeek.TUESDAY, LocalTime.of(13, 0), LocalTime.of(14, 0), "phone");
    private final ContactSlot thu = new ContactSlot(DayOfWeek.THURSDAY, LocalTime.of(13, 0), LocalTime.of(14, 0), "phone");
    private final ContactSlot friNight = new ContactSlot(DayOfWeek.FRIDAY, LocalTime.of(22, 0), LocalTime.of(1, 0), "renkei");

    @Test
    void insideIsStartInclusiveEndExclusiveOnTheWeekday() {
        assertThat(tue.contains(at("2026-12-08T13:00"))).isTrue();
        assertThat(tue.contains(at("2026-12-08T13:59"))).isTrue();
        assertThat(tue.contains(at("2026-12-08T14:00"))).isFalse();
        assertThat(tue.contains(at("2026-12-08T12:59"))).isFalse();
        assertThat(tue.contains(at("2026-12-09T13:30"))).isFalse(); // Wednesday
    }

    @Test
    void aWindowPastMidnightRunsIntoTheNextDay() {
        assertThat(friNight.contains(at("2026-12-11T23:30"))).isTrue();
        assertThat(friNight.contains(at("2026-12-12T00:30"))).isTrue();  // Saturday early morning
        assertThat(friNight.contains(at("2026-12-12T01:00"))).isFalse();
        assertThat(friNight.contains(at("2026-12-11T00:30"))).isFalse(); // Friday early morning is Thursday's night
        assertThat(friNight.nextStart(at("2026-12-12T00:30"))).isEqualTo(at("2026-12-18T22:00"));
    }

    @Test
    void theNextStartIsTheEarliestAcrossDaysAndWeeks() {
        List<ContactSlot> slots = List.of(tue, thu);
        assertThat(ContactSlot.earliestNextStart(slots, at("2026-12-08T10:00")).orElseThrow()).isEqualTo(at("2026-12-08T13:00"));
        assertThat(ContactSlot.earliestNextStart(slots, at("2026-12-08T14:00")).orElseThrow()).isEqualTo(at("2026-12-10T13:00"));
        // Friday evening: next Tuesday.
        assertThat(ContactSlot.earliestNextStart(slots, at("2026-12-11T18:00")).orElseThrow()).isEqualTo(at("2026-12-15T13:00"));
        // Thursday 13:00 exactly is inside; the next start is then next Tuesday.
        assertThat(ContactSlot.anyContains(slots, at("2026-12-10T13:00"))).isTrue();
        assertThat(ContactSlot.earliestNextStart(slots, at("2026-12-10T13:00")).orElseThrow()).isEqualTo(at("2026-12-15T13:00"));
    }

    @Test
    void japanTimeNotTheServersZoneDecides() {
        // 2026-12-08 04:30 UTC is Tuesday 13:30 in Japan; 2026-12-07 20:00 UTC is Tuesday 05:00 in Japan.
        assertThat(tue.contains(java.time.Instant.parse("2026-12-08T04:30:00Z").atZone(JST))).isTrue();
        assertThat(tue.contains(java.time.Instant.parse("2026-12-07T20:00:00Z").atZone(JST))).isFalse();
    }
}
