package jp.renkei.server.handoff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jp.renkei.protocol.Violation;
import jp.renkei.server.error.DomainException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Template validation: the built-in templates parse; contents are checked against a template (required
 * only when complete, choices, lengths, types, unknown fields); broken template definitions are refused
 * with the path of each problem.
 */
class TemplateValidationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    private static HandoffTemplate builtIn(String name) throws Exception {
        try (var in = HandoffTemplates.class.getResourceAsStream(name)) {
            return HandoffTemplate.parse(JSON.readTree(in));
        }
    }

    private static List<Violation> check(HandoffTemplate t, String content, boolean complete) {
        List<Violation> v = new ArrayList<>();
        ContentValidator.validate(t, json(content), complete, v);
        return v;
    }

    @Test
    void theBuiltInTemplatesAreValid() throws Exception {
        HandoffTemplate admission = builtIn("template-admission.json");
        HandoffTemplate discharge = builtIn("template-discharge.json");
        assertThat(admission.kind()).isEqualTo("admission");
        assertThat(admission.fields()).containsKeys("medications", "cognition", "keyPerson", "servicesInUse", "wishesPatient");
        assertThat(discharge.fields()).containsKeys("diagnosis", "medicalProcedures", "medicationChanges",
                "plannedDischargeOn", "conferenceAt", "whatToWatch", "followUp");
    }

    @Test
    void requiredFieldsAreRequiredOnlyWhenSending() throws Exception {
        HandoffTemplate t = builtIn("template-discharge.json");
        assertThat(check(t, "{\"diagnosis\":\"心不全\"}", false)).isEmpty();
        List<Violation> v = check(t, "{\"diagnosis\":\"心不全\",\"course\":\"  \"}", true);
        assertThat(v).contains(new Violation("content.course", "required"),
                new Violation("content.plannedDischargeOn", "required"));
        assertThat(v).doesNotContain(new Violation("content.diagnosis", "required"));
    }

    @Test
    void choicesMustBeOfferedOnes() throws Exception {
        HandoffTemplate t = builtIn("template-discharge.json");
        assertThat(check(t, "{\"mobility\":\"自立\"}", false)).isEmpty();
        assertThat(check(t, "{\"mobility\":\"ほぼ自立\"}", false)).containsExactly(new Violation("content.mobility", "not_a_choice"));
        assertThat(check(t, "{\"medicalProcedures\":[\"在宅酸素\",\"魔法\"]}", false))
                .containsExactly(new Violation("content.medicalProcedures", "not_a_choice"));
        assertThat(check(t, "{\"medicalProcedures\":[\"在宅酸素\",\"在宅酸素\"]}", false))
                .containsExactly(new Violation("content.medicalProcedures", "not_a_choice"));
        assertThat(check(t, "{\"medicalProcedures\":\"在宅酸素\"}", false))
                .containsExactly(new Violation("content.medicalProcedures", "bad_type"));
    }

    @Test
    void lengthsTypesAndFormatsAreChecked() throws Exception {
        HandoffTemplate t = builtIn("template-discharge.json");
        assertThat(check(t, "{\"oxygenFlow\":\"" + "あ".repeat(60) + "\"}", false)).isEmpty();
        assertThat(check(t, "{\"oxygenFlow\":\"" + "あ".repeat(61) + "\"}", false))
                .containsExactly(new Violation("content.oxygenFlow", "too_long"));
        assertThat(check(t, "{\"oxygenFlow\":\"1L\\n2L\"}", false))
                .containsExactly(new Violation("content.oxygenFlow", "bad_characters"));
        assertThat(check(t, "{\"plannedDischargeOn\":\"2026-12-32\"}", false))
                .containsExactly(new Violation("content.plannedDischargeOn", "bad_format"));
        assertThat(check(t, "{\"conferenceAt\":\"2026-12-14 14:00\"}", false))
                .containsExactly(new Violation("content.conferenceAt", "bad_format"));
        assertThat(check(t, "{\"diagnosis\":42}", false)).containsExactly(new Violation("content.diagnosis", "bad_type"));
        HandoffTemplate a = builtIn("template-admission.json");
        assertThat(check(a, "{\"dentures\":\"yes\"}", false)).containsExactly(new Violation("content.dentures", "bad_type"));
        assertThat(check(a, "{\"dentures\":true}", false)).isEmpty();
    }

    @Test
    void unknownFieldsAreRefused() throws Exception {
        HandoffTemplate t = builtIn("template-discharge.json");
        assertThat(check(t, "{\"diagnosis\":\"心不全\",\"bloodType\":\"A\"}", false))
                .containsExactly(new Violation("content.bloodType", "unknown_field"));
        assertThat(check(t, "[1]", false)).containsExactly(new Violation("content", "bad_type"));
    }

    @Test
    void validContentsAreNormalised() throws Exception {
        HandoffTemplate t = builtIn("template-discharge.json");
        List<Violation> v = new ArrayList<>();
        Map<String, Object> out = ContentValidator.validate(t, json("{\"diagnosis\":\"  心不全 \",\"course\":\"\"}"), false, v);
        assertThat(v).isEmpty();
        assertThat(out).containsExactly(Map.entry("diagnosis", "心不全"));
    }

    @Test
    void brokenTemplateDefinitionsAreRefusedWithEveryProblem() {
        String bad = """
                {"id":"X","version":0,"kind":"transfer","title":"様式","sections":[
                  {"id":"s","title":"節","fields":[
                    {"id":"a","label":"A","type":"choice"},
                    {"id":"a","label":"B","type":"text","maxLength":0},
                    {"id":"c","label":"C","type":"colour"},
                    {"id":"d","label":"D","type":"boolean","choices":["x"]}]}],
                 "extra":1}""";
        assertThatThrownBy(() -> HandoffTemplate.parse(json(bad))).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.violations()).extracting(Violation::field, Violation::problem).contains(
                        org.assertj.core.groups.Tuple.tuple("extra", "unknown_field"),
                        org.assertj.core.groups.Tuple.tuple("id", "bad_format"),
                        org.assertj.core.groups.Tuple.tuple("version", "out_of_range"),
                        org.assertj.core.groups.Tuple.tuple("kind", "unknown_value"),
                        org.assertj.core.groups.Tuple.tuple("sections[0].fields[0].choices", "required"),
                        org.assertj.core.groups.Tuple.tuple("sections[0].fields[1].id", "duplicate"),
                        org.assertj.core.groups.Tuple.tuple("sections[0].fields[1].maxLength", "out_of_range"),
                        org.assertj.core.groups.Tuple.tuple("sections[0].fields[2].type", "unknown_value"),
                        org.assertj.core.groups.Tuple.tuple("sections[0].fields[3].choices", "not_allowed")));
    }
}
