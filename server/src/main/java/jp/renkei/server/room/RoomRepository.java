package jp.renkei.server.room;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jp.renkei.policy.MemberRole;
import jp.renkei.policy.RoomKind;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import jp.renkei.server.crypto.ContentCipher;
import jp.renkei.server.error.DomainException;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;

/**
 * Room documents and each user's list of rooms. All reads are {@code _id} lookups. Every update is a
 * single-document atomic write that also increments {@code rev}, and each is idempotent, so that the
 * event log can re-apply it after a crash.
 *
 * <p>Every update filters on {@code _id} alone: the embedded server uses its index only for a filter
 * that is exactly {@code {_id: …}} and scans the collection for anything more (measured: 38% of server
 * CPU when updates also matched on {@code head.seq} or {@code members}). So members and read markers
 * are maps keyed by user id ({@code members.<userId>}, {@code markers.<userId>}), changed with
 * {@code $set}/{@code $unset}, and values that only grow are changed with {@code $max}. User ids are
 * safe field names ({@code u-} and letters, digits, {@code -}).
 */
@Repository
public class RoomRepository {

    private final MongoCollection<Document> rooms;
    /** The same collection for state derived from the log (head, read markers); see {@link WriteConcerns}. */
    private final MongoCollection<Document> roomsDerived;
    private final MongoCollection<Document> userRooms;
    /** One small document per closed room, for the retention due list (a scan of this collection only). */
    private final MongoCollection<Document> closures;
    /** Seals the title and patient profile under the room's key (SP-CRY-01); {@code null} stores them plain. */
    private final ContentCipher cipher;

    @Autowired
    public RoomRepository(MongoDatabase db, ContentCipher cipher) {
        this.rooms = db.getCollection(Collections.ROOMS);
        this.roomsDerived = rooms.withWriteConcern(WriteConcerns.DERIVED);
        this.userRooms = db.getCollection(Collections.USER_ROOMS);
        this.closures = db.getCollection(Collections.ROOM_CLOSURES);
        this.cipher = cipher;
    }

    /** A repository that stores titles and patient profiles in plain text: for storage tests only. */
    public RoomRepository(MongoDatabase db) {
        this(db, null);
    }

    public void insert(String id, RoomKind kind, String title, PatientProfile patient, String hostUserId,
                       Instant createdAt) {
        Document identity = new Document("title", title).append("patient", patient == null ? null : patientDoc(patient));
        Document doc = new Document("_id", id).append("kind", kind.name());
        if (cipher == null) {
            doc.putAll(identity);
        } else {
            // The patient's name and profile are patient data: sealed like note bodies, so a raw dump of the
            // database shows none of it, and destroying the room's key makes it unreadable.
            doc.append("sealed", new Binary(cipher.sealText(id, "room", identity.toJson())));
        }
        doc
                .append("hostUserId", hostUserId)
                .append("archived", false)
                .append("createdAt", Date.from(createdAt))
                .append("head", new Document("seq", 0L).append("notes", 0L).append("ts", null))
                .append("members", new Document())
                .append("markers", new Document())
                .append("consent", new Document("inForce", false).append("family", List.of()))
                .append("emergency", new Document())
                .append("rev", 1L);
        rooms.insertOne(doc);
    }

    public Optional<Room> find(String id) {
        Document doc = rooms.find(eq("_id", id)).first();
        return Optional.ofNullable(doc).map(this::toRoom);
    }

    /** Makes {@code userId} a member (again) with this role. */
    public void addMember(String roomId, String userId, MemberRole role, Instant joinedAt) {
        rooms.updateOne(eq("_id", roomId), Updates.combine(
                Updates.set("members." + field(userId), new Document("role", role.name())
                        .append("joinedAt", Date.from(joinedAt))),
                Updates.inc("rev", 1L)));
    }

    /** Ends a membership and forgets the member's read marker. */
    public void removeMember(String roomId, String userId) {
        rooms.updateOne(eq("_id", roomId), Updates.combine(
                Updates.unset("members." + field(userId)),
                Updates.unset("markers." + field(userId)),
                Updates.inc("rev", 1L)));
    }

    /**
     * Records that consent is in force, names {@code familyIds} and lets the professions in {@code scope}
     * join (empty: all) (from a {@code consent.recorded} event).
     */
    public void setConsent(String roomId, List<String> familyIds, List<String> scope) {
        rooms.updateOne(eq("_id", roomId), Updates.combine(
                Updates.set("consent", new Document("inForce", true).append("family", familyIds).append("scope", scope)),
                Updates.inc("rev", 1L)));
    }

    /** Consent was withdrawn: the room is frozen (read-only) and names nobody (SP-CON-01). */
    public void withdrawConsent(String roomId) {
        rooms.updateOne(eq("_id", roomId), Updates.combine(
                Updates.set("consent", new Document("inForce", false).append("family", List.of())),
                Updates.set("archived", true),
                Updates.inc("rev", 1L)));
    }

    /** Lets {@code userId} read the room until {@code until} (break the glass). */
    public void grantEmergency(String roomId, String userId, Instant until) {
        rooms.updateOne(eq("_id", roomId), Updates.combine(
                Updates.max("emergency." + field(userId), Date.from(until)),
                Updates.inc("rev", 1L)));
    }

    /** Makes {@code userId} (a member) the room's host (host.changed, SP-AUTHZ-05). Idempotent. */
    public void setHost(String roomId, String userId) {
        rooms.updateOne(eq("_id", roomId), Updates.combine(
                Updates.set("hostUserId", userId),
                Updates.set("members." + field(userId) + ".role", MemberRole.HOST.name()),
                Updates.inc("rev", 1L)));
    }

    /** Makes the room a read-only archive (a leaver's room with no one left to host it). */
    public void archive(String roomId) {
        rooms.updateOne(eq("_id", roomId), Updates.combine(Updates.set("archived", true), Updates.inc("rev", 1L)));
    }

    /**
     * Closes the room (room.closed): the closure on the room document (its free text sealed under the room's
     * key like the title) and a row for the retention due list. Idempotent.
     */
    public void close(String roomId, Room.Closure c) {
        Document closure = new Document("reason", c.reason())
                .append("date", c.date().toString())
                .append("closedAt", Date.from(c.closedAt()))
                .append("familyUntil", Date.from(c.familyAccessUntil()))
                .append("hostOrganizationId", c.hostOrganizationId());
        if (c.note() != null) {
            closure.append("note", cipher == null ? c.note() : new Binary(cipher.sealText(roomId, "closure", c.note())));
        }
        rooms.updateOne(eq("_id", roomId), Updates.combine(Updates.set("closure", closure), Updates.inc("rev", 1L)));
        closures.replaceOne(eq("_id", roomId), new Document("_id", roomId).append("reason", c.reason())
                        .append("date", c.date().toString()).append("closedAt", Date.from(c.closedAt()))
                        .append("hostOrganizationId", c.hostOrganizationId()).append("purgedAt", null),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }

    /** Reopens the room (room.reopened): no closure, no longer on the due list. Idempotent. */
    public void reopen(String roomId) {
        rooms.updateOne(eq("_id", roomId), Updates.combine(Updates.unset("closure"), Updates.inc("rev", 1L)));
        closures.deleteOne(eq("_id", roomId));
    }

    /**
     * Records a purge on the due-list row only (room.purged, applied before the event is delivered, so the
     * members still receive it). Idempotent.
     */
    public void recordPurge(String roomId, Instant at) {
        closures.updateOne(eq("_id", roomId), Updates.set("purgedAt", Date.from(at)));
    }

    /** Marks the room itself purged, after its purge event was delivered: from now on the policy refuses all. */
    public void markPurged(String roomId, Instant at) {
        rooms.updateOne(eq("_id", roomId), Updates.combine(Updates.set("closure.purgedAt", Date.from(at)),
                Updates.inc("rev", 1L)));
    }

    /** A closed room's row of the due list. */
    public record ClosureRow(String roomId, String reason, java.time.LocalDate date, Instant closedAt,
                             String hostOrganizationId, Instant purgedAt) {
    }

    /** Every closed room (a scan of the small {@code room_closures} collection: for administrators' lists). */
    public List<ClosureRow> closures() {
        List<ClosureRow> out = new java.util.ArrayList<>();
        for (Document d : closures.find()) {
            out.add(new ClosureRow(d.getString("_id"), d.getString("reason"), java.time.LocalDate.parse(d.getString("date")),
                    instant(d.getDate("closedAt")), d.getString("hostOrganizationId"), instant(d.getDate("purgedAt"))));
        }
        return out;
    }

    /** Moves the recorded log head forward; never back. Derived state: not journaled on its own. */
    public void advanceHead(String roomId, long seq, long notes, Instant ts) {
        roomsDerived.updateOne(eq("_id", roomId), Updates.combine(
                Updates.max("head.seq", seq),
                Updates.max("head.notes", notes),
                Updates.max("head.ts", Date.from(ts)),
                Updates.inc("rev", 1L)));
    }

    /**
     * Moves a member's read marker forward; never back. Returns whether it moved. Journaled: a read
     * marker moved by {@code rooms.read} is not in the log, so nothing could rebuild it.
     */
    public boolean advanceReadMarker(String roomId, String userId, long seq, long notes) {
        String marker = "markers." + field(userId);
        Document before = rooms.findOneAndUpdate(eq("_id", roomId),
                Updates.combine(Updates.max(marker + ".seq", seq), Updates.max(marker + ".notes", notes),
                        Updates.inc("rev", 1L)),
                new FindOneAndUpdateOptions().projection(Projections.include(marker))
                        .returnDocument(ReturnDocument.BEFORE));
        if (before == null) {
            return false;
        }
        Document old = before.get("markers", new Document()).get(userId, Document.class);
        return old == null || num(old.get("seq")) < seq;
    }

    /** As {@link #advanceReadMarker}, for the marker a posted note implies (rebuilt from the log). */
    public void advanceReadMarkerDerived(String roomId, String userId, long seq, long notes) {
        String marker = "markers." + field(userId);
        roomsDerived.updateOne(eq("_id", roomId), Updates.combine(
                Updates.max(marker + ".seq", seq), Updates.max(marker + ".notes", notes), Updates.inc("rev", 1L)));
    }

    /**
     * {@link #advanceHead} and {@link #advanceReadMarkerDerived} of the same event as one update of the
     * room document (a post moves both): the embedded store rewrites the whole document per update,
     * so one update instead of two halves that cost.
     */
    public void advanceHeadAndReadMarkerDerived(String roomId, String userId, long seq, long notes, Instant ts) {
        String marker = "markers." + field(userId);
        roomsDerived.updateOne(eq("_id", roomId), Updates.combine(
                Updates.max(marker + ".seq", seq), Updates.max(marker + ".notes", notes),
                Updates.max("head.seq", seq),
                Updates.max("head.notes", notes),
                Updates.max("head.ts", Date.from(ts)),
                Updates.inc("rev", 1L)));
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

    private Room toRoom(Document doc) {
        Document identity = doc;
        Binary sealed = doc.get("sealed", Binary.class);
        if (sealed != null) {
            try {
                identity = Document.parse(cipher.openText(doc.getString("_id"), "room", sealed.getData()));
            } catch (DomainException destroyed) {
                // Crypto-shredded (retention purge): the room stays listable as an unreadable archive.
                identity = new Document("title", "（消去済み）");
            }
        }
        Document p = identity.get("patient", Document.class);
        PatientProfile patient = p == null ? null : new PatientProfile(p.getString("name"), p.getString("nameKana"),
                p.getString("birthDate"), p.getString("sex"), p.getString("careLevel"), p.getString("area"));
        Document h = doc.get("head", Document.class);
        Room.LogHead head = new Room.LogHead(num(h.get("seq")), num(h.get("notes")), instant(h.getDate("ts")));
        if (!(doc.get("members") instanceof Document)) {
            throw new IllegalStateException("Room " + doc.getString("_id") + " has the room format of an earlier "
                    + "development build (members as an array); delete the embedded data folder and start again.");
        }
        Document markers = doc.get("markers", new Document());
        Map<String, Room.Member> members = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : doc.get("members", new Document()).entrySet()) {
            Document m = (Document) entry.getValue();
            // Markers of former members may linger until overwritten; only members' markers count.
            Document marker = markers.get(entry.getKey(), new Document());
            members.put(entry.getKey(), new Room.Member(entry.getKey(), MemberRole.valueOf(m.getString("role")),
                    instant(m.getDate("joinedAt")), num(marker.get("seq")), num(marker.get("notes"))));
        }
        Document c = doc.get("consent", new Document());
        Room.Consent consent = new Room.Consent(c.getBoolean("inForce", false),
                java.util.Set.copyOf(c.getList("family", String.class, List.of())),
                c.containsKey("scope") ? java.util.Set.copyOf(c.getList("scope", String.class, List.of()))
                        : c.getBoolean("inForce", false) ? null : java.util.Set.of());
        Map<String, Instant> emergency = new LinkedHashMap<>();
        doc.get("emergency", new Document()).forEach((userId, until) -> emergency.put(userId, ((Date) until).toInstant()));
        return new Room(doc.getString("_id"), RoomKind.valueOf(doc.getString("kind")), identity.getString("title"),
                patient, doc.getString("hostUserId"), doc.getBoolean("archived", false),
                instant(doc.getDate("createdAt")), head, members, num(doc.get("rev")), consent, emergency,
                closure(doc.getString("_id"), doc.get("closure", Document.class)));
    }

    private Room.Closure closure(String roomId, Document c) {
        if (c == null) {
            return null;
        }
        String note = null;
        Object stored = c.get("note");
        if (stored instanceof Binary sealedNote) {
            try {
                note = cipher.openText(roomId, "closure", sealedNote.getData());
            } catch (DomainException destroyed) {
                note = null; // purged: the free text is gone with the key
            }
        } else if (stored instanceof String plain) {
            note = plain;
        }
        return new Room.Closure(c.getString("reason"), note, java.time.LocalDate.parse(c.getString("date")),
                instant(c.getDate("closedAt")), instant(c.getDate("familyUntil")), c.getString("hostOrganizationId"),
                instant(c.getDate("purgedAt")));
    }

    /** A user id as a field name; refuses anything that could address another field. */
    private static String field(String userId) {
        if (!jp.renkei.protocol.Ids.isValidUserId(userId)) {
            throw new IllegalArgumentException("not a user id");
        }
        return userId;
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
