package jp.renkei.protocol;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error schema and docs/protocol.md list every {@link ErrorCode}, with its HTTP status and
 * retryability; the documentation names every destination, header and limit.
 */
class ContractDocumentationTest {

    private static String doc;

    @BeforeAll
    static void readDoc() throws IOException {
        Path path = Schemas.repoRoot().resolve("docs/protocol.md");
        assertThat(path).as("docs/protocol.md next to the protocol module").exists();
        doc = Files.readString(path);
    }

    @Test
    void errorSchemaEnumIsExactlyTheErrorCodes() {
        JsonNode codes = Schemas.readSchemaFile("server-error-reply").at("/properties/code/enum");
        List<String> inSchema = new ArrayList<>();
        codes.forEach(c -> inSchema.add(c.asText()));
        List<String> inJava = new ArrayList<>();
        for (ErrorCode c : ErrorCode.values()) {
            inJava.add(c.code());
        }
        assertThat(inSchema).containsExactlyElementsOf(inJava);
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyErrorCodeIsInTheDocTableWithStatusAndRetryability(ErrorCode code) {
        // A table row: | `CODE` | status | retryable | ...
        Pattern row = Pattern.compile("^\\|\\s*`" + code.code() + "`\\s*\\|\\s*(\\d{3})\\s*\\|\\s*(yes|no)\\s*\\|",
                Pattern.MULTILINE);
        Matcher m = row.matcher(doc);
        assertThat(m.find()).as("table row for %s in docs/protocol.md", code).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("status of %s", code).isEqualTo(code.httpStatus());
        assertThat(m.group(2).equals("yes")).as("retryable %s", code).isEqualTo(code.retryable());
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyErrorCodeHasAnExampleOrExplanation(ErrorCode code) {
        assertThat(doc).contains("`" + code.code() + "`");
    }

    @Test
    void everyDestinationAndHeaderIsDocumented() throws IllegalAccessException {
        for (Field f : Destinations.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String value = (String) f.get(null);
                assertThat(doc).as("Destinations.%s", f.getName()).contains("`" + value);
            }
        }
    }

    @Test
    void everyLimitIsDocumentedWithItsValue() throws IllegalAccessException {
        for (Field f : Limits.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                int value = f.getInt(null);
                Pattern row = Pattern.compile("^\\|\\s*`" + f.getName() + "`\\s*\\|\\s*([0-9,]+)", Pattern.MULTILINE);
                Matcher m = row.matcher(doc);
                assertThat(m.find()).as("limit row for %s", f.getName()).isTrue();
                assertThat(Integer.parseInt(m.group(1).replace(",", ""))).as(f.getName()).isEqualTo(value);
            }
        }
    }

    @Test
    void everyEventKindAndSchemaIsDocumented() {
        for (EventKind k : EventKind.values()) {
            assertThat(doc).contains("`" + k.wire() + "`");
        }
        for (String schema : Schemas.schemaNames()) {
            assertThat(doc).as(schema).contains(schema + ".schema.json");
        }
        assertThat(doc).contains(ProtocolVersion.NAME);
        assertThat(doc).contains("protocol/src/main/resources/" + Schemas.CLASSPATH_DIR);
    }
}
