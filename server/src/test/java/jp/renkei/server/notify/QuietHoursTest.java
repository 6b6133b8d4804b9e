package jp.renkei.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.util.Set;

import jp.renkei.server.notify.NotifyPreferences.Preferences;
import org.junit.jupiter.api.Test;

/** Quiet hours as a time of day in Japan time: a daytime range, an overnight range, none. */
class QuietHoursTest {

    private static Preferences quiet(String start, String end) {
        return new Preferences(Set.of(), true, LocalTime.parse(start), LocalTime.parse(end));
    }

    @Test
    void anOvernightRangeSpansMidnight() {
        Preferences night = quiet("22:00", "07:00");
        assertThat(night.isQuietAt(LocalTime.parse("22:00"))).isTrue();
        assertThat(night.isQuietAt(LocalTime.parse("23:59"))).isTrue();
        assertThat(night.isQuietAt(LocalTime.parse("00:00"))).isTrue();
        assertThat(night.isQuietAt(LocalTime.parse("06:59"))).isTrue();
        assertThat(night.isQuietAt(LocalTime.parse("07:00"))).isFalse();
        assertThat(night.isQuietAt(LocalTime.parse("12:00"))).isFalse();
        assertThat(night.isQuietAt(LocalTime.parse("21:59"))).isFalse();
    }

    @Test
    void aDaytimeRangeIsStartInclusiveEndExclusive() {
        Preferences lunch = quiet("12:00", "13:00");
        assertThat(lunch.isQuietAt(LocalTime.parse("11:59"))).isFalse();
        assertThat(lunch.isQuietAt(LocalTime.parse("12:00"))).isTrue();
        assertThat(lunch.isQuietAt(LocalTime.parse("12:59"))).isTrue();
        assertThat(lunch.isQuietAt(LocalTime.parse("13:00"))).isFalse();
    }

    @Test
    void equalTimesOrSwitchedOffMeanNoQuietHours() {
        assertThat(quiet("08:00", "08:00").isQuietAt(LocalTime.parse("08:00"))).isFalse();
        Preferences off = new Preferences(Set.of(), false, LocalTime.parse("00:00"), LocalTime.parse("23:59"));
        assertThat(off.isQuietAt(LocalTime.parse("12:00"))).isFalse();
        assertThat(Preferences.DEFAULT.isQuietAt(LocalTime.parse("23:00"))).isFalse();
        assertThat(Preferences.DEFAULT.wants(NotifyKind.URGENT)).isTrue();
        assertThat(new Preferences(Set.of(NotifyKind.ACK), false, LocalTime.MIDNIGHT, LocalTime.NOON).wants(NotifyKind.ACK))
                .isFalse();
    }
}
