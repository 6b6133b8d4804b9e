package jp.renkei.protocol;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Test support: loads the protocol's JSON schemas from the classpath and the example messages from the
 * test resources.
 */
final class Schemas {

    /** The {@code $id} prefix of every schema; an identifier only, never fetched. */
    static final String ID_BASE = "https://renkei.invalid/schema/protocol/v1/";

    /** Where the schemas are on the classpath. */
    static final String CLASSPATH_DIR = "jp/renkei/protocol/schema/";

    /** Plain Jackson (3, as the validator and the server use) for reading JSON trees. */
    static final ObjectMapper JSON = new JsonMapper();

    /**
     * Jackson configured the way the server must read commands for {@link NoteValidator} to agree with
     * the schemas: no silent coercion of strings, numbers or booleans into other types, no truncation of
     * {@code 72.5} to {@code 72}, unknown properties ignored, {@code null} for a primitive read as its
     * default (the schema allows {@code "urgent": null}).
     */
    static final ObjectMapper STRICT = strictMapper();

    private static final SchemaRegistryConfig CONFIG = SchemaRegistryConfig.builder()
            .formatAssertionsEnabled(true)
            .regularExpressionFactory(new EcmaAnchors())
            .build();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(CONFIG)
                    .schemaIdResolvers(resolvers -> resolvers.mapPrefix(ID_BASE, "classpath:" + CLASSPATH_DIR)));

    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

    private Schemas() {
    }

    private static ObjectMapper strictMapper() {
        return JsonMapper.builder()
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
                .withCoercionConfig(LogicalType.Textual, textual -> textual
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    /** The schema {@code <name>.schema.json}, e.g. {@code note-content}. */
    static Schema schema(String name) {
        return CACHE.computeIfAbsent(name,
                n -> REGISTRY.getSchema(SchemaLocation.of(ID_BASE + n + ".schema.json")));
    }

    /** A definition of {@code common.schema.json}, e.g. {@code roomId}. */
    static Schema commonDefinition(String def) {
        return CACHE.computeIfAbsent("common#" + def,
                n -> REGISTRY.getSchema(SchemaLocation.of(ID_BASE + "common.schema.json#/$defs/" + def)));
    }

    /** The JSON Schema 2020-12 meta-schema (bundled with the validator). */
    static Schema metaSchema() {
        return CACHE.computeIfAbsent("$meta",
                n -> REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema")));
    }

    static List<Error> validate(String schemaName, JsonNode instance) {
        return schema(schemaName).validate(instance);
    }

    /** The names of all schema files, without {@code .schema.json}. */
    static List<String> schemaNames() {
        try (Stream<Path> files = Files.list(classpathDir(CLASSPATH_DIR))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".schema.json"))
                    .map(f -> f.substring(0, f.length() - ".schema.json".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example files of {@code examples/valid} or {@code examples/invalid}, sorted by name. */
    static List<Path> examples(String validity) {
        try (Stream<Path> files = Files.list(classpathDir("examples/" + validity))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema an example is for: the part of its file name before {@code --}. */
    static String schemaOf(Path example) {
        String file = example.getFileName().toString();
        int sep = file.indexOf("--");
        return sep < 0 ? file : file.substring(0, sep);
    }

    /** The example's case name: the file name without the extension. */
    static String caseOf(Path example) {
        String file = example.getFileName().toString();
        return file.substring(0, file.length() - ".json".length());
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readSchemaFile(String name) {
        try {
            return JSON.readTree(Files.readString(classpathDir(CLASSPATH_DIR).resolve(name + ".schema.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's root: the parent of the module directory Maven runs the tests in. */
    static Path repoRoot() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    }

    private static Path classpathDir(String dir) {
        URL url = Schemas.class.getClassLoader().getResource(dir);
        if (url == null) {
            throw new IllegalStateException("not on the classpath: " + dir);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * JSON Schema patterns are ECMA-262 regular expressions, in which {@code $} matches only at the end of
     * the input. In {@code java.util.regex} it also matches before a final line terminator, so
     * {@code "u-abc\n"} would pass {@code ^u-[A-Za-z0-9-]{1,40}$}. The validator's default JDK engine
     * is therefore given {@code \z} for a final unescaped {@code $}: the ECMA-262 meaning. The other
     * constructs our schemas use ({@code ^}, character classes with hex and
     * Unicode escapes, quantifiers) mean the same in both dialects.
     */
    static final class EcmaAnchors implements RegularExpressionFactory {
        @Override
        public RegularExpression getRegularExpression(String regex) {
            String java = regex;
            if (regex.endsWith("$") && !regex.endsWith("\\$")) {
                java = regex.substring(0, regex.length() - 1) + "\\z";
            }
            Pattern pattern = Pattern.compile(java);
            return value -> pattern.matcher(value).find();
        }
    }
}
