package jp.renkei.server.oncall;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * {@value OncallCollections#ALERTS}: the in-app list of content-free alerts of a user who was told of an
 * unacknowledged urgent note without being allowed to read its room (the sender's facility administrator,
 * a physician on call who is not a member). One document per user, the latest {@value #MAX} alerts.
 * Written only by the escalation tick, which runs one at a time on a node.
 */
@Repository
class Alerts {

    static final int MAX = 50;

    /** One alert: which note (never shown), who sent it, which step, when. */
    record Alert(String noteId, String roomId, String senderId, String step, Instant at) {
    }

    private final MongoCollection<Document> alerts;

    Alerts(MongoDatabase db) {
        this.alerts = db.getCollection(OncallCollections.ALERTS).withWriteConcern(WriteConcerns.LOG);
    }

    List<Alert> of(String userId) {
        Document d = alerts.find(eq("_id", userId)).first();
        List<Alert> out = new ArrayList<>();
        if (d != null) {
            for (Document a : d.getList("alerts", Document.class, List.of())) {
                out.add(new Alert(a.getString("noteId"), a.getString("roomId"), a.getString("senderId"),
                        a.getString("step"), a.getDate("at").toInstant()));
            }
        }
        return out;
    }

    void add(String userId, Alert alert) {
        List<Alert> list = new ArrayList<>(of(userId));
        if (list.stream().anyMatch(a -> a.noteId().equals(alert.noteId()) && a.step().equals(alert.step()))) {
            return;
        }
        list.add(0, alert);
        List<Document> docs = list.stream().limit(MAX).map(a -> new Document("noteId", a.noteId())
                .append("roomId", a.roomId()).append("senderId", a.senderId()).append("step", a.step())
                .append("at", Date.from(a.at()))).toList();
        alerts.replaceOne(eq("_id", userId), new Document("_id", userId).append("alerts", docs),
                new ReplaceOptions().upsert(true));
    }
}
