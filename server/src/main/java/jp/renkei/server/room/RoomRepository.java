package jp.renkei.server.room;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jp.renkei.policy.MemberRole;
import jp.renkei.policy.RoomKind;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;

/**
 * Room documents and each user's list of rooms. All reads are {@code _id} lookups. Every update is a
 * single-document atomic write that also increments {@code rev}, and each is idempotent, so that the
 * event log can re-apply it after a crash.
 */
@Repository
public class RoomRepository {

    private final MongoCollection<Document> rooms;
    /** The same collection for state derived from the log (head, read markers); see {@link WriteConcerns}. */
    private final MongoCollection<Document> roomsDerived;
    private final MongoCollection<Document> userRooms;

    public RoomRepository(MongoDatabase db) {
        this.rooms = db.getCollection(Collections.ROOMS);
        this.roomsDerived = rooms.withWriteConcern(WriteConcerns.DERIVED);
        this.userRooms = db.getCollection(Collections.USER_ROOMS);
    }

    public void insert(String id, RoomKind kind, String title, PatientProfile patient, String hostUserId,
                       Instant createdAt) {
        Document doc = new Document("_id", id)
                .append("kind", kind.name())
                .append("title", title)
                .append("patient", patient == null ? null : patientDoc(patient))
                .append("hostUserId", hostUserId)
                .append("archived", false)
                .append("createdAt", Date.from(createdAt))
                .append("head", new Document("seq", 0L).append("notes", 0L).append("ts", null))
                .append("members", new ArrayList<>())
                .append("rev", 1L);
        rooms.insertOne(doc);
    }

    public Optional<Room> find(String id) {
        Document doc = rooms.find(eq("_id", id)).first();
        return Optional.ofNullable(doc).map(RoomRepository::toRoom);
    }

    public List<Room> findAll(Collection<String> ids) {
        List<Room> out = new ArrayList<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (Document doc : rooms.find(in("_id", ids))) {
            out.add(toRoom(doc));
        }
        return out;
    }

    /** Adds a member unless already present. */
    public void addMember(String roomId, String userId, MemberRole role, Instant joinedAt) {
        Document member = new Document("userId", userId)
                .append("role", role.name())
                .append("joinedAt", Date.from(joinedAt))
                .append("readSeq", 0L)
                .append("readNotes", 0L);
        rooms.updateOne(and(eq("_id", roomId), ne("members.userId", userId)),
                Updates.combine(Updates.push("members", member), Updates.inc("rev", 1L)));
    }

    public void removeMember(String roomId, String userId) {
        rooms.updateOne(and(eq("_id", roomId), eq("members.userId", userId)),
                Updates.combine(Updates.pull("members", new Document("userId", userId)), Updates.inc("rev", 1L)));
    }

    /** Moves the recorded log head forward; never back. Derived state: not journaled on its own. */
    public void advanceHead(String roomId, long seq, long notes, Instant ts) {
        roomsDerived.updateOne(and(eq("_id", roomId), lt("head.seq", seq)),
                Updates.combine(Updates.set("head", new Document("seq", seq).append("notes", notes)
                        .append("ts", Date.from(ts))), Updates.inc("rev", 1L)));
    }

    /**
     * Moves a member's read marker forward; never back. Returns whether it moved. Journaled: a read
     * marker moved by {@code rooms.read} is not in the log, so nothing could rebuild it.
     */
    public boolean advanceReadMarker(String roomId, String userId, long seq, long notes) {
        return advanceReadMarker(rooms, roomId, userId, seq, notes);
    }

    /** As {@link #advanceReadMarker}, for the marker a posted note implies (rebuilt from the log). */
    public boolean advanceReadMarkerDerived(String roomId, String userId, long seq, long notes) {
        return advanceReadMarker(roomsDerived, roomId, userId, seq, notes);
    }

    private static boolean advanceReadMarker(MongoCollection<Document> target, String roomId, String userId,
                                             long seq, long notes) {
        Bson filter = and(eq("_id", roomId), elemMatch("members", and(eq("userId", userId), lt("readSeq", seq))));
        return target.updateOne(filter, Updates.combine(
                Updates.set("members.$.readSeq", seq),
                Updates.set("members.$.readNotes", notes),
                Updates.inc("rev", 1L))).getModifiedCount() > 0;
    }

    public void addRoomOfUser(String userId, String roomId) {
        userRooms.updateOne(eq("_id", userId), Updates.addToSet("rooms", roomId), new UpdateOptions().upsert(true));
    }

    public void removeRoomOfUser(String userId, String roomId) {
        userRooms.updateOne(eq("_id", userId), Updates.pull("rooms", roomId));
    }

    public List<String> roomIdsOf(String userId) {
        Document doc = userRooms.find(eq("_id", userId)).first();
        if (doc == null) {
            return List.of();
        }
        return doc.getList("rooms", String.class, List.of());
    }

    private static Document patientDoc(PatientProfile p) {
        return new Document("name", p.name())
                .append("nameKana", p.nameKana())
                .append("birthDate", p.birthDate())
                .append("sex", p.sex())
                .append("careLevel", p.careLevel())
                .append("area", p.area());
    }

    private static Room toRoom(Document doc) {
        Document p = doc.get("patient", Document.class);
        PatientProfile patient = p == null ? null : new PatientProfile(p.getString("name"), p.getString("nameKana"),
                p.getString("birthDate"), p.getString("sex"), p.getString("careLevel"), p.getString("area"));
        Document h = doc.get("head", Document.class);
        Room.LogHead head = new Room.LogHead(num(h.get("seq")), num(h.get("notes")), instant(h.getDate("ts")));
        Map<String, Room.Member> members = new LinkedHashMap<>();
        for (Document m : doc.getList("members", Document.class, List.of())) {
            members.put(m.getString("userId"), new Room.Member(m.getString("userId"),
                    MemberRole.valueOf(m.getString("role")), instant(m.getDate("joinedAt")),
                    num(m.get("readSeq")), num(m.get("readNotes"))));
        }
        return new Room(doc.getString("_id"), RoomKind.valueOf(doc.getString("kind")), doc.getString("title"),
                patient, doc.getString("hostUserId"), doc.getBoolean("archived", false),
                instant(doc.getDate("createdAt")), head, members, num(doc.get("rev")));
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
