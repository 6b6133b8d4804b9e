package jp.renkei.server.directory;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One weekly contact window in Japan time: a weekday, a start and an end, and the channel the person
 * prefers then. An end at or before the start runs past midnight into the next day (火 22:00–01:00 is
 * Tuesday 22:00 to Wednesday 01:00); an end of {@code 00:00} means midnight.
 *
 * @param channel {@code phone} (電話), {@code fax} (FAX), {@code renkei} (Renkei), {@code in_person} (対面)
 */
public record ContactSlot(DayOfWeek day, LocalTime start, LocalTime end, String channel) {

    /** The channels a window may name. */
    static final List<String> CHANNELS = List.of("phone", "fax", "renkei", "in_person");

    /** Whether {@code at} (a Japan-time moment) is within this window. */
    boolean contains(ZonedDateTime at) {
        DayOfWeek d = at.getDayOfWeek();
        LocalTime t = at.toLocalTime();
        if (end.isAfter(start)) {
            return d == day && !t.isBefore(start) && t.isBefore(end);
        }
        // Past midnight: from start on `day` to end on the next day.
        return (d == day && !t.isBefore(start)) || (d == day.plus(1) && t.isBefore(end));
    }

    /** The first start of this window strictly after {@code after} (same zone). */
    ZonedDateTime nextStart(ZonedDateTime after) {
        ZonedDateTime candidate = after.with(TemporalAdjusters.nextOrSame(day)).with(start).withSecond(0).withNano(0);
        return candidate.isAfter(after) ? candidate : candidate.plusWeeks(1);
    }

    /** The wire form of the weekday: {@code mon} … {@code sun}. */
    String dayWire() {
        return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }

    static Optional<DayOfWeek> dayOf(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).toLowerCase(Locale.ROOT).equals(wire)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code at} falls in any of {@code slots}. */
    static boolean anyContains(List<ContactSlot> slots, ZonedDateTime at) {
        return slots.stream().anyMatch(s -> s.contains(at));
    }

    /** The earliest next start among {@code slots}, or empty when there are none. */
    static Optional<ZonedDateTime> earliestNextStart(List<ContactSlot> slots, ZonedDateTime after) {
        return slots.stream().map(s -> s.nextStart(after)).min(ZonedDateTime::compareTo);
    }
}
