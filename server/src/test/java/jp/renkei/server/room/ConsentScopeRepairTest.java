package jp.renkei.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.crypto.ContentCipher;
import jp.renkei.server.store.Collections;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * A room whose consent was recorded before the room kept the consent's scope (its {@code consent}
 * has no {@code scope}) gets the scope back from its log on first use, so the scope is enforced there
 * too, not only after the consent is next recorded.
 */
class ConsentScopeRepairTest extends ServerTestBase {

    @Autowired
    AuditTrail audit;
    @Autowired
    MongoDatabase db;
    @Autowired
    JsonMapper json;
    @Autowired
    ContentCipher cipher;

    @Test
    void aConsentRecordedBeforeScopesWereKeptIsReadAgainFromTheLog() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        String roomId = newPatientRoom(host, newUser(Profession.NURSE));
        ApiClient hostApi = login(host);
        assertThat(hostApi.post("/api/rooms/" + roomId + "/consent", "{\"consentedBy\":\"patient\",\"method\":\"oral\","
                + "\"date\":\"2026-04-02\",\"scope\":[\"physician\",\"nurse\"]}").status()).isEqualTo(201);
        // Events after the consent (more than one batch): the repair looks back past them.
        UserAccount visitor = newUser(Profession.PHYSICIAN);
        for (int i = 0; i < 25; i++) {
            rooms.invite(host, roomId, visitor.id());
            rooms.removeOrLeave(host, roomId, visitor.id());
        }
        // What an older version stored: consent in force, no scope.
        db.getCollection(Collections.ROOMS).updateOne(Filters.eq("_id", roomId), Updates.unset("consent.scope"));
        RoomRepository roomRepository = new RoomRepository(db, cipher);
        Room.Consent legacy = roomRepository.find(roomId).orElseThrow().consent();
        assertThat(legacy.inForce()).isTrue();
        assertThat(legacy.scope()).as("unknown").isNull();

        // A fresh node, as after the upgrade's restart.
        RoomCache cache = new RoomCache(roomRepository);
        new RoomLogs(new EventRepository(db, cipher), roomRepository,
                new Projections(roomRepository, new TxnRepository(db), json, List.of()), cache, json, List.of(), audit);
        Room.Consent repaired = cache.get(roomId).orElseThrow().consent();
        assertThat(repaired.scope()).isEqualTo(Set.of("physician", "nurse"));
        assertThat(repaired.covers(Profession.PHARMACIST)).isFalse();
        assertThat(repaired.covers(Profession.NURSE)).isTrue();
    }
}
