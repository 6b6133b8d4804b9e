package jp.renkei.server.calendar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Limits;
import jp.renkei.protocol.Violation;
import jp.renkei.server.error.DomainException;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.transform.recurrence.Frequency;

/**
 * Validation and expansion of calendar items. Times are local times in Asia/Tokyo (no daylight
 * saving, so local time and instants map one to one). Recurrence rules are parsed and expanded by
 * ical4j; this class only decides which rules are sensible for home visits and bounds the work.
 */
public final class CalendarRules {

    /** Every calendar time is in this zone. */
    public static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern RRULE_CHARS = Pattern.compile("[A-Z0-9=;,+\\-]+");
    private static final Pattern UNTIL = Pattern.compile("(^|;)UNTIL=([0-9TZ]+)");
    private static final Pattern INTERVAL = Pattern.compile("(^|;)INTERVAL=([0-9]+)");
    /** Most interval steps (e.g. every 52nd week); more is not a visit schedule. */
    private static final int MAX_INTERVAL = 52;
    /** Most occurrences one expansion returns (per item and range); bounds work on absurd input. */
    static final int MAX_EXPANSION = 500;

    private final Clock clock;

    public CalendarRules(Clock clock) {
        this.clock = clock;
    }

    /** Formats a local time the way the protocol writes it. */
    public static String format(LocalDateTime t) {
        return LOCAL.format(t);
    }

    public static LocalDateTime parseLocal(String value) {
        return LocalDateTime.parse(value, LOCAL);
    }

    /**
     * Checks an item and returns it with blank optional fields removed and the rule in canonical form.
     * Throws {@link ErrorCode#INVALID_FIELD}, {@link ErrorCode#INVALID_TIME_RANGE} or
     * {@link ErrorCode#INVALID_RECURRENCE}, in that order of precedence.
     */
    public CalendarItem validate(CalendarItem item, String path) {
        if (item == null) {
            throw DomainException.invalid(path, "required");
        }
        List<Violation> v = new ArrayList<>();
        CalendarCategory category = CalendarCategory.fromWire(item.category());
        if (item.category() == null) {
            v.add(new Violation(path + ".category", "required"));
        } else if (category == null) {
            v.add(new Violation(path + ".category", "unknown_value"));
        }
        String profession = blankToNull(item.profession());
        if (profession != null) {
            Profession p = Profession.fromWire(profession);
            if (p == null || !p.isCareStaff()) {
                v.add(new Violation(path + ".profession", "unknown_value"));
            }
        } else if (category != null && category.isVisit()) {
            v.add(new Violation(path + ".profession", "required"));
        }
        String organization = text(item.organization(), Limits.MAX_CALENDAR_ORGANIZATION, path + ".organization", v);
        String note = text(item.visitorNote(), Limits.MAX_VISITOR_NOTE, path + ".visitorNote", v);
        String visitor = text(item.visitor(), Limits.MAX_CALENDAR_ORGANIZATION, path + ".visitor", v);
        LocalDateTime start = time(item.start(), path + ".start", v);
        LocalDateTime end = time(item.end(), path + ".end", v);
        String rrule = blankToNull(item.rrule());
        if (rrule != null && (rrule.length() > Limits.MAX_RRULE || !RRULE_CHARS.matcher(rrule).matches())) {
            v.add(new Violation(path + ".rrule", rrule.length() > Limits.MAX_RRULE ? "too_long" : "bad_format"));
        }
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        checkRange(start, end, path);
        if (rrule != null) {
            rrule = checkRule(rrule, start, path + ".rrule");
        }
        return new CalendarItem(category.wire(), profession, organization, item.start(), item.end(), rrule, note,
                visitor, item.showsVisitorToFamily() ? Boolean.TRUE : null);
    }

    /** Checks a start and end: end after start, at most 24 hours, start not absurdly far away. */
    public void checkRange(LocalDateTime start, LocalDateTime end, String path) {
        List<Violation> v = new ArrayList<>();
        if (!end.isAfter(start)) {
            v.add(new Violation(path + ".end", "not_after_start"));
        } else if (Duration.between(start, end).compareTo(Duration.ofHours(Limits.MAX_VISIT_HOURS)) > 0) {
            v.add(new Violation(path + ".end", "too_long"));
        }
        LocalDate today = today();
        if (start.toLocalDate().isBefore(today.minusYears(1))
                || start.toLocalDate().isAfter(today.plusYears(Limits.MAX_CALENDAR_YEARS))) {
            v.add(new Violation(path + ".start", "out_of_range"));
        }
        if (!v.isEmpty()) {
            throw new DomainException(ErrorCode.INVALID_TIME_RANGE, null, null, v);
        }
    }

    /**
     * Checks a rule against its first start and returns it in canonical form (an UNTIL as a local
     * end of day or local time). Rejects what is not a visit schedule: more often than daily, times
     * of day in the rule (the time comes from the start), COUNT with UNTIL, huge counts or intervals,
     * UNTIL before the start or years away, and a start the rule does not produce.
     */
    String checkRule(String rrule, LocalDateTime start, String path) {
        String canonical = canonicalUntil(rrule, path);
        Recur<LocalDateTime> recur;
        try {
            recur = new Recur<>(canonical);
        } catch (RuntimeException e) {
            throw recurrence(path, "unparsable");
        }
        Frequency f = recur.getFrequency();
        if (f == null) {
            throw recurrence(path, "unparsable");
        }
        if (f == Frequency.SECONDLY || f == Frequency.MINUTELY || f == Frequency.HOURLY) {
            throw recurrence(path, "frequency_not_supported");
        }
        if (!recur.getHourList().isEmpty() || !recur.getMinuteList().isEmpty() || !recur.getSecondList().isEmpty()) {
            throw recurrence(path, "time_parts_not_supported");
        }
        if (recur.getCount() >= 0 && recur.getUntil() != null) {
            throw recurrence(path, "count_and_until");
        }
        if (recur.getCount() == 0 || recur.getCount() > Limits.MAX_RECURRENCE_COUNT) {
            throw recurrence(path, "count_out_of_range");
        }
        Matcher interval = INTERVAL.matcher(canonical);
        if (interval.find() && (interval.group(2).length() > 3 || Integer.parseInt(interval.group(2)) < 1
                || Integer.parseInt(interval.group(2)) > MAX_INTERVAL)) {
            throw recurrence(path, "interval_out_of_range");
        }
        if (recur.getUntil() != null) {
            LocalDateTime until = recur.getUntil();
            if (until.isBefore(start) || until.toLocalDate().isAfter(today().plusYears(Limits.MAX_CALENDAR_YEARS))) {
                throw recurrence(path, "until_out_of_range");
            }
        }
        if (!dates(recur, start, start, start.plusMinutes(1), 2).contains(start)) {
            throw recurrence(path, "start_not_in_rule");
        }
        return canonical;
    }

    /**
     * The original starts of the item's occurrences whose time [o, o + duration) overlaps
     * [{@code from}, {@code to}), at most {@link #MAX_EXPANSION}.
     */
    public List<LocalDateTime> occurrences(CalendarItem item, LocalDateTime from, LocalDateTime to) {
        LocalDateTime start = parseLocal(item.start());
        Duration length = Duration.between(start, parseLocal(item.end()));
        if (item.rrule() == null) {
            return start.isBefore(to) && start.plus(length).isAfter(from) ? List.of(start) : List.of();
        }
        Recur<LocalDateTime> recur = new Recur<>(item.rrule());
        List<LocalDateTime> out = new ArrayList<>();
        for (LocalDateTime o : dates(recur, start, from.minus(length), to, MAX_EXPANSION)) {
            if (o.isBefore(to) && o.plus(length).isAfter(from) && !o.isBefore(start)) {
                out.add(o);
            }
        }
        return out;
    }

    /** Whether {@code occurrence} is one of the item's original starts. */
    public boolean isOccurrence(CalendarItem item, LocalDateTime occurrence) {
        LocalDateTime start = parseLocal(item.start());
        if (item.rrule() == null) {
            return occurrence.equals(start);
        }
        if (occurrence.isBefore(start)) {
            return false;
        }
        return dates(new Recur<>(item.rrule()), start, occurrence, occurrence.plusMinutes(1), 2).contains(occurrence);
    }

    /** Parses a query range of whole days, {@code from} to {@code to} inclusive, at most the limit. */
    public LocalDate[] range(String from, String to) {
        LocalDate f;
        LocalDate t;
        try {
            f = LocalDate.parse(from == null ? "" : from, DAY);
            t = LocalDate.parse(to == null ? "" : to, DAY);
        } catch (DateTimeParseException e) {
            throw new DomainException(ErrorCode.RANGE_TOO_LARGE, "from and to must be dates (yyyy-MM-dd).",
                    null, List.of(new Violation(from == null ? "from" : "to", "bad_format")));
        }
        if (t.isBefore(f)) {
            throw new DomainException(ErrorCode.RANGE_TOO_LARGE, null, null, List.of(new Violation("to", "before_from")));
        }
        if (ChronoUnit.DAYS.between(f, t) + 1 > Limits.MAX_CALENDAR_RANGE_DAYS) {
            throw new DomainException(ErrorCode.RANGE_TOO_LARGE, null, null, List.of(new Violation("to", "too_far")));
        }
        return new LocalDate[] {f, t};
    }

    /** Today in Tokyo. */
    public LocalDate today() {
        return LocalDate.ofInstant(Instant.now(clock), TOKYO);
    }

    /** Parses a time field or records why not. */
    static LocalDateTime time(String value, String field, List<Violation> v) {
        if (value == null) {
            v.add(new Violation(field, "required"));
            return null;
        }
        try {
            return parseLocal(value);
        } catch (DateTimeParseException e) {
            v.add(new Violation(field, "bad_format"));
            return null;
        }
    }

    private static List<LocalDateTime> dates(Recur<LocalDateTime> recur, LocalDateTime seed, Temporal from,
                                             Temporal to, int max) {
        try {
            return recur.getDates(seed, from, to, max);
        } catch (RuntimeException e) {
            // A rule ical4j accepted but cannot expand is as good as invalid.
            return List.of();
        }
    }

    /** Rewrites UNTIL to a floating local time: a date means through that day; UTC is converted to Tokyo. */
    private static String canonicalUntil(String rrule, String path) {
        Matcher m = UNTIL.matcher(rrule);
        if (!m.find()) {
            return rrule;
        }
        String value = m.group(2);
        String local;
        try {
            if (value.matches("\\d{8}")) {
                local = value + "T235959";
            } else if (value.matches("\\d{8}T\\d{6}Z")) {
                LocalDateTime utc = LocalDateTime.parse(value, DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'"));
                local = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss")
                        .format(utc.atZone(ZoneId.of("UTC")).withZoneSameInstant(TOKYO).toLocalDateTime());
            } else if (value.matches("\\d{8}T\\d{6}")) {
                local = value;
            } else {
                throw recurrence(path, "unparsable");
            }
        } catch (DateTimeParseException e) {
            throw recurrence(path, "unparsable");
        }
        return rrule.substring(0, m.start(2)) + local + rrule.substring(m.end(2));
    }

    private static DomainException recurrence(String path, String problem) {
        return new DomainException(ErrorCode.INVALID_RECURRENCE, null, null, List.of(new Violation(path, problem)));
    }

    private static String text(String value, int max, String field, List<Violation> v) {
        String s = blankToNull(value);
        if (s == null) {
            return null;
        }
        if (s.codePointCount(0, s.length()) > max) {
            v.add(new Violation(field, "too_long"));
        } else if (s.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
            v.add(new Violation(field, "bad_format"));
        }
        return s.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
