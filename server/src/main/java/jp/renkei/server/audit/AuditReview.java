package jp.renkei.server.audit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.nin;
import static com.mongodb.client.model.Filters.regex;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.store.Collections;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The facility administrator's reviews of the audit trail (SP-AUD-04): the entries of their own
 * staff, and three canned reviews (off-hours access, bulk reads, emergency access).
 *
 * <p>Every query is bounded: one organisation, at most {@value #MAX_DAYS} days, a page of at most
 * {@value #MAX_PAGE} rows, and at most {@value #MAX_SCAN} entries examined by the reviews computed
 * here. On the embedded database these filters scan the collection; on MongoDB they use the
 * {@code org_at} and {@code org_action_at} indexes created by {@link AuditTrail}.
 */
@Component
public class AuditReview {

    static final int MAX_DAYS = 31;
    static final int MAX_PAGE = 200;
    static final int MAX_SCAN = 100_000;
    /** Deliveries follow a recorded subscription; they would drown everything else in a review. */
    static final List<String> DELIVERIES = List.of("event.deliver", "event.catchup");
    /**
     * Technical records an administrator rarely needs (connections, raw HTTP requests, background
     * subscriptions): left out of the entries and off-hours reviews unless asked for.
     */
    static final List<String> TECHNICAL = List.of("live.connect", "live.disconnect", "live.send", "http.get",
            "http.post", "http.put", "http.patch", "http.delete", "http.head", "bed.subscribe", "bed.deliver",
            "room.list", "calendar.feed.status", "passkey.list");
    /** What counts as reading a room for the bulk-read review. */
    static final List<String> READS = List.of("room.view", "history.page", "room.subscribe");

    private final MongoCollection<Document> audit;
    private final AccountRepository accounts;
    private final AuditSettings settings;

    public AuditReview(MongoDatabase db, AccountRepository accounts, AuditSettings settings) {
        this.audit = db.getCollection(Collections.AUDIT);
        this.accounts = accounts;
        this.settings = settings;
    }

    /** Which review. */
    public enum View {
        ENTRIES, OFF_HOURS, BULK, EMERGENCY;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static View fromWire(String s) {
            for (View v : values()) {
                if (v.wire().equals(s)) {
                    return v;
                }
            }
            return null;
        }
    }

    /** One entry as the administrator sees it: ids, codes and the staff member's name. */
    public record Row(long seq, String at, String actorId, String actorName, String profession, String action,
                      String resourceType, String resourceId, String roomId, boolean allowed, String reason,
                      String origin) {
    }

    /** One bulk-read finding: a user who read more than the threshold of rooms or pages in one hour. */
    public record BulkFinding(String actorId, String actorName, String hour, int distinct, int threshold) {
    }

    /** A page of a review. */
    public record Page(String view, String from, String to, String zone, int page, int size, boolean hasMore,
                       boolean truncated, List<Row> entries, List<BulkFinding> findings) {
    }

    /** The time zone of dates and off hours. */
    public java.time.ZoneId zone() {
        return settings.reviewZone();
    }

    /** Runs a review of {@code organizationId}'s staff, technical records included. */
    public Page review(String organizationId, View view, String actorId, LocalDate from, LocalDate to, int page,
                       int size) {
        return review(organizationId, view, actorId, from, to, page, size, true);
    }

    /**
     * Runs a review of {@code organizationId}'s staff; arguments are already validated.
     *
     * @param technical whether {@link #TECHNICAL} records are listed (entries and off-hours views)
     */
    public Page review(String organizationId, View view, String actorId, LocalDate from, LocalDate to, int page,
                       int size, boolean technical) {
        Instant start = from.atStartOfDay(settings.reviewZone()).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(settings.reviewZone()).toInstant();
        List<Bson> filters = new ArrayList<>(List.of(eq("org", organizationId),
                gte("at", Date.from(start)), lt("at", Date.from(end))));
        if (actorId != null) {
            filters.add(eq("actor", actorId));
        }
        Map<String, String> names = new HashMap<>();
        return switch (view) {
            case ENTRIES -> {
                filters.add(nin("action", technical ? DELIVERIES : withTechnical()));
                yield matching(view, from, to, page, size, and(filters), d -> true, names);
            }
            case EMERGENCY -> {
                filters.add(regex("action", "^emergency\\."));
                yield matching(view, from, to, page, size, and(filters), d -> true, names);
            }
            case OFF_HOURS -> {
                filters.add(nin("action", technical ? DELIVERIES : withTechnical()));
                yield matching(view, from, to, page, size, and(filters), this::offHours, names);
            }
            case BULK -> bulk(from, to, and(filters), page, size, names);
        };
    }

    private static List<String> withTechnical() {
        List<String> all = new ArrayList<>(DELIVERIES);
        all.addAll(TECHNICAL);
        return all;
    }

    private Page matching(View view, LocalDate from, LocalDate to, int page, int size, Bson filter,
                          java.util.function.Predicate<Document> keep, Map<String, String> names) {
        List<Row> rows = new ArrayList<>();
        int skip = page * size;
        int seen = 0;
        int scanned = 0;
        boolean more = false;
        boolean truncated = false;
        for (Document d : audit.find(filter).sort(new Document("at", -1).append("seq", -1))) {
            if (++scanned > MAX_SCAN) {
                truncated = true;
                break;
            }
            if (!keep.test(d)) {
                continue;
            }
            if (seen++ < skip) {
                continue;
            }
            if (rows.size() == size) {
                more = true;
                break;
            }
            rows.add(row(d, names));
        }
        return new Page(view.wire(), from.toString(), to.toString(), settings.reviewZone().getId(), page, size, more,
                truncated, rows, List.of());
    }

    private boolean offHours(Document d) {
        int hour = d.getDate("at").toInstant().atZone(settings.reviewZone()).getHour();
        int start = settings.offHoursStart();
        int end = settings.offHoursEnd();
        return start <= end ? hour >= start && hour < end : hour >= start || hour < end;
    }

    private Page bulk(LocalDate from, LocalDate to, Bson filter, int page, int size, Map<String, String> names) {
        Map<String, Set<String>> perActorHour = new HashMap<>();
        int scanned = 0;
        boolean truncated = false;
        for (Document d : audit.find(and(filter, in("action", READS), eq("allowed", true)))) {
            if (++scanned > MAX_SCAN) {
                truncated = true;
                break;
            }
            ZonedDateTime hour = d.getDate("at").toInstant().atZone(settings.reviewZone()).truncatedTo(ChronoUnit.HOURS);
            perActorHour.computeIfAbsent(d.getString("actor") + "|" + hour.toOffsetDateTime(), k -> new HashSet<>())
                    .add(d.getString("action").equals("history.page") ? "p:" + d.getString("resource")
                            : "r:" + d.getString("room"));
        }
        List<BulkFinding> findings = new ArrayList<>();
        perActorHour.forEach((key, distinct) -> {
            if (distinct.size() > settings.bulkThreshold()) {
                String actor = key.substring(0, key.indexOf('|'));
                findings.add(new BulkFinding(actor, nameOf(actor, names), key.substring(key.indexOf('|') + 1),
                        distinct.size(), settings.bulkThreshold()));
            }
        });
        findings.sort(java.util.Comparator.comparing(BulkFinding::hour).reversed()
                .thenComparing(BulkFinding::actorId));
        int fromIndex = Math.min(findings.size(), page * size);
        int toIndex = Math.min(findings.size(), fromIndex + size);
        return new Page(View.BULK.wire(), from.toString(), to.toString(), settings.reviewZone().getId(), page, size,
                toIndex < findings.size(), truncated, List.of(), List.copyOf(findings.subList(fromIndex, toIndex)));
    }

    private Row row(Document d, Map<String, String> names) {
        String actor = d.getString("actor");
        return new Row(d.get("seq", Number.class).longValue(), d.getDate("at").toInstant().toString(), actor,
                nameOf(actor, names), d.getString("prof"), d.getString("action"), d.getString("type"),
                d.getString("resource"), d.getString("room"), d.getBoolean("allowed", false), d.getString("reason"),
                d.getString("from"));
    }

    private String nameOf(String actorId, Map<String, String> names) {
        return names.computeIfAbsent(actorId, id -> accounts.findUser(id).map(UserAccount::name).orElse(null));
    }
}
