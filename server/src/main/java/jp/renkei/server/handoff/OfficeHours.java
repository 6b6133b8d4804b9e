package jp.renkei.server.handoff;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * The business hours of an office (営業日・営業時間), which the admission deadline rule reads. Public
 * holidays are not modelled: an office that closes on a holiday still counts it as a business day.
 *
 * @param days  the business days
 * @param open  opening time (inclusive)
 * @param close closing time (exclusive): admitted at or after it is 営業時間終了後
 */
record OfficeHours(Set<DayOfWeek> days, LocalTime open, LocalTime close) {

    /** Weekdays 08:30–17:15, the default. */
    static final OfficeHours DEFAULT = new OfficeHours(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            LocalTime.of(8, 30), LocalTime.of(17, 15));

    OfficeHours {
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        if (!open.isBefore(close)) {
            throw new IllegalArgumentException("open must be before close");
        }
    }

    boolean isBusinessDay(LocalDate date) {
        return days.contains(date.getDayOfWeek());
    }
}
