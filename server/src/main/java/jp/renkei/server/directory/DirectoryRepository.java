package jp.renkei.server.directory;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.directory.ProviderEntry.Area;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * Collection {@code directory_entries}, {@code _id} = entry id. The service holds every entry in memory
 * (a city's few hundred providers) and writes through: a change is one {@code replaceOne} guarded on
 * the version it read, so two administrators saving at once cannot overwrite each other silently.
 */
@Repository
class DirectoryRepository {

    static final String COLLECTION = "directory_entries";

    private final MongoCollection<Document> entries;

    DirectoryRepository(MongoDatabase db) {
        this.entries = db.getCollection(COLLECTION).withWriteConcern(WriteConcerns.LOG);
    }

    List<ProviderEntry> loadAll() {
        List<ProviderEntry> out = new ArrayList<>();
        for (Document d : entries.find()) {
            out.add(fromDocument(d));
        }
        return out;
    }

    void insert(ProviderEntry e) {
        entries.insertOne(toDocument(e));
    }

    /** Replaces the entry if its stored version is {@code expectedVersion}; false when it moved on. */
    boolean replace(ProviderEntry e, long expectedVersion) {
        return entries.replaceOne(and(eq("_id", e.id()), eq("version", expectedVersion)), toDocument(e),
                new ReplaceOptions()).getMatchedCount() == 1;
    }

    private static Document toDocument(ProviderEntry e) {
        List<Document> areas = e.areas().stream()
                .map(a -> new Document("municipality", a.municipality()).append("district", a.district())).toList();
        return new Document("_id", e.id())
                .append("organizationId", e.organizationId())
                .append("name", e.name())
                .append("kind", e.kind())
                .append("address", e.address())
                .append("areas", areas)
                .append("hours", e.hours())
                .append("phone", e.phone())
                .append("fax", e.fax())
                .append("directLine", e.directLine())
                .append("capabilities", e.capabilities())
                .append("acceptance", e.acceptance())
                .append("confirmedAt", Date.from(e.confirmedAt()))
                .append("note", e.note())
                .append("publicFields", e.publicFields().stream().sorted().toList())
                .append("version", e.version())
                .append("updatedAt", Date.from(e.updatedAt()))
                .append("updatedBy", e.updatedBy());
    }

    private static ProviderEntry fromDocument(Document d) {
        List<Area> areas = d.getList("areas", Document.class, List.of()).stream()
                .map(a -> new Area(a.getString("municipality"), a.getString("district"))).toList();
        return new ProviderEntry(d.getString("_id"), d.getString("organizationId"), d.getString("name"),
                d.getString("kind"), d.getString("address"), areas, d.getString("hours"), d.getString("phone"),
                d.getString("fax"), d.getString("directLine"), d.getList("capabilities", String.class, List.of()),
                d.getString("acceptance"), instant(d.getDate("confirmedAt")), d.getString("note"),
                new HashSet<>(d.getList("publicFields", String.class, List.of())), d.get("version", Number.class).longValue(),
                instant(d.getDate("updatedAt")), d.getString("updatedBy"));
    }

    private static Instant instant(Date d) {
        return d == null ? Instant.EPOCH : d.toInstant();
    }
}
