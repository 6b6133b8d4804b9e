package jp.renkei.protocol;

import com.networknt.schema.Error;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example in {@code examples/valid} passes its schema and every example in {@code examples/invalid}
 * fails it. An example's schema is named by its file name: {@code <schema-name>--<case>.json}.
 */
class SchemaExamplesTest {

    /** The schemas the contract promises; each has its own file. */
    private static final List<String> EXPECTED_SCHEMAS = List.of(
            "command-ack-note", "command-edit-note", "command-mark-read", "command-post-note",
            "common",
            "http-consent-record", "http-create-room", "http-emergency-access", "http-event-page", "http-invite-member", "http-login-request",
            "http-member-view", "http-room-detail", "http-room-summary", "http-session-info",
            "http-user-view",
            "note-content",
            "server-error-reply", "server-ok-reply", "server-receipt", "server-revoked",
            "server-room-activity", "server-room-event", "server-room-membership",
            // vacant-bed notices (issue 5)
            "http-bed-notice-input", "http-bed-inquiry-input", "server-bed-message");

    static Stream<Path> validExamples() {
        return Schemas.examples("valid").stream();
    }

    static Stream<Path> invalidExamples() {
        return Schemas.examples("invalid").stream();
    }

    static Stream<String> schemaNames() {
        return Schemas.schemaNames().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void validExamplePassesItsSchema(Path example) {
        List<Error> errors = Schemas.validate(Schemas.schemaOf(example), Schemas.read(example));
        assertThat(errors).as(Schemas.caseOf(example)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void invalidExampleFailsItsSchema(Path example) {
        List<Error> errors = Schemas.validate(Schemas.schemaOf(example), Schemas.read(example));
        assertThat(errors).as(Schemas.caseOf(example)).isNotEmpty();
    }

    @Test
    void theSchemaFilesAreExactlyTheContractsList() {
        assertThat(Schemas.schemaNames()).containsExactlyInAnyOrderElementsOf(EXPECTED_SCHEMAS);
    }

    @Test
    void everyExampleNamesAnExistingSchemaAndACase() {
        Set<String> names = new TreeSet<>(Schemas.schemaNames());
        for (String validity : List.of("valid", "invalid")) {
            for (Path example : Schemas.examples(validity)) {
                String file = example.getFileName().toString();
                assertThat(file).as(file).matches("[a-z0-9-]+--[a-z0-9-]+\\.json");
                assertThat(names).as(file).contains(Schemas.schemaOf(example));
            }
        }
    }

    @Test
    void everyMessageSchemaHasValidAndInvalidExamples() {
        Set<String> withValid = new TreeSet<>();
        Schemas.examples("valid").forEach(p -> withValid.add(Schemas.schemaOf(p)));
        Set<String> withInvalid = new TreeSet<>();
        Schemas.examples("invalid").forEach(p -> withInvalid.add(Schemas.schemaOf(p)));
        for (String name : Schemas.schemaNames()) {
            if (name.equals("common")) {
                continue; // definitions only
            }
            assertThat(withValid).as("valid examples for " + name).contains(name);
            assertThat(withInvalid).as("invalid examples for " + name).contains(name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaNames")
    void schemaIsA2020_12SchemaWithItsOwnId(String name) {
        JsonNode schema = Schemas.readSchemaFile(name);
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo(Schemas.ID_BASE + name + ".schema.json");
        assertThat(Schemas.metaSchema().validate(schema)).as(name).isEmpty();
        // Compiles, and every $ref resolves (the validator resolves lazily, so validate something).
        Schemas.validate(name, Schemas.JSON.createObjectNode());
    }

    @Test
    void sessionInfoCarriesTheProtocolVersionAndCsrfHeader() {
        JsonNode props = Schemas.readSchemaFile("http-session-info").path("properties");
        assertThat(props.path("protocolVersion").path("const").asText()).isEqualTo(ProtocolVersion.NAME);
        assertThat(props.path("csrfHeader").path("const").asText()).isEqualTo(Destinations.HEADER_CSRF);
    }

    @Test
    void roomEventSchemaKnowsEveryEventKind() {
        JsonNode schema = Schemas.readSchemaFile("server-room-event");
        Set<String> constrained = new TreeSet<>();
        for (JsonNode branch : schema.path("allOf")) {
            JsonNode kind = branch.path("if").path("properties").path("kind");
            if (kind.has("const")) {
                constrained.add(kind.get("const").asText());
            }
            kind.path("enum").forEach(k -> constrained.add(k.asText()));
        }
        Set<String> all = new TreeSet<>();
        for (EventKind k : EventKind.values()) {
            all.add(k.wire());
            assertThat(EventKind.fromWire(k.wire())).isEqualTo(k);
        }
        assertThat(constrained).isEqualTo(all);
        assertThat(EventKind.fromWire("note.deleted")).isNull();
    }

    @Test
    void schemaLimitsAreTheLimitsInLimitsJava() {
        JsonNode note = Schemas.readSchemaFile("note-content");
        assertThat(note.at("/properties/text/maxLength").asInt()).isEqualTo(Limits.MAX_NOTE_TEXT);
        assertThat(note.at("/properties/mentions/maxItems").asInt()).isEqualTo(Limits.MAX_MENTIONS);
        assertThat(note.at("/$defs/visitText/maxLength").asInt()).isEqualTo(Limits.MAX_VISIT_FIELD);
        JsonNode common = Schemas.readSchemaFile("common");
        assertThat(common.at("/$defs/title/allOf/1/maxLength").asInt()).isEqualTo(Limits.MAX_TITLE);
        assertThat(common.at("/$defs/clientId/pattern").asText()).endsWith("{1," + Limits.MAX_CLIENT_ID + "}$");
        assertThat(Schemas.readSchemaFile("http-event-page").at("/properties/events/maxItems").asInt())
                .isEqualTo(Limits.MAX_PAGE);
        assertThat(Schemas.readSchemaFile("http-room-detail").at("/properties/members/maxItems").asInt())
                .isEqualTo(Limits.MAX_MEMBERS);
    }

    @Test
    void serverTimestampsMatchTheTimestampSchema() {
        for (String instant : List.of("2026-11-14T05:21:09.127Z", "2026-11-14T05:21:09Z",
                "2026-11-14T05:21:09.123456789Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z")) {
            String ts = Timestamps.format(java.time.Instant.parse(instant));
            assertThat(Schemas.commonDefinition("timestamp").validate(Schemas.JSON.getNodeFactory().stringNode(ts)))
                    .as(ts).isEmpty();
        }
        assertThat(Timestamps.format(java.time.Instant.parse("2026-11-14T05:21:09Z")))
                .isEqualTo("2026-11-14T05:21:09.000Z");
    }

    @Test
    void professionEnumIsTheFixedList() {
        JsonNode professions = Schemas.readSchemaFile("common").at("/$defs/profession/enum");
        List<String> values = new java.util.ArrayList<>();
        professions.forEach(p -> values.add(p.asText()));
        assertThat(values).containsExactly("physician", "dentist", "nurse", "pharmacist", "care_manager",
                "care_worker", "therapist", "dietitian", "dental_hygienist", "social_worker", "municipal_staff",
                "family", "facility_admin", "operator");
    }
}
