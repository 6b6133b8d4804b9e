package jp.renkei.server.handoff;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jp.renkei.protocol.Violation;
import jp.renkei.server.error.DomainException;
import tools.jackson.databind.JsonNode;

/**
 * A handoff form as data: sections of typed fields (text, textarea, date, datetime, choice, multichoice,
 * boolean) with required flags, choices and maximum lengths. Versioned: a filled sheet keeps the
 * {@code id} and {@code version} it was written with, and a template once stored never changes (a region
 * that changes its form adds a version). The same definition drives the server's validation
 * ({@link ContentValidator}) and the browser's form.
 *
 * @param region the region (e.g. 岡山市) whose operator added it, or {@code null} for the built-in ones
 */
record HandoffTemplate(String id, int version, String kind, String region, String title, String basis,
                       List<Section> sections) {

    static final Set<String> KINDS = Set.of("admission", "discharge");
    static final Set<String> TYPES = Set.of("text", "textarea", "date", "datetime", "choice", "multichoice", "boolean");
    static final int MAX_SECTIONS = 30;
    static final int MAX_FIELDS = 200;
    static final int MAX_CHOICES = 40;
    static final int MAX_LABEL = 100;
    static final int MAX_TEXT_LENGTH = 4000;
    static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{2,59}";

    record Section(String id, String title, List<Field> fields) {
    }

    record Field(String id, String label, String type, boolean required, List<String> choices, Integer maxLength) {

        /** The longest text accepted (text/textarea); 100 and 2,000 when the template does not say. */
        int maxText() {
            if (maxLength != null) {
                return maxLength;
            }
            return type.equals("textarea") ? 2000 : 100;
        }
    }

    String key() {
        return id + "@" + version;
    }

    /** Every field by id, in form order. */
    Map<String, Field> fields() {
        Map<String, Field> all = new LinkedHashMap<>();
        sections.forEach(s -> s.fields().forEach(f -> all.put(f.id(), f)));
        return all;
    }

    /**
     * Reads and checks a template definition (built-in resource or an operator's upload); every problem
     * is a {@link Violation} with the JSON path, and nothing is returned unless all is well.
     */
    static HandoffTemplate parse(JsonNode n) {
        List<Violation> v = new ArrayList<>();
        if (n == null || !n.isObject()) {
            throw DomainException.invalid("body", "required");
        }
        Set<String> known = Set.of("id", "version", "kind", "region", "title", "basis", "sections");
        n.propertyNames().forEach(k -> {
            if (!known.contains(k)) {
                v.add(new Violation(k, "unknown_field"));
            }
        });
        String id = text(n, "id", v, true, 60);
        if (id != null && !id.matches(ID_PATTERN)) {
            v.add(new Violation("id", "bad_format"));
        }
        int version = n.path("version").isInt() ? n.path("version").asInt() : -1;
        if (version < 1 || version > 9999) {
            v.add(new Violation("version", n.has("version") ? "out_of_range" : "required"));
        }
        String kind = text(n, "kind", v, true, 20);
        if (kind != null && !KINDS.contains(kind)) {
            v.add(new Violation("kind", "unknown_value"));
        }
        String region = text(n, "region", v, false, 60);
        String title = text(n, "title", v, true, MAX_LABEL);
        String basis = text(n, "basis", v, false, 200);
        List<Section> sections = new ArrayList<>();
        JsonNode ss = n.path("sections");
        if (!ss.isArray() || ss.isEmpty()) {
            v.add(new Violation("sections", "required"));
        } else if (ss.size() > MAX_SECTIONS) {
            v.add(new Violation("sections", "too_many"));
        } else {
            Set<String> fieldIds = new HashSet<>();
            Set<String> sectionIds = new HashSet<>();
            int count = 0;
            for (int i = 0; i < ss.size(); i++) {
                JsonNode s = ss.get(i);
                String p = "sections[" + i + "]";
                if (!s.isObject()) {
                    v.add(new Violation(p, "bad_type"));
                    continue;
                }
                String sid = text(s, "id", v, true, 40, p + ".");
                if (sid != null && !sectionIds.add(sid)) {
                    v.add(new Violation(p + ".id", "duplicate"));
                }
                String stitle = text(s, "title", v, true, MAX_LABEL, p + ".");
                List<Field> fields = new ArrayList<>();
                JsonNode fs = s.path("fields");
                if (!fs.isArray() || fs.isEmpty()) {
                    v.add(new Violation(p + ".fields", "required"));
                    continue;
                }
                for (int j = 0; j < fs.size(); j++) {
                    Field f = field(fs.get(j), p + ".fields[" + j + "]", v);
                    if (f != null) {
                        if (!fieldIds.add(f.id())) {
                            v.add(new Violation(p + ".fields[" + j + "].id", "duplicate"));
                        }
                        fields.add(f);
                    }
                    count++;
                }
                sections.add(new Section(sid, stitle, List.copyOf(fields)));
            }
            if (count > MAX_FIELDS) {
                v.add(new Violation("sections", "too_many_fields"));
            }
        }
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        return new HandoffTemplate(id, version, kind, region, title, basis, List.copyOf(sections));
    }

    private static Field field(JsonNode f, String p, List<Violation> v) {
        if (f == null || !f.isObject()) {
            v.add(new Violation(p, "bad_type"));
            return null;
        }
        String id = text(f, "id", v, true, 40, p + ".");
        if (id != null && !id.matches("[A-Za-z][A-Za-z0-9_]{0,39}")) {
            v.add(new Violation(p + ".id", "bad_format"));
        }
        String label = text(f, "label", v, true, MAX_LABEL, p + ".");
        String type = text(f, "type", v, true, 20, p + ".");
        if (type != null && !TYPES.contains(type)) {
            v.add(new Violation(p + ".type", "unknown_value"));
        }
        boolean required = f.path("required").asBoolean(false);
        List<String> choices = null;
        boolean needsChoices = "choice".equals(type) || "multichoice".equals(type);
        if (f.has("choices")) {
            JsonNode cs = f.get("choices");
            if (!needsChoices || !cs.isArray() || cs.isEmpty() || cs.size() > MAX_CHOICES) {
                v.add(new Violation(p + ".choices", needsChoices ? "bad_value" : "not_allowed"));
            } else {
                choices = new ArrayList<>();
                for (JsonNode c : cs) {
                    if (!c.isString() || c.asString().isBlank() || c.asString().length() > MAX_LABEL
                            || choices.contains(c.asString())) {
                        v.add(new Violation(p + ".choices", "bad_value"));
                        break;
                    }
                    choices.add(c.asString());
                }
                choices = List.copyOf(choices);
            }
        } else if (needsChoices) {
            v.add(new Violation(p + ".choices", "required"));
        }
        Integer max = null;
        if (f.has("maxLength")) {
            boolean texty = "text".equals(type) || "textarea".equals(type);
            if (!texty || !f.get("maxLength").isInt() || f.get("maxLength").asInt() < 1
                    || f.get("maxLength").asInt() > MAX_TEXT_LENGTH) {
                v.add(new Violation(p + ".maxLength", texty ? "out_of_range" : "not_allowed"));
            } else {
                max = f.get("maxLength").asInt();
            }
        }
        return id == null || label == null || type == null ? null : new Field(id, label, type, required, choices, max);
    }

    private static String text(JsonNode n, String name, List<Violation> v, boolean required, int max) {
        return text(n, name, v, required, max, "");
    }

    private static String text(JsonNode n, String name, List<Violation> v, boolean required, int max, String prefix) {
        JsonNode x = n.get(name);
        if (x == null || x.isNull()) {
            if (required) {
                v.add(new Violation(prefix + name, "required"));
            }
            return null;
        }
        if (!x.isString()) {
            v.add(new Violation(prefix + name, "bad_type"));
            return null;
        }
        String s = x.asString().strip();
        if (s.isEmpty() && required) {
            v.add(new Violation(prefix + name, "required"));
            return null;
        }
        if (s.codePointCount(0, s.length()) > max) {
            v.add(new Violation(prefix + name, "too_long"));
            return null;
        }
        return s;
    }
}
