package jp.renkei.server.directory;

import static com.mongodb.client.model.Filters.eq;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * The capability vocabulary as data: collection {@code directory_vocabulary}, {@code _id} = the
 * capability's stable id, with its labels. Seeded with {@link #DEFAULTS} on first start; the operator adds
 * and relabels (never deletes: entries and saved searches refer to ids). Held in memory (tens of rows).
 */
@Repository
class CapabilityVocabulary {

    static final String COLLECTION = "directory_vocabulary";

    /** The starting vocabulary: what care managers and consultation desks ask for most. */
    static final List<Capability> DEFAULTS = List.of(
            new Capability("ventilator", "人工呼吸器", "Ventilator", 10),
            new Capability("home_oxygen", "在宅酸素", "Home oxygen", 20),
            new Capability("tube_feeding", "胃ろう・経管栄養", "PEG / tube feeding", 30),
            new Capability("tpn", "中心静脈栄養", "Parenteral nutrition (TPN)", 40),
            new Capability("dialysis", "透析", "Dialysis", 50),
            new Capability("dementia", "認知症", "Dementia", 60),
            new Capability("end_of_life", "がん末期・看取り", "Terminal cancer / end of life", 70),
            new Capability("pediatric", "小児", "Children", 80),
            new Capability("psychiatric_visits", "精神科訪問", "Psychiatric home visits", 90),
            new Capability("visiting_eye", "眼科の訪問", "Home ophthalmology", 100),
            new Capability("visiting_ent", "耳鼻科の訪問", "Home ENT", 110),
            new Capability("visiting_dental", "歯科の訪問", "Home dentistry", 120),
            new Capability("speech_therapist", "言語聴覚士", "Speech therapist", 130),
            new Capability("around_the_clock", "24時間対応", "24-hour response", 140),
            new Capability("narcotics", "麻薬の取扱い", "Handles narcotics", 150),
            new Capability("guardianship_certificate", "成年後見の診断書", "Guardianship medical certificates", 160));

    static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{1,39}");
    static final int MAX_LABEL = 40;
    static final int MAX_CAPABILITIES = 200;

    private final MongoCollection<Document> collection;
    private final Map<String, Capability> byId = new ConcurrentHashMap<>();

    CapabilityVocabulary(MongoDatabase db) {
        this.collection = db.getCollection(COLLECTION).withWriteConcern(WriteConcerns.LOG);
        for (Document d : collection.find()) {
            Capability c = new Capability(d.getString("_id"), d.getString("ja"), d.getString("en"), d.getInteger("order", 0));
            byId.put(c.id(), c);
        }
        if (byId.isEmpty()) {
            DEFAULTS.forEach(this::save);
        }
    }

    /** Every capability, in list order. */
    List<Capability> all() {
        return byId.values().stream().sorted(Comparator.comparingInt(Capability::order).thenComparing(Capability::id)).toList();
    }

    Optional<Capability> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    boolean contains(String id) {
        return id != null && byId.containsKey(id);
    }

    /** The capability whose id or Japanese label is {@code text} (CSV import accepts either). */
    Optional<Capability> byIdOrLabel(String text) {
        if (byId.containsKey(text)) {
            return Optional.of(byId.get(text));
        }
        return byId.values().stream().filter(c -> c.ja().equals(text)).findFirst();
    }

    int size() {
        return byId.size();
    }

    int nextOrder() {
        return byId.values().stream().mapToInt(Capability::order).max().orElse(0) + 10;
    }

    void save(Capability c) {
        collection.replaceOne(eq("_id", c.id()), new Document("_id", c.id()).append("ja", c.ja()).append("en", c.en())
                .append("order", c.order()), new ReplaceOptions().upsert(true));
        byId.put(c.id(), c);
    }
}
