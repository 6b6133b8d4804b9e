package jp.renkei.protocol;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NoteValidator} and {@code note-content.schema.json} accept and refuse the same notes: the
 * note-content examples, the {@code note} inside post and edit commands and inside note events, and
 * generated boundary cases.
 *
 * <p>JSON is read into {@link Notes.NoteContent} with {@link Schemas#STRICT}; a note that cannot be
 * read into the records at all (e.g. {@code "pulse": 72.5}, {@code "urgent": "yes"}) counts as refused:
 * the server answers such input with {@code INVALID_FIELD} or {@code MALFORMED_JSON}.
 */
class NoteValidatorAgreementTest {

    private static final String PREFIX = "note";

    /** Marker for "cannot be read into the records". */
    private static final List<Violation> UNREADABLE = List.of(new Violation("(json)", "unreadable"));

    /**
     * What the validator reports for each invalid note-content example. Every invalid note-content
     * example must be listed here, so a new example states its expected violations.
     */
    private static final Map<String, List<Violation>> EXPECTED_VIOLATIONS = Map.ofEntries(
            entry("missing-kind", List.of(v("note.kind", "required"))),
            entry("unknown-kind", List.of(v("note.kind", "unknown_value"))),
            entry("free-missing-text", List.of(v("note.text", "required"))),
            entry("free-null-text", List.of(v("note.text", "required"))),
            entry("free-empty-text", List.of(v("note.text", "required"))),
            entry("free-blank-text", List.of(v("note.text", "required"))),
            entry("free-fullwidth-space-text", List.of(v("note.text", "required"))),
            entry("free-text-too-long", List.of(v("note.text", "too_long"))),
            entry("visit-text-too-long", List.of(v("note.text", "too_long"))),
            entry("free-with-visit", List.of(v("note.visit", "not_allowed"))),
            entry("free-with-empty-visit", List.of(v("note.visit", "not_allowed"))),
            entry("visit-missing-visit", List.of(v("note.visit", "required"))),
            entry("visit-null-visit", List.of(v("note.visit", "required"))),
            entry("visit-empty-visit", List.of(v("note.visit", "required"))),
            entry("visit-empty-vitals-only", List.of(v("note.visit", "required"))),
            entry("visit-null-vitals-only", List.of(v("note.visit", "required"))),
            entry("visit-blank-fields-only", List.of(v("note.visit", "required"))),
            entry("visit-unknown-field-only", List.of(v("note.visit", "required"))),
            entry("visit-field-too-long", List.of(v("note.visit.skin", "too_long"))),
            entry("visit-blank-field-too-long", List.of(v("note.visit.adl", "too_long"))),
            entry("temperature-too-low", List.of(v("note.visit.vitals.temperature", "out_of_range"))),
            entry("temperature-too-high", List.of(v("note.visit.vitals.temperature", "out_of_range"))),
            entry("temperature-two-decimals", List.of(v("note.visit.vitals.temperature", "bad_format"))),
            entry("temperature-as-string", UNREADABLE),
            entry("systolic-too-high", List.of(v("note.visit.vitals.systolic", "out_of_range"))),
            entry("systolic-too-low", List.of(v("note.visit.vitals.systolic", "out_of_range"))),
            entry("diastolic-too-low", List.of(v("note.visit.vitals.diastolic", "out_of_range"))),
            entry("diastolic-too-high", List.of(v("note.visit.vitals.diastolic", "out_of_range"))),
            entry("pulse-too-high", List.of(v("note.visit.vitals.pulse", "out_of_range"))),
            entry("pulse-too-low", List.of(v("note.visit.vitals.pulse", "out_of_range"))),
            entry("pulse-not-integer", UNREADABLE),
            entry("spo2-too-high", List.of(v("note.visit.vitals.spo2", "out_of_range"))),
            entry("spo2-too-low", List.of(v("note.visit.vitals.spo2", "out_of_range"))),
            entry("respiratory-rate-too-low", List.of(v("note.visit.vitals.respiratoryRate", "out_of_range"))),
            entry("respiratory-rate-too-high", List.of(v("note.visit.vitals.respiratoryRate", "out_of_range"))),
            entry("mentions-too-many", List.of(v("note.mentions", "too_many"))),
            entry("mentions-duplicate", List.of(v("note.mentions", "duplicate"))),
            entry("mentions-fullwidth-digits", List.of(v("note.mentions[0]", "bad_format"))),
            entry("mentions-room-id", List.of(v("note.mentions[0]", "bad_format"))),
            entry("mentions-empty-id", List.of(v("note.mentions[0]", "bad_format"))),
            entry("mentions-id-too-long", List.of(v("note.mentions[0]", "bad_format"))),
            entry("mentions-trailing-newline", List.of(v("note.mentions[0]", "bad_format"))),
            entry("mentions-null-item", List.of(v("note.mentions[0]", "bad_format"))),
            entry("urgent-not-boolean", UNREADABLE),
            entry("text-not-string", UNREADABLE),
            entry("not-an-object", UNREADABLE),
            entry("several-problems", List.of(
                    v("note.visit.nextCheck", "too_long"),
                    v("note.visit.vitals.temperature", "bad_format"),
                    v("note.visit.vitals.spo2", "out_of_range"),
                    v("note.mentions[1]", "bad_format"))));

    private static Violation v(String field, String problem) {
        return new Violation(field, problem);
    }

    /** The validator's verdict on a JSON note ({@code null} or missing: no note at all). */
    static List<Violation> javaVerdict(JsonNode note) {
        if (note == null || note.isMissingNode() || note.isNull()) {
            return NoteValidator.validate(null, PREFIX);
        }
        Notes.NoteContent content;
        try {
            content = Schemas.STRICT.treeToValue(note, Notes.NoteContent.class);
        } catch (JacksonException | IllegalArgumentException e) {
            return UNREADABLE;
        }
        return NoteValidator.validate(content, PREFIX);
    }

    static boolean schemaAccepts(JsonNode note) {
        if (note == null || note.isMissingNode()) {
            return false;
        }
        return Schemas.validate("note-content", note).isEmpty();
    }

    /** Every example containing a note, with the path to the note inside it. */
    static Stream<Arguments> notesInExamples() {
        List<Arguments> out = new ArrayList<>();
        for (String validity : List.of("valid", "invalid")) {
            for (Path example : Schemas.examples(validity)) {
                String schema = Schemas.schemaOf(example);
                JsonNode root = Schemas.read(example);
                switch (schema) {
                    case "note-content" -> out.add(Arguments.of(Schemas.caseOf(example), root));
                    case "command-post-note", "command-edit-note" ->
                            out.add(Arguments.of(Schemas.caseOf(example), root.path("note")));
                    case "server-room-event" -> {
                        String kind = root.path("kind").asText();
                        if (kind.equals("note.posted") || kind.equals("note.edited")) {
                            out.add(Arguments.of(Schemas.caseOf(example), root.path("content").path("note")));
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notesInExamples")
    void validatorAndSchemaAgree(String example, JsonNode note) {
        List<Violation> violations = javaVerdict(note);
        assertThat(schemaAccepts(note))
                .as("%s: schema accepts; NoteValidator says %s", example, violations)
                .isEqualTo(violations.isEmpty());
    }

    @Test
    void everyInvalidNoteExampleHasItsExpectedViolations() {
        TreeSet<String> cases = new TreeSet<>();
        for (Path example : Schemas.examples("invalid")) {
            if (!Schemas.schemaOf(example).equals("note-content")) {
                continue;
            }
            String name = Schemas.caseOf(example).substring("note-content--".length());
            cases.add(name);
            assertThat(EXPECTED_VIOLATIONS).as("expected violations listed for " + name).containsKey(name);
            assertThat(javaVerdict(Schemas.read(example))).as(name).isEqualTo(EXPECTED_VIOLATIONS.get(name));
        }
        assertThat(cases).as("no stale entries").isEqualTo(new TreeSet<>(EXPECTED_VIOLATIONS.keySet()));
    }

    @Test
    void everyValidNoteExampleHasNoViolations() {
        for (Path example : Schemas.examples("valid")) {
            if (Schemas.schemaOf(example).equals("note-content")) {
                assertThat(javaVerdict(Schemas.read(example))).as(Schemas.caseOf(example)).isEmpty();
            }
        }
    }

    @Test
    void commandsWithoutANoteAreRefusedByBoth() {
        assertThat(javaVerdict(null)).containsExactly(v("note", "required"));
        for (String json : List.of(
                "{\"roomId\":\"r-7Fq2kP9xZ1\",\"txnId\":\"a\"}",
                "{\"roomId\":\"r-7Fq2kP9xZ1\",\"txnId\":\"a\",\"note\":null}")) {
            assertThat(Schemas.validate("command-post-note", parse(json))).as(json).isNotEmpty();
        }
    }

    // ------------------------------------------------------------------ generated cases

    /** Every temperature from 30.0 to 45.0 in steps of 0.1 is accepted by both; the half-steps by neither. */
    @Test
    void temperatureOneDecimalAgreesOverTheWholeRange() {
        for (int tenths = 290; tenths <= 460; tenths++) {
            BigDecimal t = BigDecimal.valueOf(tenths, 1);
            boolean inRange = tenths >= 300 && tenths <= 450;
            assertAgree(visitWithVital("temperature", t.toPlainString()), inRange, "temperature " + t);
            BigDecimal half = t.add(new BigDecimal("0.05"));
            assertAgree(visitWithVital("temperature", half.toPlainString()), false, "temperature " + half);
        }
        assertAgree(visitWithVital("temperature", "36.50"), true, "36.50");
        assertAgree(visitWithVital("temperature", "36.500"), true, "36.500");
        assertAgree(visitWithVital("temperature", "37"), true, "37");
        assertAgree(visitWithVital("temperature", "36.01"), false, "36.01");
        assertAgree(visitWithVital("temperature", "36.99"), false, "36.99");
    }

    @Test
    void temperatureInExponentNotationAgrees() {
        assertAgree(visitWithVital("temperature", "3.65e1"), true, "3.65e1");
        assertAgree(visitWithVital("temperature", "365E-1"), true, "365E-1");
        assertAgree(visitWithVital("temperature", "3.655e1"), false, "3.655e1");
    }

    @Test
    void integerVitalsAgreeAtTheirBoundaries() {
        Object[][] ranges = {
                {"systolic", 40, 300}, {"diastolic", 20, 200}, {"pulse", 20, 250},
                {"spo2", 50, 100}, {"respiratoryRate", 4, 80}};
        for (Object[] r : ranges) {
            String field = (String) r[0];
            int min = (int) r[1];
            int max = (int) r[2];
            for (int value : new int[] {Integer.MIN_VALUE, -1, 0, min - 1, min, min + 1, max - 1, max, max + 1,
                    Integer.MAX_VALUE}) {
                boolean ok = value >= min && value <= max;
                assertAgree(visitWithVital(field, Integer.toString(value)), ok, field + " " + value);
            }
        }
    }

    @Test
    void textLengthsAgreeAtTheLimits() {
        assertAgree(free("あ".repeat(Limits.MAX_NOTE_TEXT)), true, "text 4000");
        assertAgree(free("あ".repeat(Limits.MAX_NOTE_TEXT + 1)), false, "text 4001");
        for (String field : List.of("medication", "meals", "excretion", "sleep", "skin", "adl", "mood", "changes",
                "nextCheck")) {
            ObjectNode note = visit();
            ((ObjectNode) note.get("visit")).put(field, "記".repeat(Limits.MAX_VISIT_FIELD));
            assertAgree(note, true, field + " 1000");
            ((ObjectNode) note.get("visit")).put(field, "記".repeat(Limits.MAX_VISIT_FIELD + 1));
            assertAgree(note, false, field + " 1001");
            ((ObjectNode) note.get("visit")).put(field, "\u3000\t ");
            assertAgree(note, false, field + " blank only");
            ((ObjectNode) note.get("visit")).put(field, "\u3000済");
            assertAgree(note, true, field + " not blank");
        }
    }

    @Test
    void mentionCountsAgreeAtTheLimit() {
        for (int n = 0; n <= Limits.MAX_MENTIONS + 1; n++) {
            ObjectNode note = free("連絡です。");
            ArrayNode mentions = note.putArray("mentions");
            for (int i = 0; i < n; i++) {
                mentions.add("u-m" + i);
            }
            assertAgree(note, n <= Limits.MAX_MENTIONS, n + " mentions");
        }
    }

    /**
     * "Blank" is Java's {@link String#isBlank()}: the schema's not-blank pattern must name exactly the
     * characters {@link Character#isWhitespace(int)} names. Checked for every BMP character on its own.
     */
    @Test
    void blankTextAgreesForEveryBmpCharacter() {
        List<String> disagreements = new ArrayList<>();
        for (char c = 0; c < Character.MIN_SURROGATE; c++) {
            check(String.valueOf(c), disagreements);
        }
        for (int c = Character.MAX_SURROGATE + 1; c <= 0xFFFF; c++) {
            check(String.valueOf((char) c), disagreements);
        }
        check("\uD842\uDFB7", disagreements); // 𠮷, outside the BMP
        assertThat(disagreements).isEmpty();
    }

    private static void check(String text, List<String> disagreements) {
        ObjectNode note = free(text);
        boolean java = javaVerdict(note).isEmpty();
        if (java != schemaAccepts(note)) {
            disagreements.add(String.format("U+%04X", text.codePointAt(0)));
        }
        if (java == text.isBlank()) {
            disagreements.add(String.format("U+%04X (validator)", text.codePointAt(0)));
        }
    }

    /**
     * Lengths are counted in characters (code points) by both the schema and the validator, so a
     * character outside the BMP (two UTF-16 units) counts once.
     */
    @Test
    void lengthsOutsideTheBmpCountAsOneCharacterInBoth() {
        ObjectNode tooLong = free("\uD842\uDFB7".repeat(4001));
        assertThat(schemaAccepts(tooLong)).isFalse();
        assertThat(javaVerdict(tooLong)).containsExactly(v("note.text", "too_long"));
        ObjectNode ok = free("\uD842\uDFB7".repeat(4000));
        assertThat(schemaAccepts(ok)).isTrue();
        assertThat(javaVerdict(ok)).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static void assertAgree(JsonNode note, boolean expected, String what) {
        List<Violation> violations = javaVerdict(note);
        assertThat(violations.isEmpty()).as("%s: NoteValidator %s", what, violations).isEqualTo(expected);
        assertThat(schemaAccepts(note)).as("%s: schema", what).isEqualTo(expected);
    }

    private static ObjectNode free(String text) {
        ObjectNode note = Schemas.JSON.createObjectNode();
        note.put("kind", "free");
        note.put("text", text);
        return note;
    }

    private static ObjectNode visit() {
        ObjectNode note = Schemas.JSON.createObjectNode();
        note.put("kind", "visit");
        note.putObject("visit");
        return note;
    }

    /** A visit note with one vital sign, written as the JSON number literal {@code literal}. */
    private static JsonNode visitWithVital(String field, String literal) {
        return parse("{\"kind\":\"visit\",\"visit\":{\"vitals\":{\"" + field + "\":" + literal + "}}}");
    }

    private static JsonNode parse(String json) {
        try {
            return Schemas.JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
