package jp.renkei.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.EventKind;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.crypto.ContentCipher;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Listeners (the live fan-out) run after the room's write lock is released: a slow fan-out does not hold
 * up the next command's locked step on the same room, every event still reaches the listeners once and
 * in sequence order whichever thread hands it over, and an appender returns only once its event has been
 * handed over. Real embedded store; a writer set of its own with test listeners.
 */
class FanOutOutsideLockTest extends ServerTestBase {

    @Autowired
    AuditTrail audit;
    @Autowired
    MongoDatabase db;
    @Autowired
    JsonMapper json;
    @Autowired
    ContentCipher cipher;

    record Body(String text) {
    }

    private RoomLogs logsWith(RoomEventListener... listeners) {
        RoomRepository rooms = new RoomRepository(db, cipher);
        return new RoomLogs(new EventRepository(db, cipher), rooms,
                new Projections(rooms, new TxnRepository(db), json, List.of()), new RoomCache(rooms), json,
                List.of(listeners), audit);
    }

    @Test
    void theNextCommandsLockedStepDoesNotWaitForASlowFanOut() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        String roomId = newPatientRoom(nurse);
        CountDownLatch firstHandedOver = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        RoomLogs logs = logsWith(stuckOnFirst(seen, firstHandedOver, release));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<StoredEvent> first = pool.submit(() -> logs.append(roomId, EventKind.NOTE_POSTED, nurse.person(),
                    new Body("一件目"), null, CommandAudit.none()));
            assertThat(firstHandedOver.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Long> lockedStepDone = new CompletableFuture<>();
            Future<StoredEvent> second = pool.submit(() -> logs.exclusive(roomId, () -> {
                StoredEvent e = logs.append(roomId, EventKind.NOTE_POSTED, nurse.person(), new Body("二件目"), null,
                        CommandAudit.none());
                lockedStepDone.complete(e.seq());
                return e;
            }));
            // The second command checked and appended under the lock while the first fan-out is still running.
            long secondSeq = lockedStepDone.get(10, TimeUnit.SECONDS);
            // But it answers only after its own event was handed over, which waits for the first.
            Thread.sleep(200);
            assertThat(second.isDone()).isFalse();
            assertThat(first.isDone()).isFalse();
            release.countDown();
            long firstSeq = first.get(10, TimeUnit.SECONDS).seq();
            assertThat(second.get(10, TimeUnit.SECONDS).seq()).isEqualTo(secondSeq).isEqualTo(firstSeq + 1);
            assertThat(seen).containsExactly(firstSeq, secondSeq);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void anAppenderStopsWaitingForAStuckHandOverAfterAFewSecondsAndItsEventStillGoesOut() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        String roomId = newPatientRoom(nurse);
        CountDownLatch firstHandedOver = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        RoomLogs logs = logsWith(stuckOnFirst(seen, firstHandedOver, release));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<StoredEvent> first = pool.submit(() -> logs.append(roomId, EventKind.NOTE_POSTED, nurse.person(),
                    new Body("一件目"), null, CommandAudit.none()));
            assertThat(firstHandedOver.await(10, TimeUnit.SECONDS)).isTrue();
            Future<StoredEvent> second = pool.submit(() -> logs.append(roomId, EventKind.NOTE_POSTED, nurse.person(),
                    new Body("二件目"), null, CommandAudit.none()));
            // Bounded: the second appender returns (its event stored) while the hand-over is still stuck.
            long secondSeq = second.get(15, TimeUnit.SECONDS).seq();
            assertThat(first.isDone()).isFalse();
            assertThat(seen).doesNotContain(secondSeq);
            release.countDown();
            long firstSeq = first.get(10, TimeUnit.SECONDS).seq();
            // The stuck thread hands the second event over too, in order.
            long deadline = System.currentTimeMillis() + 10_000;
            while (seen.size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(seen).containsExactly(firstSeq, secondSeq);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void manyAppendersOfOneRoomHandEveryEventOverOnceInOrder() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        String roomId = newPatientRoom(nurse);
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        RoomEventListener failing = (event, room) -> {
            throw new IllegalStateException("a broken listener");
        };
        RoomLogs logs = logsWith(failing, (event, room) -> {
            seen.add(event.seq());
            threads.add(Thread.currentThread().getName());
            assertThat(room.head().seq()).isGreaterThanOrEqualTo(event.seq());
        });
        int writers = 6;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<List<Long>>> results = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                results.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        StoredEvent e = logs.exclusive(roomId, () -> logs.append(roomId, EventKind.NOTE_POSTED,
                                nurse.person(), new Body("記録"), null, CommandAudit.none()));
                        // Returned only once handed over.
                        assertThat(seen).contains(e.seq());
                        mine.add(e.seq());
                    }
                    return mine;
                }));
            }
            List<Long> appended = new ArrayList<>();
            for (Future<List<Long>> f : results) {
                appended.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(appended).hasSize(writers * each).doesNotHaveDuplicates();
            assertThat(seen).hasSize(writers * each).isSorted().doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(appended);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A listener that records each seq and, on the first event, signals {@code handedOver} and then blocks until
     * {@code release} (a slow or stuck socket).
     */
    private static RoomEventListener stuckOnFirst(List<Long> seen, CountDownLatch handedOver, CountDownLatch release) {
        return (event, room) -> {
            seen.add(event.seq());
            if (seen.size() == 1) {
                handedOver.countDown();
                await(release);
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
