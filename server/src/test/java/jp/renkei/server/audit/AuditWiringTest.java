package jp.renkei.server.audit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.store.Collections;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every path records its accesses, allowed and denied, with who, what, from where and the result. */
class AuditWiringTest extends ServerTestBase {

    @Autowired
    AuditTrail audit;
    @Autowired
    MongoDatabase db;

    private List<Document> entriesOf(String actor) {
        audit.sync();
        return db.getCollection(Collections.AUDIT).find(eq("actor", actor)).sort(new Document("seq", 1))
                .into(new ArrayList<>());
    }

    private static List<String> actions(List<Document> entries) {
        return entries.stream().map(d -> d.getString("action") + (d.getBoolean("allowed") ? "" : "!")).toList();
    }

    @Test
    void httpAccessesAndLoginsAreRecordedWithTheClientAddress() {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount stranger = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        ApiClient api = login(nurse);
        assertThat(api.get("/api/rooms").status()).isEqualTo(200);
        assertThat(api.get("/api/rooms/" + room).status()).isEqualTo(200);
        assertThat(api.get("/api/rooms/" + room + "/events?limit=10").status()).isEqualTo(200);
        ApiClient other = login(stranger);
        assertThat(other.get("/api/rooms/" + room).status()).isEqualTo(404);
        assertThatLoginFails(stranger.loginId());

        List<Document> mine = entriesOf(nurse.id());
        assertThat(actions(mine)).containsSubsequence("login", "room.list", "room.view", "history.page");
        Document view = mine.stream().filter(d -> d.getString("action").equals("room.view")).findFirst().orElseThrow();
        assertThat(view.getString("room")).isEqualTo(room);
        assertThat(view.getString("from")).isEqualTo("127.0.0.1");
        assertThat(view.getString("org")).isEqualTo(nurse.organizationId());
        assertThat(view.getString("prof")).isEqualTo("nurse");

        // The policy's denial, once, with its reason and the address.
        List<Document> denied = entriesOf(stranger.id()).stream()
                .filter(d -> !d.getBoolean("allowed") && "room".equals(d.getString("type"))).toList();
        assertThat(denied).singleElement().satisfies(d -> {
            assertThat(d.getString("reason")).isEqualTo("not_a_member");
            assertThat(d.getString("room")).isEqualTo(room);
            assertThat(d.getString("from")).isEqualTo("127.0.0.1");
        });
        audit.sync();
        // The failed password step of a known account, recorded against that account.
        assertThat(db.getCollection(Collections.AUDIT).find(and(eq("action", "login.password"), eq("allowed", false),
                eq("resource", stranger.id()))).first()).isNotNull();
    }

    private void assertThatLoginFails(String loginId) {
        ApiClient api = new ApiClient(port);
        api.refreshCsrf();
        assertThat(api.post("/api/login", "{\"username\":\"" + loginId + "\",\"password\":\"wrong-password-1\"}")
                .status()).isEqualTo(401);
    }

    @Test
    void liveSessionsSubscriptionsCommandsAndEachDeliveryAreRecorded() throws Exception {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount stranger = newUser(Profession.NURSE);
        String room = newPatientRoom(host, nurse);
        try (TestStompClient h = connect(host); TestStompClient n = connect(nurse); TestStompClient s = connect(stranger)) {
            n.subscribe("/room/" + room, "r", Map.of("request-id", "sub"));
            assertThat(n.reply("sub").path("type").asString()).isEqualTo("ok");
            assertThat(h.call("/app/notes.post", Notes.post(room, "t1", "訪問しました")).path("type").asString())
                    .isEqualTo("ok");
            n.await(f -> "MESSAGE".equals(f.command()) && ("/room/" + room).equals(f.header("destination"))
                    && f.body().contains("\"type\":\"event\""));
            s.subscribe("/room/" + room, "x", Map.of("request-id", "nope"));
            assertThat(s.reply("nope").path("code").asString()).isEqualTo("ROOM_NOT_FOUND");
        }
        List<Document> nurseEntries = entriesOf(nurse.id());
        assertThat(actions(nurseEntries)).contains("live.connect", "room.subscribe");
        Document subscribe = nurseEntries.stream().filter(d -> d.getString("action").equals("room.subscribe"))
                .findFirst().orElseThrow();
        assertThat(subscribe.getString("from")).isEqualTo("127.0.0.1");
        // One entry per fan-out: the event and every subscriber it went to, each with its live session.
        List<Document> fanOuts = db.getCollection(Collections.AUDIT)
                .find(and(eq("action", "event.deliver"), eq("room", room))).into(new ArrayList<>());
        assertThat(fanOuts).singleElement().satisfies(d -> {
            assertThat(d.getString("actor")).isEqualTo("system");
            assertThat(d.getString("resource")).startsWith(room + ":");
            assertThat(d.getList("to", String.class)).singleElement()
                    .satisfies(to -> assertThat(to).startsWith(nurse.id() + "/"));
            assertThat(d.getString("reason")).isEqualTo("delivered:1");
        });
        assertThat(actions(entriesOf(host.id()))).contains("note.post");
        assertThat(entriesOf(stranger.id()).stream().filter(d -> !d.getBoolean("allowed")))
                .singleElement().satisfies(d -> {
                    assertThat(d.getString("reason")).isEqualTo("not_a_member");
                    assertThat(d.getString("from")).isEqualTo("127.0.0.1");
                });
        // Disconnects are recorded when the sessions close.
        long deadline = System.currentTimeMillis() + 10_000;
        while (!actions(entriesOf(nurse.id())).contains("live.disconnect") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(actions(entriesOf(nurse.id()))).contains("live.disconnect");
    }

    @Test
    void theTrailOfARunningServerVerifies() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        login(nurse).get("/api/rooms");
        audit.sync();
        var key = new org.bouncycastle.crypto.params.Ed25519PublicKeyParameters(
                java.util.Base64.getDecoder().decode(audit.publicKeyBase64()), 0);
        VerifyAuditTrail.Report report = VerifyAuditTrail.verify(db, key);
        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).isPositive();
        assertThat(report.unsealed()).isZero();
    }
}
