package jp.renkei.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Ids;
import jp.renkei.server.crypto.ContentCipher;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import jp.renkei.server.note.NoteProjection;
import jp.renkei.server.note.NoteStateRepository;

/**
 * A node died after storing an event but before the state derived from it (head, txn id, read marker;
 * written without waiting for the journal). The next node to use the room re-applies the event before
 * anyone reads the room, so the acknowledged note is visible and a retry of it is recognised.
 */
class LogRecoveryTest extends ServerTestBase {

    @Autowired
    AuditTrail audit;
    @Autowired
    MongoDatabase db;
    @Autowired
    JsonMapper json;
    @Autowired
    ContentCipher cipher;

    @Test
    void eventsBeyondTheRecordedHeadAreReappliedOnFirstUse() {
        UserAccount nurse = newUser(Profession.NURSE);
        String roomId = newPatientRoom(nurse);
        RoomRepository roomRepository = new RoomRepository(db, cipher);
        EventRepository events = new EventRepository(db, cipher);
        long head = roomRepository.find(roomId).orElseThrow().head().seq();
        String txnKey = roomId + "|" + nurse.id() + "|crashed-post";
        // What a crash leaves: the journaled event, and nothing derived from it.
        events.insert(new StoredEvent(roomId, head + 1, EventKind.NOTE_POSTED, nurse.person(), Instant.now(),
                head + 1, txnKey, "{\"note\":{\"kind\":\"free\",\"text\":\"停止直前の記録\"}}"));
        assertThat(roomRepository.find(roomId).orElseThrow().head().seq()).isEqualTo(head);

        // A fresh node: its own cache and log writers, as after a restart.
        RoomCache cache = new RoomCache(roomRepository);
        NoteStateRepository state = new NoteStateRepository(db);
        TxnRepository txns = new TxnRepository(db);
        new RoomLogs(events, roomRepository, new Projections(roomRepository, txns, json,
                List.of(new NoteProjection(state, json))), cache, json, List.of(), audit);

        Room room = cache.get(roomId).orElseThrow();
        assertThat(room.head().seq()).isEqualTo(head + 1);
        assertThat(room.member(nurse.id()).readSeq()).isEqualTo(head + 1);
        assertThat(txns.findTxn(txnKey)).isEqualTo(head + 1);
        assertThat(state.findHead(Ids.eventId(roomId, head + 1))).isPresent();
    }

    @Test
    void probingRoomsThatDoNotExistKeepsNoWriters() {
        RoomRepository roomRepository = new RoomRepository(db, cipher);
        RoomCache cache = new RoomCache(roomRepository);
        RoomLogs logs = new RoomLogs(new EventRepository(db, cipher), roomRepository,
                new Projections(roomRepository, new TxnRepository(db), json, List.of()), cache, json, List.of(), audit);
        for (int i = 0; i < 100; i++) {
            assertThat(cache.get("r-doesnotexist" + i)).isEmpty();
        }
        assertThat(logs.writerCount()).isZero();
    }
}
