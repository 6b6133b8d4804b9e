package jp.renkei.server.calendar;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import jp.renkei.server.crypto.ContentCipher;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The per-room calendar documents ({@code _id} = room id). Derived from the log, so written without
 * journaling of their own (see {@link WriteConcerns}); reads are key lookups.
 */
@Repository
class CalendarRepository {

    private final MongoCollection<Document> calendars;
    private final JsonMapper json;
    private final ContentCipher cipher;

    CalendarRepository(MongoDatabase db, JsonMapper json, ContentCipher cipher) {
        this.calendars = db.getCollection(Collections.CALENDARS).withWriteConcern(WriteConcerns.DERIVED);
        this.json = json;
        this.cipher = cipher;
    }

    Optional<RoomCalendar> find(String roomId) {
        return Optional.ofNullable(calendars.find(eq("_id", roomId)).first()).map(this::read);
    }

    /** The calendars of several rooms in one {@code _id $in} lookup; rooms without one are absent. */
    Map<String, RoomCalendar> findAll(Collection<String> roomIds) {
        Map<String, RoomCalendar> out = new HashMap<>();
        if (roomIds.isEmpty()) {
            return out;
        }
        for (Document d : calendars.find(in("_id", roomIds))) {
            RoomCalendar c = read(d);
            out.put(c.roomId(), c);
        }
        return out;
    }

    void save(RoomCalendar calendar) {
        // Visit times and the notes for the visitor are patient data: sealed under the room's key (SP-CRY-01).
        Document doc = new Document("_id", calendar.roomId())
                .append("sealed", new Binary(cipher.sealText(calendar.roomId(), "calendar", json.writeValueAsString(calendar))));
        calendars.replaceOne(eq("_id", calendar.roomId()), doc, new ReplaceOptions().upsert(true));
    }

    private RoomCalendar read(Document d) {
        Binary sealed = d.get("sealed", Binary.class);
        if (sealed != null) {
            return json.readValue(cipher.openText(d.getString("_id"), "calendar", sealed.getData()), RoomCalendar.class);
        }
        // A calendar document written before calendars were sealed.
        Document copy = new Document(d);
        copy.remove("_id");
        return json.readValue(copy.toJson(), RoomCalendar.class);
    }
}
