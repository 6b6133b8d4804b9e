package jp.renkei.server.desk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The consultation categories as data. Cases keep category ids, so a rename changes every past and
 * future count's label but never moves a count; a category is retired (no longer offered) rather than
 * deleted. The defaults below are stored once, into an empty collection.
 */
@Component
class DeskCategories {

    /** A category: stable id, current name, order on screen, whether it is still offered. */
    record Category(String id, String name, int order, boolean active) {
    }

    /** The default categories of a city's consultation desk report (ids stable, names the usual ones). */
    static final List<Category> DEFAULTS = List.of(
            new Category("clinic", "診療所・医師", 10, true),
            new Category("home_visit_clinic", "訪問診療を行う医療機関", 20, true),
            new Category("hospital", "病院（入院・転院）", 30, true),
            new Category("dental", "歯科", 40, true),
            new Category("pharmacy", "薬局", 50, true),
            new Category("home_nursing", "訪問看護", 60, true),
            new Category("medical_procedure", "医療処置", 70, true),
            new Category("care_manager", "ケアマネジャー", 80, true),
            new Category("support_center", "地域包括", 90, true),
            new Category("care_service", "介護サービス事業所", 100, true),
            new Category("insurance_procedure", "介護保険手続き", 110, true),
            new Category("discharge_support", "退院支援", 120, true),
            new Category("end_of_life", "看取り", 130, true),
            new Category("coordination", "連絡調整", 140, true),
            new Category("other", "その他", 150, true));

    private final MongoCollection<Document> collection;
    private final Map<String, Category> byId = new ConcurrentHashMap<>();

    DeskCategories(MongoDatabase db) {
        this.collection = db.getCollection(Collections.DESK_CATEGORIES).withWriteConcern(WriteConcerns.LOG);
        for (Document d : collection.find()) {
            Category c = new Category(d.getString("_id"), d.getString("name"), d.getInteger("order", 0),
                    d.getBoolean("active", true));
            byId.put(c.id(), c);
        }
        if (byId.isEmpty()) {
            DEFAULTS.forEach(this::save);
        }
    }

    /** All categories, retired ones too (reports keep their counts), in screen order. */
    List<Category> all() {
        List<Category> list = new ArrayList<>(byId.values());
        list.sort(Comparator.comparingInt(Category::order).thenComparing(Category::id));
        return list;
    }

    Optional<Category> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    boolean isActive(String id) {
        Category c = id == null ? null : byId.get(id);
        return c != null && c.active();
    }

    boolean nameTaken(String name, String exceptId) {
        return byId.values().stream().anyMatch(c -> c.name().equals(name) && !c.id().equals(exceptId));
    }

    synchronized Category add(String name) {
        int order = byId.values().stream().mapToInt(Category::order).max().orElse(0) + 10;
        Category c = new Category("cat-" + UUID.randomUUID().toString().substring(0, 8), name, order, true);
        save(c);
        return c;
    }

    synchronized Category change(Category old, String name, boolean active) {
        Category c = new Category(old.id(), name, old.order(), active);
        save(c);
        return c;
    }

    private void save(Category c) {
        collection.replaceOne(Filters.eq("_id", c.id()), new Document("_id", c.id()).append("name", c.name())
                .append("order", c.order()).append("active", c.active()), new ReplaceOptions().upsert(true));
        byId.put(c.id(), c);
    }
}
