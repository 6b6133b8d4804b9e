package jp.renkei.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoCollection;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.ServerMessages.Person;
import jp.renkei.server.store.Collections;
import jp.renkei.server.room.EventRepository;
import jp.renkei.server.room.StoredEvent;
import org.bson.Document;

/**
 * Realistic room events for the benchmarks, and a bulk loader that writes them in exactly the document
 * shape {@link jp.renkei.server.room.EventRepository#insert} writes (checked by a smoke test that
 * reads loaded events back through the repository).
 */
final class EventFixtures {

    /** The room the benchmarks read from or append to. */
    static final String TARGET_ROOM = "r-bench-target-room";

    /** How many other rooms share the collection with the target room. */
    static final int OTHER_ROOMS = 20;

    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    private static final Person[] SENDERS = {
        new Person("u-nurse-sato", "佐藤 花子", "nurse", "o-houmon-kango-1", "みどり訪問看護ステーション"),
        new Person("u-cm-tanaka", "田中 一郎", "care_manager", "o-kyotaku-2", "さくら居宅介護支援事業所"),
        new Person("u-dr-suzuki", "鈴木 健", "physician", "o-clinic-3", "すずき在宅クリニック"),
        new Person("u-helper-ito", "伊藤 美咲", "care_worker", "o-houmon-kaigo-4", "ひまわりヘルパーステーション"),
        new Person("u-pharm-kato", "加藤 誠", "pharmacist", "o-yakkyoku-5", "あおぞら薬局"),
    };

    /** A short free-text note (about 200 bytes of JSON). */
    private static final String FREE_BODY = "{\"note\":{\"kind\":\"free\",\"text\":"
            + "\"本日15時に訪問しました。昼食は半分ほど摂取。午後から微熱あり、様子を見ます。\"}}";

    /** A visit note (訪問記録) of about 1 KB of UTF-8 JSON, the size the append benchmark stores. */
    static final String VISIT_BODY_1KB = visitBody(1024);

    private EventFixtures() {
    }

    static Person sender(long n) {
        return SENDERS[(int) (n % SENDERS.length)];
    }

    /** The id of the {@code i}-th other room (0-based), a valid room id. */
    static String otherRoom(int i) {
        return "r-bench-other-" + i;
    }

    /** Event {@code seq} of {@code roomId}: every tenth a short free note, the rest visit notes. */
    static StoredEvent event(String roomId, long seq) {
        boolean free = seq % 10 == 0;
        return new StoredEvent(roomId, seq, EventKind.NOTE_POSTED, sender(seq),
                T0.plusSeconds(seq * 60), seq, "txn-" + roomId + "|" + sender(seq).userId() + "|t" + seq,
                free ? FREE_BODY : VISIT_BODY_1KB);
    }

    /** The document {@code EventRepository.insert} writes for {@code e}. */
    static Document toDocument(EventRepository repository, StoredEvent e) {
        return repository.toDocument(e);
    }

    /**
     * Loads {@code targetEvents} events of {@link #TARGET_ROOM} (seq 1..targetEvents) and, interleaved
     * with them in insertion order, {@code otherEvents} events spread round-robin over
     * {@link #OTHER_ROOMS} other rooms, with {@code insertMany} in batches of 1,000.
     */
    static void load(BenchDatabase db, long targetEvents, long otherEvents) {
        MongoCollection<Document> events = eventsCollection(db);
        EventRepository repository = db.events();
        long[] otherSeq = new long[OTHER_ROOMS];
        List<Document> batch = new ArrayList<>(1000);
        long t = 0;
        long o = 0;
        while (t < targetEvents || o < otherEvents) {
            // Keep the two streams proportionally interleaved, as if all rooms were active at once.
            boolean takeTarget = o >= otherEvents
                    || (t < targetEvents && t * otherEvents <= o * targetEvents);
            if (takeTarget) {
                batch.add(toDocument(repository, event(TARGET_ROOM, ++t)));
            } else {
                int room = (int) (o % OTHER_ROOMS);
                batch.add(toDocument(repository, event(otherRoom(room), ++otherSeq[room])));
                o++;
            }
            if (batch.size() == 1000) {
                events.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            events.insertMany(batch);
        }
    }

    static MongoCollection<Document> eventsCollection(BenchDatabase db) {
        return db.db().getCollection(Collections.EVENTS);
    }

    private static String visitBody(int targetBytes) {
        String head = "{\"note\":{\"kind\":\"visit\",\"text\":\"定期訪問。大きな変化なし。\",\"visit\":{"
                + "\"vitals\":{\"temperature\":36.8,\"systolic\":132,\"diastolic\":78,\"pulse\":72,"
                + "\"spo2\":96,\"respiratoryRate\":16},"
                + "\"medication\":\"朝・昼の内服済み。夕の分はセットして声かけ済み。\","
                + "\"meals\":\"昼食7割摂取。水分は午前中500ml、午後もこまめに促した。\","
                + "\"excretion\":\"排便あり(普通便)。排尿は日中4回、夜間2回と本人より。\","
                + "\"sleep\":\"夜間2回覚醒するが入眠できている。\","
                + "\"skin\":\"仙骨部の発赤は軽減。除圧継続。\","
                + "\"adl\":\"室内は伝い歩き。入浴は訪問入浴で週2回。\","
                + "\"mood\":\"穏やか。\","
                + "\"changes\":\"";
        String tail = "\",\"nextCheck\":\"夕方の体温と水分摂取量を確認してください。\"}}}";
        StringBuilder b = new StringBuilder(head);
        String filler = "特記事項なし。";
        int fixed = utf8(head) + utf8(tail);
        while (fixed + utf8(b.substring(head.length())) + utf8(filler) <= targetBytes) {
            b.append(filler);
        }
        return b.append(tail).toString();
    }

    private static int utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
