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
 * {@value OncallCollections#CARE_TEAMS}: each patient room's care roles, one document per room keyed by
 * the room id (read on every room open and escalation step: a key lookup). Derived from the room's log by
 * {@link CareTeamProjection}; every write is idempotent so the log can re-apply it.
 */
@Repository
class CareTeams {

    private final MongoCollection<Document> teams;

    CareTeams(MongoDatabase db) {
        this.teams = db.getCollection(OncallCollections.CARE_TEAMS).withWriteConcern(WriteConcerns.DERIVED);
    }

    CareTeam of(String roomId) {
        Document d = teams.find(eq("_id", roomId)).first();
        if (d == null) {
            return CareTeam.empty(roomId);
        }
        List<CareTeam.Cover> covers = new ArrayList<>();
        for (Document c : d.getList("covers", Document.class, List.of())) {
            covers.add(new CareTeam.Cover(c.getString("coverId"), c.getDate("from").toInstant(), c.getDate("to").toInstant()));
        }
        covers.sort(java.util.Comparator.comparing(CareTeam.Cover::from));
        return new CareTeam(roomId, d.getString("attendingId"), d.getString("deputyId"), covers);
    }

    void setRoles(String roomId, String attendingId, String deputyId) {
        teams.updateOne(eq("_id", roomId), Updates.combine(Updates.set("attendingId", attendingId),
                Updates.set("deputyId", deputyId)), new UpdateOptions().upsert(true));
    }

    void addCover(String roomId, String coverId, Instant from, Instant to) {
        // Pull first so that re-applying the event leaves one entry.
        removeCover(roomId, coverId);
        teams.updateOne(eq("_id", roomId), Updates.push("covers", new Document("coverId", coverId)
                .append("from", Date.from(from)).append("to", Date.from(to))), new UpdateOptions().upsert(true));
    }

    void removeCover(String roomId, String coverId) {
        teams.updateOne(eq("_id", roomId), Updates.pull("covers", new Document("coverId", coverId)));
    }
}
