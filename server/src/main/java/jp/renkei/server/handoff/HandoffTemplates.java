package jp.renkei.server.handoff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The templates: the two built-in ones (classpath JSON modelled on the MHLW standard items of the
 * 入院時情報提供書 and the 退院・退所情報記録書) and those a region's operator added (collection
 * {@code handoff_templates}, {@code _id} = {@code id@version}, the definition as JSON text). All are kept
 * in memory: a region has a handful. Stored versions never change; a new version is a new document.
 */
@Component
class HandoffTemplates {

    static final String COLLECTION = "handoff_templates";
    static final String ADMISSION = "jp-mhlw-admission";
    static final String DISCHARGE = "jp-mhlw-discharge";

    private final MongoCollection<Document> stored;
    private final JsonMapper json;
    private final Map<String, HandoffTemplate> byKey = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> definitions = new ConcurrentHashMap<>();

    HandoffTemplates(MongoDatabase db, JsonMapper json) {
        this.stored = db.getCollection(COLLECTION).withWriteConcern(WriteConcerns.LOG);
        this.json = json;
        builtIn("template-admission.json");
        builtIn("template-discharge.json");
        stored.find().forEach(d -> remember(json.readTree(d.getString("definition"))));
    }

    private void builtIn(String resource) {
        try (InputStream in = HandoffTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in template " + resource);
            }
            remember(json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HandoffTemplate remember(JsonNode definition) {
        HandoffTemplate t = HandoffTemplate.parse(definition);
        byKey.put(t.key(), t);
        definitions.put(t.key(), definition);
        return t;
    }

    /** A template version, or {@code null}. */
    HandoffTemplate find(String id, int version) {
        return byKey.get(id + "@" + version);
    }

    /** The newest version of template {@code id}. */
    Optional<HandoffTemplate> latest(String id) {
        return byKey.values().stream().filter(t -> t.id().equals(id)).max(Comparator.comparingInt(HandoffTemplate::version));
    }

    /** Every template version, by id and version. */
    List<HandoffTemplate> all() {
        return byKey.values().stream().sorted(Comparator.comparing(HandoffTemplate::id)
                .thenComparingInt(HandoffTemplate::version)).toList();
    }

    /** The definition as stored (what clients render and validate with). */
    JsonNode definition(HandoffTemplate t) {
        return definitions.get(t.key());
    }

    /**
     * Adds an operator's template after checking it; an existing id and version is refused
     * ({@code INVALID_FIELD} {@code version: exists}): stored versions never change.
     */
    synchronized HandoffTemplate add(JsonNode definition, String region) {
        HandoffTemplate t = HandoffTemplate.parse(definition);
        if (t.id().startsWith("jp-mhlw-")) {
            throw DomainException.invalid("id", "reserved");
        }
        if (t.region() == null || !t.region().equals(region)) {
            throw DomainException.invalid("region", "not_your_region");
        }
        if (byKey.containsKey(t.key())) {
            throw DomainException.invalid("version", "exists");
        }
        try {
            stored.insertOne(new Document("_id", t.key()).append("definition", json.writeValueAsString(definition)));
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                throw DomainException.invalid("version", "exists");
            }
            throw e;
        }
        return remember(definition);
    }

    /** For completeness of error handling when a kind does not match. */
    static DomainException wrongKind() {
        return new DomainException(ErrorCode.INVALID_FIELD, null, null,
                List.of(new jp.renkei.protocol.Violation("templateId", "wrong_kind")));
    }
}
