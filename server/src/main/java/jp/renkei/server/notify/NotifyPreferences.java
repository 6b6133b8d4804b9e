package jp.renkei.server.notify;

import static com.mongodb.client.model.Filters.eq;

import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * Each user's notification settings (通知の設定), collection {@code notify_settings}, {@code _id} = user
 * id: the kinds switched off, and quiet hours in the configured zone (Japan time). No document: every
 * kind on, no quiet hours.
 */
@Repository
class NotifyPreferences {

    static final String COLLECTION = "notify_settings";

    /**
     * A user's settings.
     *
     * @param off        kinds the user switched off
     * @param quiet      whether quiet hours apply
     * @param quietStart start of quiet hours (inclusive)
     * @param quietEnd   end of quiet hours (exclusive); before {@code quietStart} means overnight
     */
    record Preferences(Set<NotifyKind> off, boolean quiet, LocalTime quietStart, LocalTime quietEnd) {

        static final Preferences DEFAULT = new Preferences(Set.of(), false, LocalTime.of(22, 0), LocalTime.of(7, 0));

        Preferences {
            off = off.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(off));
        }

        boolean wants(NotifyKind kind) {
            return !off.contains(kind);
        }

        /** Whether {@code now} (a time of day in the configured zone) is within quiet hours. */
        boolean isQuietAt(LocalTime now) {
            if (!quiet || quietStart.equals(quietEnd)) {
                return false;
            }
            if (quietStart.isBefore(quietEnd)) {
                return !now.isBefore(quietStart) && now.isBefore(quietEnd);
            }
            return !now.isBefore(quietStart) || now.isBefore(quietEnd);
        }
    }

    private final MongoCollection<Document> settings;

    NotifyPreferences(MongoDatabase db) {
        this.settings = db.getCollection(COLLECTION).withWriteConcern(WriteConcerns.LOG);
    }

    Preferences of(String userId) {
        Document d = settings.find(eq("_id", userId)).first();
        if (d == null) {
            return Preferences.DEFAULT;
        }
        Set<NotifyKind> off = EnumSet.noneOf(NotifyKind.class);
        for (String k : d.getList("off", String.class, List.of())) {
            for (NotifyKind kind : NotifyKind.values()) {
                if (kind.wire().equals(k)) {
                    off.add(kind);
                }
            }
        }
        return new Preferences(off, d.getBoolean("quiet", false), LocalTime.parse(d.getString("quietStart")),
                LocalTime.parse(d.getString("quietEnd")));
    }

    void save(String userId, Preferences p) {
        Document d = new Document("_id", userId)
                .append("off", p.off().stream().map(NotifyKind::wire).sorted().toList())
                .append("quiet", p.quiet())
                .append("quietStart", p.quietStart().toString())
                .append("quietEnd", p.quietEnd().toString());
        settings.replaceOne(eq("_id", userId), d, new ReplaceOptions().upsert(true));
    }
}
