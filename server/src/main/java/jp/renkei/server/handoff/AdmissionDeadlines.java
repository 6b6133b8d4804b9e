package jp.renkei.server.handoff;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The 入院時情報連携加算 rule (2024 revision), exactly as the notice words it, in Japan time:
 * <ul>
 *   <li>(I) 入院した日のうちに提供（入院日以前の提供を含む）; 営業時間終了後又は営業日以外の日に入院した場合は、
 *       入院日の翌日を含む.</li>
 *   <li>(II) 入院した日の翌日又は翌々日に提供; 営業時間終了後に入院した場合であって、入院日から起算して3日目が
 *       営業日でない場合は、その翌日を含む.</li>
 * </ul>
 * A due time is exclusive: the first instant that is too late (midnight after the last day). Hours are
 * the receiving office's ({@link OfficeHours}). "Provided" is when the sheet was sent.
 *
 * @param dueI  the end of tier I
 * @param dueII the end of tier II
 */
record AdmissionDeadlines(Instant dueI, Instant dueII) {

    /** Tier met by a sheet sent at {@code sentAt}: {@code i}, {@code ii} or {@code late}. */
    String tierOf(Instant sentAt) {
        if (sentAt.isBefore(dueI)) {
            return "i";
        }
        return sentAt.isBefore(dueII) ? "ii" : "late";
    }

    /** Where an unsent sheet stands at {@code now}: {@code open_i}, {@code open_ii} or {@code overdue}. */
    String standingAt(Instant now) {
        if (now.isBefore(dueI)) {
            return "open_i";
        }
        return now.isBefore(dueII) ? "open_ii" : "overdue";
    }

    static AdmissionDeadlines of(Instant admittedAt, OfficeHours hours, ZoneId zone) {
        LocalDateTime at = LocalDateTime.ofInstant(admittedAt, zone);
        LocalDate day = at.toLocalDate();
        boolean businessDay = hours.isBusinessDay(day);
        boolean afterClose = businessDay && !at.toLocalTime().isBefore(hours.close());
        LocalDate lastI = (!businessDay || afterClose) ? day.plusDays(1) : day;
        LocalDate third = day.plusDays(2);
        LocalDate lastII = afterClose && !hours.isBusinessDay(third) ? third.plusDays(1) : third;
        return new AdmissionDeadlines(endOf(lastI, zone), endOf(lastII, zone));
    }

    private static Instant endOf(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
