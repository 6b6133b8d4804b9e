package jp.renkei.server.desk;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jp.renkei.protocol.Violation;
import jp.renkei.server.error.DomainException;

/**
 * Checks desk input field by field; nothing is stored unless everything passes. The limits are those of
 * docs/protocol.md (the consultation desk section).
 */
final class DeskValidation {

    static final List<String> CHANNELS = List.of("phone", "walk_in", "fax", "email", "visit");
    static final List<String> CONSULTER_TYPES = List.of("medical_institution", "home_nursing", "care_manager",
            "support_center", "city_office", "citizen_family", "other");
    /** Consulter types that are professionals: their organisation is asked for. */
    static final Set<String> PROFESSIONAL_TYPES = Set.of("medical_institution", "home_nursing", "care_manager",
            "support_center", "city_office");
    static final List<String> AGE_BANDS = List.of("under_40", "40s", "50s", "60s", "70s", "80s", "90_plus");
    static final Set<String> SEXES = Set.of("male", "female", "other");
    static final Set<String> STATUSES = Set.of("open", "closed");
    static final int MAX_TEXT = 4000;
    static final int MAX_REFERRAL = 1000;
    static final int MAX_SHORT = 100;
    static final int MAX_FOLLOW_UP_TEXT = 200;
    static final int MAX_FOLLOW_UPS = 10;
    static final int MAX_CATEGORIES = 10;
    static final int MAX_PROVIDERS = 20;
    static final int MAX_CATEGORY_NAME = 40;
    /** How far back a paper form may be entered. */
    static final int MAX_BACKDATE_DAYS = 400;

    private final List<Violation> violations = new ArrayList<>();

    static void throwIfAny(DeskValidation v) {
        if (!v.violations.isEmpty()) {
            throw DomainException.invalid(v.violations);
        }
    }

    void add(String field, String problem) {
        violations.add(new Violation(field, problem));
    }

    String oneOf(String field, String value, java.util.Collection<String> allowed, boolean required) {
        if (value == null) {
            if (required) {
                add(field, "required");
            }
        } else if (!allowed.contains(value)) {
            add(field, "not_allowed");
        }
        return value;
    }

    /** Free text: stripped, at most {@code max} code points, no control characters but line breaks and tabs. */
    String text(String field, String value, int max, boolean required, boolean multiline) {
        if (value == null || value.isBlank()) {
            if (required) {
                add(field, "required");
            }
            return null;
        }
        String v = value.strip();
        if (v.codePointCount(0, v.length()) > max) {
            add(field, "too_long");
        } else if (v.chars().anyMatch(c -> Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\t' || c == '\r')))) {
            add(field, "bad_format");
        } else if (!wellFormed(v)) {
            add(field, "bad_format");
        }
        return v.replace("\r\n", "\n");
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    Instant occurredAt(String field, String value, Instant now) {
        if (value == null) {
            return now;
        }
        try {
            if (value.length() > 40) {
                throw new DateTimeParseException("length", value, 0);
            }
            Instant at = OffsetDateTime.parse(value).toInstant();
            if (at.isAfter(now.plusSeconds(600))) {
                add(field, "in_the_future");
            } else if (at.isBefore(now.minusSeconds(86400L * MAX_BACKDATE_DAYS))) {
                add(field, "too_old");
            }
            return at;
        } catch (DateTimeParseException e) {
            add(field, "bad_format");
            return null;
        }
    }

    LocalDate date(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                add(field, "required");
            }
            return null;
        }
        try {
            if (value.length() != 10) {
                throw new DateTimeParseException("length", value, 0);
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            add(field, "bad_format");
            return null;
        }
    }

    /** A month query parameter, {@code yyyy-MM}; {@code null} allowed. */
    static YearMonth month(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() != 7) {
                throw new DateTimeParseException("length", value, 0);
            }
            return YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            throw DomainException.invalid("month", "bad_format");
        }
    }

    boolean check(boolean ok, String field, String problem) {
        if (!ok) {
            add(field, problem);
        }
        return ok;
    }
}
