package jp.renkei.server.calendar;

import static com.mongodb.client.model.Filters.eq;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.Action;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.calendar.CalendarViews.Occurrence;
import jp.renkei.server.room.Room;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import jp.renkei.server.error.DomainException;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.validate.ValidationException;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Personal iCalendar feeds, so visits appear in a phone's calendar app. A feed is addressed by a
 * 256-bit random secret shown to its owner once; only its SHA-256 is stored, so a database dump
 * does not reveal working addresses. Regenerating replaces the secret; revoking deletes it.
 *
 * <p>The feed carries no clinical content and no patient name: each event says what kind of visit,
 * by which organisation, when, and a short room code (not the room title, which names the patient).
 *
 * <p>Each feed may be read {@link #MAX_REQUESTS_PER_WINDOW} times per {@link #WINDOW_MILLIS}: counted in
 * memory on a single node, in the store in cluster mode ({@code renkei.cluster.enabled=true}), so the limit
 * holds whichever node a calendar app reaches.
 */
@Service
public class CalendarFeedService {

    /** Days before today and after today that a feed covers. */
    static final int FEED_PAST_DAYS = 14;
    static final int FEED_FUTURE_DAYS = 92;
    /** Most events in one feed. */
    static final int MAX_FEED_EVENTS = 2000;
    /** Requests one feed may make per window (phones poll every 15 minutes to a few hours). */
    static final int MAX_REQUESTS_PER_WINDOW = 30;
    static final long WINDOW_MILLIS = 10 * 60 * 1000L;
    /** The collection of shared rate counters (cluster mode), shared with the public directory's budget. */
    static final String RATE_LIMITS = "rate_limits";

    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final MongoCollection<Document> feeds;
    private final MongoCollection<Document> owners;
    private final AccountRepository accounts;
    private final CalendarService calendar;
    private final AuditTrail audit;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, long[]> windows = new ConcurrentHashMap<>();
    /**
     * Cluster mode only: the per-feed counters shared by every node, one document per feed and fixed
     * window ({@code _id} = {@code calendar-feed|<hash>|<window>}) in {@value #RATE_LIMITS}; null on one node.
     */
    private final MongoCollection<Document> sharedWindows;
    private volatile long prunedWindow = -1;

    CalendarFeedService(MongoDatabase db, AccountRepository accounts, CalendarService calendar, AuditTrail audit,
                        @Value("${renkei.cluster.enabled:false}") boolean cluster) {
        this.sharedWindows = cluster ? db.getCollection(RATE_LIMITS).withWriteConcern(WriteConcerns.DERIVED) : null;
        // The secret's hash is the only way in: journaled like the log (a lost revoke must not come back).
        this.feeds = db.getCollection(Collections.CALENDAR_FEEDS).withWriteConcern(WriteConcerns.LOG);
        this.owners = db.getCollection(Collections.CALENDAR_FEED_OWNERS).withWriteConcern(WriteConcerns.LOG);
        this.accounts = accounts;
        this.calendar = calendar;
        this.audit = audit;
    }

    /** Whether the user has a feed, and since when. */
    public record FeedStatus(boolean active, String createdAt) {
    }

    /** A new feed: the path with the secret, shown once. */
    public record NewFeed(String path, String createdAt) {
    }

    public FeedStatus status(UserAccount user) {
        Document owner = owners.find(eq("_id", user.id())).first();
        audit.record(new AuditEntry(user.id(), "calendar.feed.status", "calendar-feed", user.id(), null, true, "self", null));
        return owner == null ? new FeedStatus(false, null) : new FeedStatus(true, owner.getString("createdAt"));
    }

    /** Creates a feed, replacing (and so revoking) any earlier one. */
    public NewFeed regenerate(UserAccount user) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = sha256(secret);
        String now = Instant.now().toString();
        removeFeedOf(user.id());
        feeds.insertOne(new Document("_id", hash).append("userId", user.id()).append("createdAt", now));
        owners.insertOne(new Document("_id", user.id()).append("hash", hash).append("createdAt", now));
        audit.record(new AuditEntry(user.id(), "calendar.feed.create", "calendar-feed", user.id(), null, true, "self", null));
        return new NewFeed("/ical/" + secret + ".ics", now);
    }

    public void revoke(UserAccount user) {
        removeFeedOf(user.id());
        audit.record(new AuditEntry(user.id(), "calendar.feed.revoke", "calendar-feed", user.id(), null, true, "self", null));
    }

    private void removeFeedOf(String userId) {
        Document owner = owners.find(eq("_id", userId)).first();
        if (owner != null) {
            feeds.deleteOne(eq("_id", owner.getString("hash")));
            owners.deleteOne(eq("_id", userId));
        }
    }

    /** The feed of a secret as iCalendar text; {@link ErrorCode#FEED_NOT_FOUND} if unknown or revoked. */
    public String render(String secret, String origin) {
        if (secret == null || !SECRET.matcher(secret).matches()) {
            audit.record(new AuditEntry("-", "calendar.feed.read", "calendar-feed", null, null, false,
                    ErrorCode.FEED_NOT_FOUND.code(), origin));
            throw new DomainException(ErrorCode.FEED_NOT_FOUND);
        }
        String hash = sha256(secret);
        Document feed = feeds.find(eq("_id", hash)).first();
        UserAccount user = feed == null ? null : accounts.findUser(feed.getString("userId")).orElse(null);
        if (user == null || !user.active()) {
            audit.record(new AuditEntry("-", "calendar.feed.read", "calendar-feed", null, null, false,
                    ErrorCode.FEED_NOT_FOUND.code(), origin));
            throw new DomainException(ErrorCode.FEED_NOT_FOUND);
        }
        if (!withinRate(hash)) {
            audit.record(new AuditEntry(user.id(), "calendar.feed.read", "calendar-feed", user.id(), null, false,
                    ErrorCode.RATE_LIMITED.code(), origin));
            throw new DomainException(ErrorCode.RATE_LIMITED);
        }
        String text = ics(user);
        audit.record(new AuditEntry(user.id(), "calendar.feed.read", "calendar-feed", user.id(), null, true,
                "self", origin));
        return text;
    }

    private String ics(UserAccount user) {
        boolean family = user.profession() == Profession.FAMILY;
        // A closed room's visits leave the feed at once (care has ended, SP-RET-02); reading the room still works.
        List<Room> rooms = calendar.roomsWhere(user, family ? Action.VIEW_FAMILY_CALENDAR : Action.VIEW_CALENDAR)
                .stream().filter(room -> !room.closed()).toList();
        Map<String, RoomCalendar> cals = calendar.calendarsOf(rooms);
        LocalDate today = calendar.rules().today();
        LocalDate[] range = {today.minusDays(FEED_PAST_DAYS), today.plusDays(FEED_FUTURE_DAYS)};
        Calendar ics = new Calendar();
        ics.add(new ProdId("-//Renkei//Visit calendar//JA"));
        ics.add(ImmutableVersion.VERSION_2_0);
        ics.add(ImmutableCalScale.GREGORIAN);
        int count = 0;
        outer:
        for (Room room : rooms) {
            RoomCalendar cal = cals.get(room.id());
            if (cal == null) {
                continue;
            }
            for (Occurrence o : calendar.expand(room, cal, range, false)) {
                if (o.status().equals("cancelled")) {
                    continue;
                }
                if (++count > MAX_FEED_EVENTS) {
                    break outer;
                }
                ics.add(event(room, o));
            }
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(ics, out);
        } catch (IOException | ValidationException e) {
            throw new IllegalStateException("feed could not be written", e);
        }
        return out.toString();
    }

    /** One VEVENT: times in UTC, the kind of visit and the organisation, a room code; nothing clinical. */
    private static VEvent event(Room room, Occurrence o) {
        Instant start = CalendarRules.parseLocal(o.start()).atZone(CalendarRules.TOKYO).toInstant();
        Instant end = CalendarRules.parseLocal(o.end()).atZone(CalendarRules.TOKYO).toInstant();
        VEvent event = new VEvent(start, end, summary(o));
        event.add(new Uid(o.itemId() + "/" + o.occurrence() + "@renkei"));
        event.add(new Description("Renkei 患者グループ " + roomCode(room.id())));
        return event;
    }

    /** E.g. 訪問看護 (みどり訪問看護ステーション). */
    static String summary(Occurrence o) {
        CalendarCategory c = CalendarCategory.fromWire(o.category());
        String label = c == null ? "予定" : c.label();
        return o.organization() == null ? label : label + " (" + o.organization() + ")";
    }

    /** A short code that tells a user's rooms apart without naming the patient. */
    static String roomCode(String roomId) {
        return "#" + roomId.substring(Math.max(0, roomId.length() - 4));
    }

    private boolean withinRate(String hash) {
        long now = System.currentTimeMillis();
        if (sharedWindows != null) {
            return withinSharedRate(hash, now);
        }
        if (windows.size() > 10_000) {
            windows.clear(); // bounded memory; a burst of distinct valid feeds is not an attack vector
        }
        long[] w = windows.computeIfAbsent(hash, h -> new long[] {now, 0});
        synchronized (w) {
            if (now - w[0] > WINDOW_MILLIS) {
                w[0] = now;
                w[1] = 0;
            }
            return ++w[1] <= MAX_REQUESTS_PER_WINDOW;
        }
    }

    /** Cluster mode: one atomic {@code $inc} upsert per read; its before-image + 1 is the count. */
    private boolean withinSharedRate(String hash, long now) {
        long window = now / WINDOW_MILLIS;
        if (window != prunedWindow) {
            prunedWindow = window;
            sharedWindows.deleteMany(com.mongodb.client.model.Filters.lt("calendarWindow", window - 1));
        }
        Document before = sharedWindows.findOneAndUpdate(eq("_id", "calendar-feed|" + hash + "|" + window),
                com.mongodb.client.model.Updates.combine(com.mongodb.client.model.Updates.inc("n", 1),
                        com.mongodb.client.model.Updates.setOnInsert("calendarWindow", window)),
                new com.mongodb.client.model.FindOneAndUpdateOptions().upsert(true)
                        .returnDocument(com.mongodb.client.model.ReturnDocument.BEFORE));
        long count = (before == null || !(before.get("n") instanceof Number n) ? 0 : n.longValue()) + 1;
        return count <= MAX_REQUESTS_PER_WINDOW;
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
