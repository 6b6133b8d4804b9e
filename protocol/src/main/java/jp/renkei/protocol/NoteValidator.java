package jp.renkei.protocol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link Notes.NoteContent} against the contract. The same rules are in
 * {@code schema/note-content.schema.json}; both are tested against the same examples.
 * Membership of mentioned users is checked by the server, which knows the room.
 */
public final class NoteValidator {

    private static final BigDecimal TEMP_MIN = new BigDecimal("30.0");
    private static final BigDecimal TEMP_MAX = new BigDecimal("45.0");

    private NoteValidator() {
    }

    /** All violations of {@code note}, each with a path below {@code prefix}; empty if valid. */
    public static List<Violation> validate(Notes.NoteContent note, String prefix) {
        List<Violation> out = new ArrayList<>();
        if (note == null) {
            out.add(new Violation(prefix, "required"));
            return out;
        }
        Notes.Kind kind = Notes.Kind.fromWire(note.kind());
        if (note.kind() == null) {
            out.add(new Violation(prefix + ".kind", "required"));
        } else if (kind == null) {
            out.add(new Violation(prefix + ".kind", "unknown_value"));
        }
        String text = note.text();
        if (text != null && !isWellFormed(text)) {
            out.add(new Violation(prefix + ".text", "bad_text"));
        } else if (text != null && length(text) > Limits.MAX_NOTE_TEXT) {
            out.add(new Violation(prefix + ".text", "too_long"));
        }
        if (kind == Notes.Kind.FREE) {
            if (isBlank(text)) {
                out.add(new Violation(prefix + ".text", "required"));
            }
            if (note.visit() != null) {
                out.add(new Violation(prefix + ".visit", "not_allowed"));
            }
        }
        if (kind == Notes.Kind.VISIT) {
            validateVisit(note.visit(), prefix + ".visit", out);
        }
        List<String> mentions = note.mentions();
        if (mentions != null) {
            if (mentions.size() > Limits.MAX_MENTIONS) {
                out.add(new Violation(prefix + ".mentions", "too_many"));
            } else {
                for (int i = 0; i < mentions.size(); i++) {
                    if (!Ids.isValidUserId(mentions.get(i))) {
                        out.add(new Violation(prefix + ".mentions[" + i + "]", "bad_format"));
                    }
                }
                if (new HashSet<>(mentions).size() != mentions.size()) {
                    out.add(new Violation(prefix + ".mentions", "duplicate"));
                }
            }
        }
        if (note.replyTo() != null && !Ids.isValidEventIdShape(note.replyTo())) {
            out.add(new Violation(prefix + ".replyTo", "bad_format"));
        }
        List<String> photos = note.photos();
        if (photos != null) {
            if (photos.size() > Limits.MAX_PHOTOS_PER_NOTE) {
                out.add(new Violation(prefix + ".photos", "too_many"));
            } else {
                for (int i = 0; i < photos.size(); i++) {
                    if (!Ids.isValidPhotoId(photos.get(i))) {
                        out.add(new Violation(prefix + ".photos[" + i + "]", "bad_format"));
                    }
                }
                if (new HashSet<>(photos).size() != photos.size()) {
                    out.add(new Violation(prefix + ".photos", "duplicate"));
                }
            }
        }
        return out;
    }

    private static void validateVisit(Notes.VisitRecord visit, String path, List<Violation> out) {
        if (visit == null) {
            out.add(new Violation(path, "required"));
            return;
        }
        boolean any = false;
        for (Map.Entry<String, String> field : visit.textFields()) {
            String value = field.getValue();
            if (!value.isBlank()) {
                any = true;
            }
            if (!isWellFormed(value)) {
                out.add(new Violation(path + "." + field.getKey(), "bad_text"));
            } else if (length(value) > Limits.MAX_VISIT_FIELD) {
                out.add(new Violation(path + "." + field.getKey(), "too_long"));
            }
        }
        Notes.Vitals v = visit.vitals();
        if (v != null) {
            String vp = path + ".vitals";
            if (v.temperature() != null) {
                any = true;
                if (v.temperature().compareTo(TEMP_MIN) < 0 || v.temperature().compareTo(TEMP_MAX) > 0) {
                    out.add(new Violation(vp + ".temperature", "out_of_range"));
                } else if (v.temperature().stripTrailingZeros().scale() > 1) {
                    out.add(new Violation(vp + ".temperature", "bad_format"));
                }
            }
            any |= range(v.systolic(), 40, 300, vp + ".systolic", out);
            any |= range(v.diastolic(), 20, 200, vp + ".diastolic", out);
            any |= range(v.pulse(), 20, 250, vp + ".pulse", out);
            any |= range(v.spo2(), 50, 100, vp + ".spo2", out);
            any |= range(v.respiratoryRate(), 4, 80, vp + ".respiratoryRate", out);
        }
        if (!any) {
            out.add(new Violation(path, "required"));
        }
    }

    private static boolean range(Integer value, int min, int max, String path, List<Violation> out) {
        if (value == null) {
            return false;
        }
        if (value < min || value > max) {
            out.add(new Violation(path, "out_of_range"));
        }
        return true;
    }

    /**
     * Whether {@code s} is well-formed UTF-16: every surrogate is part of a pair. A lone surrogate (a
     * JSON {@code \ud800} escape without its pair) has no UTF-8 form and could not be stored as sent;
     * it is refused with problem {@code bad_text}.
     */
    public static boolean isWellFormed(String s) {
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

    /** Characters as people count them (code points), the same as JSON Schema's {@code maxLength}. */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
