package jp.renkei.server.notify;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.directory.ContactWindows;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Contact windows (ケアマネタイム) on the notification path: a <b>non-urgent</b> note that mentions someone
 * outside their published windows is delivered as usual, but its push waits for the start of their next
 * window. An urgent note never waits (it is not asked here at all).
 *
 * <p>Held pushes are durable: collection {@code deferred_notifications}, {@code _id} =
 * {@code userId|roomId} (one waiting push per person and room; a second mention in the same room before
 * the window only moves its seq forward), with {@code due} and the latest mentioning {@code seq}.
 * {@link #sendDue()} runs every minute ({@link DeferredMentionsSchedule}) on the {@code Clock}: each due
 * push is removed (a delete matched on its {@code due}, so one sender wins) and sent through the usual
 * checks of {@link Notifications#toRoomMembers} (still a member, policy, settings, quiet hours), unless the
 * person has meanwhile read the room up to that note: then it is dropped. The due scan reads the whole
 * collection, which holds only waiting pushes.
 */
@Component
class DeferredMentions {

    static final String COLLECTION = "deferred_notifications";

    private final MongoCollection<Document> collection;
    private final ContactWindows windows;
    private final Notifications notifications;
    private final RoomCache rooms;
    private final AuditTrail audit;
    private final Clock clock;

    DeferredMentions(MongoDatabase db, ContactWindows windows, Notifications notifications, RoomCache rooms,
                     AuditTrail audit, ObjectProvider<Clock> clock) {
        this.collection = db.getCollection(COLLECTION).withWriteConcern(WriteConcerns.LOG);
        this.windows = windows;
        this.notifications = notifications;
        this.rooms = rooms;
        this.audit = audit;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /**
     * Splits a non-urgent note's mentions (call on the notify thread): those inside their window (or with
     * none published) are returned to be notified now; the others are stored to be sent at their window's
     * start.
     */
    List<String> notifyNowOrHold(String roomId, long seq, List<String> mentioned) {
        Instant now = clock.instant();
        List<String> sendNow = new ArrayList<>();
        for (String userId : mentioned) {
            Optional<Instant> later = windows.deferUntil(userId, now);
            if (later.isEmpty()) {
                sendNow.add(userId);
                continue;
            }
            String id = userId + "|" + roomId;
            Document existing = collection.find(eq("_id", id)).first();
            long keepSeq = existing == null ? seq : Math.max(seq, existing.get("seq", Number.class).longValue());
            collection.replaceOne(eq("_id", id), new Document("_id", id).append("userId", userId).append("roomId", roomId)
                    .append("seq", keepSeq).append("due", Date.from(later.get())), new ReplaceOptions().upsert(true));
            audit.recordBatched(new AuditEntry(userId, "notify.defer", "notification", id, roomId, true,
                    "outside_contact_window", null));
        }
        return sendNow;
    }

    /** Sends every held push whose window has started; returns how many were handed to the sender. */
    int sendDue() {
        Instant now = clock.instant();
        int sent = 0;
        for (Document d : collection.find(lte("due", Date.from(now)))) {
            // One node, one sender: the delete matched on this due time is the claim.
            if (collection.deleteOne(and(eq("_id", d.getString("_id")), eq("due", d.getDate("due")))).getDeletedCount() != 1) {
                continue;
            }
            String userId = d.getString("userId");
            String roomId = d.getString("roomId");
            long seq = d.get("seq", Number.class).longValue();
            Room room = rooms.get(roomId).orElse(null);
            Room.Member member = room == null ? null : room.member(userId);
            if (member != null && member.readSeq() >= seq) {
                audit.recordBatched(new AuditEntry(userId, "notify.defer", "notification", d.getString("_id"), roomId,
                        true, "read_before_window", null));
                continue;
            }
            Map<String, Set<NotifyKind>> candidates = new LinkedHashMap<>();
            candidates.put(userId, EnumSet.of(NotifyKind.MENTION));
            notifications.submit(() -> notifications.toRoomMembers(roomId, candidates));
            sent++;
        }
        return sent;
    }

    /** How many pushes are waiting for {@code userId} (tests, the sender's hint). */
    long waitingFor(String userId) {
        return collection.countDocuments(Filters.eq("userId", userId));
    }
}
