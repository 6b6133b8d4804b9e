package jp.renkei.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.MemberRole;
import jp.renkei.policy.RoomKind;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.ServerMessages.Person;
import jp.renkei.server.crypto.ContentCipher;
import jp.renkei.server.crypto.MasterKey;
import jp.renkei.server.crypto.RoomKeys;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomRepository;
import jp.renkei.server.room.EventRepository;
import jp.renkei.server.note.NoteStateRepository;
import jp.renkei.server.room.TxnRepository;
import jp.renkei.server.room.StoredEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage operations Renkei relies on, run unchanged against every database it supports: the
 * embedded server ({@link EmbeddedStorageTest}) and a real MongoDB replica set
 * ({@link ReplicaSetStorageTest}). Each operation here is a single-document atomic write or an
 * {@code _id} lookup, because that is what both serve correctly and fast.
 */
abstract class StorageContract {

    private static final Person SENDER = new Person("u-a", "A", "nurse", "o-x", "X");

    abstract MongoDatabase database();

    private EventRepository events;
    private RoomRepository rooms;
    private NoteStateRepository notes;
    private String roomId;

    @BeforeEach
    void repositories() {
        events = new EventRepository(database(),
                new ContentCipher(new RoomKeys(database(), MasterKey.generate())));
        rooms = new RoomRepository(database());
        notes = new NoteStateRepository(database());
        roomId = "r-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        rooms.insert(roomId, RoomKind.PATIENT, "t", null, "u-a", Instant.now());
    }

    @Test
    void aSequenceNumberCanBeClaimedOnlyOnce() {
        assertThat(events.insert(event(1))).isTrue();
        assertThat(events.insert(event(1))).isFalse();
        assertThat(events.find(roomId, 1)).get().extracting(StoredEvent::body).isEqualTo("{\"n\":1}");
    }

    @Test
    void rangesReturnWhatExistsInOrder() {
        for (long seq : List.of(3L, 1L, 2L, 5L)) {
            events.insert(event(seq));
        }
        assertThat(events.range(roomId, 1, 5)).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L, 5L);
        assertThat(events.range(roomId, 6, 10)).isEmpty();
        assertThat(events.range(roomId, 0, 2)).extracting(StoredEvent::seq).containsExactly(1L, 2L);
    }

    @Test
    void concurrentWritersNeverShareOrSkipASequenceNumber() throws Exception {
        // Eight writers, as eight nodes would: each claims the next free seq by inserting it.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            futures.add(pool.submit(() -> {
                long seq = 1;
                for (int i = 0; i < 25; i++) {
                    while (!events.insert(event(seq))) {
                        seq++;
                    }
                    assertThat(claimed.add(seq)).isTrue();
                    seq++;
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(claimed).hasSize(200);
        assertThat(events.range(roomId, 1, 200)).extracting(StoredEvent::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
    }

    @Test
    void membersAreAddedOnceAndRemovedCleanly() {
        Instant now = Instant.now();
        rooms.addMember(roomId, "u-a", MemberRole.HOST, now);
        rooms.addMember(roomId, "u-b", MemberRole.MEMBER, now);
        rooms.addMember(roomId, "u-b", MemberRole.MEMBER, now);
        rooms.addMember(roomId, "u-c", MemberRole.MEMBER, now);
        rooms.removeMember(roomId, "u-b");
        rooms.removeMember(roomId, "u-b");
        Room room = rooms.find(roomId).orElseThrow();
        assertThat(room.members().keySet()).containsExactly("u-a", "u-c");
        assertThat(room.member("u-a").role()).isEqualTo(MemberRole.HOST);
    }

    @Test
    void readMarkersMoveOnlyForwardAndOnlyForTheirMember() {
        Instant now = Instant.now();
        for (String u : List.of("u-a", "u-b", "u-c")) {
            rooms.addMember(roomId, u, MemberRole.MEMBER, now);
        }
        assertThat(rooms.advanceReadMarker(roomId, "u-b", 7, 3)).isTrue();
        assertThat(rooms.advanceReadMarker(roomId, "u-b", 5, 2)).isFalse();
        rooms.advanceReadMarkerDerived(roomId, "u-c", 4, 1);
        rooms.advanceReadMarkerDerived(roomId, "u-c", 2, 1);
        rooms.advanceReadMarker(roomId, "u-x", 9, 9);
        Room room = rooms.find(roomId).orElseThrow();
        assertThat(room.members()).doesNotContainKey("u-x");
        assertThat(room.member("u-c").readSeq()).isEqualTo(4);
        assertThat(room.member("u-b").readSeq()).isEqualTo(7);
        assertThat(room.member("u-b").readNotes()).isEqualTo(3);
        assertThat(room.member("u-a").readSeq()).isZero();
    }

    @Test
    void aMemberWhoLeavesAndReturnsStartsWithAFreshReadMarker() {
        Instant now = Instant.now();
        rooms.addMember(roomId, "u-a", MemberRole.MEMBER, now);
        rooms.advanceReadMarker(roomId, "u-a", 6, 2);
        rooms.removeMember(roomId, "u-a");
        rooms.addMember(roomId, "u-a", MemberRole.MEMBER, now.plusSeconds(60));
        Room room = rooms.find(roomId).orElseThrow();
        assertThat(room.member("u-a").readSeq()).isZero();
        assertThat(room.member("u-a").joinedAt()).isEqualTo(now.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void theHeadNeverMovesBackAndEveryChangeRaisesTheRevision() {
        long rev = rooms.find(roomId).orElseThrow().rev();
        Instant later = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        rooms.advanceHead(roomId, 5, 2, later);
        rooms.advanceHead(roomId, 3, 1, later.minusSeconds(60));
        Room room = rooms.find(roomId).orElseThrow();
        assertThat(room.head().seq()).isEqualTo(5);
        assertThat(room.head().notes()).isEqualTo(2);
        assertThat(room.head().ts()).isEqualTo(later);
        assertThat(room.rev()).isGreaterThan(rev);
    }

    @Test
    void aUsersRoomListIsASet() {
        String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
        rooms.addRoomOfUser(user, roomId);
        rooms.addRoomOfUser(user, roomId);
        rooms.addRoomOfUser(user, "r-otherroom1");
        rooms.removeRoomOfUser(user, "r-otherroom1");
        assertThat(rooms.roomIdsOf(user)).containsExactly(roomId);
    }

    @Test
    void derivedNoteStateIsIdempotent() {
        String note = roomId + ":4";
        notes.createHead(note, "u-a", List.of("u-m1"));
        notes.createHead(note, "u-b", List.of());
        notes.advanceVersion(note, 2, List.of("u-m1", "u-m2"));
        notes.advanceVersion(note, 3, List.of("u-m2", "u-m3"));
        notes.advanceVersion(note, 2, List.of("u-m1", "u-m2", "u-m4")); // re-applied: nothing changes
        notes.recordAck(note, "u-c", 9);
        notes.recordAck(note, "u-c", 12);
        TxnRepository txns = new TxnRepository(database());
        txns.recordTxn(roomId + "|u-a|t1", 4);
        txns.recordTxn(roomId + "|u-a|t1", 4);

        assertThat(notes.findHead(note)).get().extracting(h -> h.authorId() + "/" + h.version()).isEqualTo("u-a/3");
        assertThat(notes.findAck(note, "u-c")).isEqualTo(9);
        // Who each version mentions for the first time (an edit's notification goes to them only).
        assertThat(notes.newlyMentioned(note, 2)).containsExactly("u-m2");
        assertThat(notes.newlyMentioned(note, 3)).containsExactly("u-m3");
        assertThat(notes.newlyMentioned(note, 4)).isEmpty();
        assertThat(notes.findAck(note, "u-d")).isEqualTo(-1);
        assertThat(txns.findTxn(roomId + "|u-a|t1")).isEqualTo(4);
        assertThat(txns.findTxn(roomId + "|u-a|t2")).isEqualTo(-1);
    }

    private StoredEvent event(long seq) {
        return new StoredEvent(roomId, seq, EventKind.NOTE_POSTED, SENDER, Instant.now(), seq, null, "{\"n\":" + seq + "}");
    }
}
