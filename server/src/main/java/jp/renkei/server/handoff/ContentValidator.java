package jp.renkei.server.handoff;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.renkei.protocol.Violation;
import tools.jackson.databind.JsonNode;

/**
 * Checks a sheet's contents against its template: no field the template does not define, each value
 * of its field's type (text within its length, a date {@code yyyy-MM-dd}, a date-time
 * {@code yyyy-MM-ddTHH:mm} in Japan time, one of the choices, a list of distinct choices, true/false),
 * and — when the sheet is sent — every required field filled. Drafts may be incomplete. The browser runs
 * the same rules from the same template (js/views/handoff-form.js).
 */
final class ContentValidator {

    private ContentValidator() {
    }

    /**
     * The normalised contents (strings stripped, empty values dropped), or the violations in
     * {@code out} (fields as {@code content.<id>}).
     */
    static Map<String, Object> validate(HandoffTemplate template, JsonNode content, boolean complete,
                                        List<Violation> out) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (content != null && !content.isNull() && !content.isObject()) {
            out.add(new Violation("content", "bad_type"));
            return values;
        }
        Map<String, HandoffTemplate.Field> fields = template.fields();
        if (content != null && content.isObject()) {
            for (String name : content.propertyNames()) {
                if (!fields.containsKey(name)) {
                    out.add(new Violation("content." + (name.length() > 40 ? name.substring(0, 40) : name), "unknown_field"));
                }
            }
        }
        for (HandoffTemplate.Field f : fields.values()) {
            JsonNode x = content == null ? null : content.get(f.id());
            String path = "content." + f.id();
            Object value = x == null || x.isNull() ? null : value(f, x, path, out);
            if (value != null) {
                values.put(f.id(), value);
            } else if (complete && f.required() && (x == null || x.isNull() || isEmpty(x))) {
                out.add(new Violation(path, "required"));
            }
        }
        return values;
    }

    private static boolean isEmpty(JsonNode x) {
        return (x.isString() && x.asString().isBlank()) || (x.isArray() && x.isEmpty());
    }

    private static Object value(HandoffTemplate.Field f, JsonNode x, String path, List<Violation> out) {
        switch (f.type()) {
            case "text", "textarea", "date", "datetime", "choice" -> {
                if (!x.isString()) {
                    out.add(new Violation(path, "bad_type"));
                    return null;
                }
                String s = x.asString().strip();
                if (s.isEmpty()) {
                    return null;
                }
                if (s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')
                        || (f.type().equals("text") && s.indexOf('\n') >= 0)) {
                    out.add(new Violation(path, "bad_characters"));
                    return null;
                }
                if (f.type().equals("choice")) {
                    if (!f.choices().contains(s)) {
                        out.add(new Violation(path, "not_a_choice"));
                        return null;
                    }
                    return s;
                }
                if (f.type().equals("date") || f.type().equals("datetime")) {
                    try {
                        if (f.type().equals("date")) {
                            LocalDate.parse(s);
                            if (s.length() != 10) {
                                throw new DateTimeParseException("", s, 0);
                            }
                        } else {
                            LocalDateTime.parse(s);
                            if (s.length() != 16) {
                                throw new DateTimeParseException("", s, 0);
                            }
                        }
                    } catch (DateTimeParseException e) {
                        out.add(new Violation(path, "bad_format"));
                        return null;
                    }
                    return s;
                }
                if (s.codePointCount(0, s.length()) > f.maxText()) {
                    out.add(new Violation(path, "too_long"));
                    return null;
                }
                return s;
            }
            case "multichoice" -> {
                if (!x.isArray()) {
                    out.add(new Violation(path, "bad_type"));
                    return null;
                }
                List<String> picked = new ArrayList<>();
                for (JsonNode c : x) {
                    if (!c.isString() || !f.choices().contains(c.asString()) || picked.contains(c.asString())) {
                        out.add(new Violation(path, "not_a_choice"));
                        return null;
                    }
                    picked.add(c.asString());
                }
                return picked.isEmpty() ? null : List.copyOf(picked);
            }
            case "boolean" -> {
                if (!x.isBoolean()) {
                    out.add(new Violation(path, "bad_type"));
                    return null;
                }
                return x.asBoolean();
            }
            default -> {
                out.add(new Violation(path, "bad_type"));
                return null;
            }
        }
    }
}
