package jp.renkei.server.beds;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jp.renkei.protocol.Violation;
import jp.renkei.server.error.DomainException;

/** Checks bed-board input field by field; nothing is stored unless everything passes. */
final class BedValidation {

    static final Set<String> BED_TYPES = Set.of("general", "long_term", "community", "palliative", "respite");
    static final List<String> CAPABILITIES = List.of("oxygen", "suction", "tube_feeding", "ivh", "ventilator",
            "dialysis", "dementia", "end_of_life", "rehabilitation", "isolation", "opioids");
    static final Set<String> AGE_BANDS = Set.of("under_40", "40s", "50s", "60s", "70s", "80s", "90_plus");
    static final int MAX_CONTACT = 60;
    static final int MAX_TEXT = 200;
    /** A notice may not claim to be fresh for longer than this: information older than a day is stale. */
    static final long MAX_EXPIRY_DAYS = 7;

    private final List<Violation> violations = new ArrayList<>();

    static void throwIfAny(BedValidation v) {
        if (!v.violations.isEmpty()) {
            throw DomainException.invalid(v.violations);
        }
    }

    String oneOf(String field, String value, Set<String> allowed) {
        if (value == null) {
            violations.add(new Violation(field, "required"));
        } else if (!allowed.contains(value)) {
            violations.add(new Violation(field, "not_allowed"));
        }
        return value;
    }

    List<String> capabilities(String field, List<String> values) {
        if (values == null) {
            violations.add(new Violation(field, "required"));
            return List.of();
        }
        Set<String> set = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || !CAPABILITIES.contains(v)) {
                violations.add(new Violation(field, "not_allowed"));
                return List.of();
            }
            if (!set.add(v)) {
                violations.add(new Violation(field, "duplicate"));
            }
        }
        // Stored in the canonical order so that equal sets compare equal.
        return CAPABILITIES.stream().filter(set::contains).toList();
    }

    LocalDate date(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                violations.add(new Violation(field, "required"));
            }
            return null;
        }
        try {
            if (value.length() != 10) {
                throw new DateTimeParseException("length", value, 0);
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "bad_format"));
            return null;
        }
    }

    Instant instant(String field, String value) {
        if (value == null) {
            violations.add(new Violation(field, "required"));
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "bad_format"));
            return null;
        }
    }

    /** Short free text without patient data; {@code null} allowed unless required. */
    String text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                violations.add(new Violation(field, "required"));
            }
            return null;
        }
        String v = value.strip();
        if (v.codePointCount(0, v.length()) > max) {
            violations.add(new Violation(field, "too_long"));
        } else if (v.chars().anyMatch(c -> Character.isISOControl(c))) {
            violations.add(new Violation(field, "bad_format"));
        } else if (PatientDataGuard.looksLikePatientData(v)) {
            violations.add(new Violation(field, "looks_like_patient_data"));
        }
        return v;
    }

    int count(String field, Integer value) {
        if (value == null) {
            violations.add(new Violation(field, "required"));
            return 0;
        }
        if (value < 0 || value > 99) {
            violations.add(new Violation(field, "out_of_range"));
        }
        return value;
    }

    void check(boolean ok, String field, String problem) {
        if (!ok) {
            violations.add(new Violation(field, problem));
        }
    }
}
