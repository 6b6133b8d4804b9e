package jp.renkei.server.oncall;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * {@value OncallCollections#ROTAS}: each organisation's night and holiday on-call rota (当番表) and its
 * escalation interval, one document per organisation keyed by its id, so "who is on call now" for a room
 * is one key lookup of the 主治医's organisation. Primary data (not derived from a log): journaled writes,
 * each a single-document update.
 */
@Repository
class Rotas {

    /** One rota entry: {@code physicianId} is on call from {@code from} (inclusive) until {@code to}. */
    record Entry(String entryId, Instant from, Instant to, String physicianId, String addedBy) {
        boolean covers(Instant at) {
            return !at.isBefore(from) && at.isBefore(to);
        }
    }

    /** An organisation's rota; {@code escalationMinutes} is {@code null} for the default. */
    record Rota(String organizationId, List<Entry> entries, Integer escalationMinutes) {
    }

    private final MongoCollection<Document> rotas;

    Rotas(MongoDatabase db) {
        this.rotas = db.getCollection(OncallCollections.ROTAS).withWriteConcern(WriteConcerns.LOG);
    }

    Rota of(String organizationId) {
        Document d = organizationId == null ? null : rotas.find(eq("_id", organizationId)).first();
        if (d == null) {
            return new Rota(organizationId, List.of(), null);
        }
        List<Entry> entries = new ArrayList<>();
        for (Document e : d.getList("entries", Document.class, List.of())) {
            entries.add(new Entry(e.getString("entryId"), e.getDate("from").toInstant(), e.getDate("to").toInstant(),
                    e.getString("physicianId"), e.getString("addedBy")));
        }
        entries.sort(java.util.Comparator.comparing(Entry::from).thenComparing(Entry::entryId));
        return new Rota(organizationId, List.copyOf(entries), d.getInteger("escalationMinutes"));
    }

    void add(String organizationId, Entry e) {
        rotas.updateOne(eq("_id", organizationId), Updates.push("entries", new Document("entryId", e.entryId())
                .append("from", Date.from(e.from())).append("to", Date.from(e.to()))
                .append("physicianId", e.physicianId()).append("addedBy", e.addedBy())), new UpdateOptions().upsert(true));
    }

    void remove(String organizationId, String entryId) {
        rotas.updateOne(eq("_id", organizationId), Updates.pull("entries", new Document("entryId", entryId)));
    }

    /** Drops entries that ended before {@code before} (kept for a while so the team can look back). */
    void removeEndedBefore(String organizationId, Instant before) {
        rotas.updateOne(eq("_id", organizationId), Updates.pull("entries",
                new Document("to", new Document("$lt", Date.from(before)))));
    }

    void setEscalationMinutes(String organizationId, int minutes) {
        rotas.updateOne(eq("_id", organizationId), Updates.set("escalationMinutes", minutes),
                new UpdateOptions().upsert(true));
    }
}
