package jp.renkei.server.live;

import static jp.renkei.server.live.LiveDeliveryTest.roomEvent;
import static jp.renkei.server.live.LiveDeliveryTest.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.CompletionException;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestStompClient.Frame;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Need-to-know on every live path: handshake, CONNECT, SUBSCRIBE, SEND and each delivery. */
class LiveAccessTest extends ServerTestBase {

    @Test
    void aNonMemberCannotSubscribeNorPostAndLearnsNothingAboutTheRoom() {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount stranger = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        try (TestStompClient s = connect(stranger)) {
            s.subscribe("/room/" + room, "x", Map.of("request-id", "sub-x"));
            JsonNode denied = s.reply("sub-x");
            s.subscribe("/room/r-doesnotexist00", "y", Map.of("request-id", "sub-y"));
            JsonNode missing = s.reply("sub-y");
            JsonNode post = s.call("/app/notes.post", Notes.post(room, "t", "覗き見"));

            assertThat(denied.path("code").asString()).isEqualTo("ROOM_NOT_FOUND");
            assertThat(missing.path("code").asString()).isEqualTo("ROOM_NOT_FOUND");
            assertThat(denied.path("message").asString()).isEqualTo(missing.path("message").asString());
            assertThat(post.path("code").asString()).isEqualTo("ROOM_NOT_FOUND");
            assertThat(login(stranger).get("/api/rooms/" + room).status()).isEqualTo(404);
            assertThat(login(stranger).get("/api/rooms/" + room + "/events").status()).isEqualTo(404);
        }
    }

    @Test
    void aRemovedMemberReceivesNothingFromThatMomentOn() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount helper = newUser(Profession.CARE_WORKER);
        String room = newPatientRoom(host, helper);
        try (TestStompClient h = connect(host); TestStompClient w = connect(helper)) {
            subscribe(w, room, "s1", null);
            h.call("/app/notes.post", Notes.post(room, "before", "削除前のメモ"));
            w.await(roomEvent(room));

            assertThat(login(host).delete("/api/rooms/" + room + "/members/" + helper.id()).status()).isEqualTo(204);
            Frame revoked = w.await(f -> "MESSAGE".equals(f.command()) && f.body().contains("\"revoked\""));
            h.call("/app/notes.post", Notes.post(room, "after", "削除後のメモ"));

            assertThat(revoked.json().path("roomId").asString()).isEqualTo(room);
            assertThat(w.drain(500)).noneMatch(f -> f.body().contains("削除後のメモ"));
            w.subscribe("/room/" + room, "s2", Map.of("request-id", "again", "since-seq", "0"));
            assertThat(w.reply("again").path("code").asString()).isEqualTo("ROOM_NOT_FOUND");
        }
    }

    @Test
    void familyAccountsNeverSeeTheStaffTimeline() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount family = newUser(Profession.FAMILY);
        String room = newPatientRoom(host);
        ApiClient hostApi = login(host);
        String invite = "{\"userId\":\"" + family.id() + "\"}";
        // Not named in the patient's consent: not invited (SP-CON-02).
        JsonNode refused = hostApi.post("/api/rooms/" + room + "/members", invite).json();
        assertThat(refused.path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(refused.path("reason").asString()).isEqualTo("family_not_named_in_consent");
        // Named: invited, and still never on the staff timeline (SP-AUTHZ-03).
        assertThat(hostApi.post("/api/rooms/" + room + "/consent", "{\"consentedBy\":\"patient\",\"method\":\"written\","
                + "\"date\":\"2026-04-01\",\"familyUserIds\":[\"" + family.id() + "\"]}").status()).isEqualTo(201);
        assertThat(hostApi.post("/api/rooms/" + room + "/members", invite).status()).isEqualTo(201);
        ApiClient familyApi = login(family);
        assertThat(familyApi.get("/api/rooms/" + room + "/events").json().path("reason").asString())
                .isEqualTo("family_staff_channel");
        try (TestStompClient f = connect(family)) {
            f.subscribe("/room/" + room, "s", Map.of("request-id", "fam"));
            JsonNode reply = f.reply("fam");
            assertThat(reply.path("code").asString()).isEqualTo("FORBIDDEN");
            assertThat(reply.path("reason").asString()).isEqualTo("family_staff_channel");
            hostApi.post("/api/rooms/" + room + "/consent", "{\"consentedBy\":\"patient\",\"method\":\"written\","
                    + "\"date\":\"2026-04-01\",\"familyUserIds\":[\"" + family.id() + "\"]}");
            assertThat(f.drain(300)).noneMatch(x -> x.body().contains("consent.recorded"));
        }
    }

    @Test
    void theServerOffersHeartBeatsSoDeadConnectionsAreNoticed() {
        ApiClient api = login(newUser(Profession.NURSE));
        try (TestStompClient c = TestStompClient.connect(api, api.csrf(), null, Map.of("heart-beat", "20000,20000"))) {
            Frame connected = c.await(f -> f.command().equals("CONNECTED"));
            assertThat(connected.header("heart-beat")).isEqualTo("20000,20000");
        }
    }

    @Test
    void connectWithoutTheCsrfTokenIsRefused() {
        UserAccount nurse = newUser(Profession.NURSE);
        try (TestStompClient c = TestStompClient.connect(login(nurse), null, null)) {
            Frame f = c.await(x -> x.command().equals("CONNECTED") || x.command().equals("ERROR"));
            assertThat(f.command()).isEqualTo("ERROR");
            assertThat(f.header("code")).isEqualTo("FORBIDDEN");
        }
    }

    @Test
    void theHandshakeNeedsALoginAndTheSameOrigin() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient anonymous = new ApiClient(port);
        anonymous.refreshCsrf();
        assertThat(handshakeFails(anonymous, null)).isTrue();
        assertThat(handshakeFails(login(nurse), "https://evil.example")).isTrue();
        assertThat(handshakeFails(login(nurse), "http://localhost:" + port)).isFalse();
    }

    private boolean handshakeFails(ApiClient api, String origin) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", api.cookieHeader());
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            builder.buildAsync(URI.create("ws://localhost:" + port + "/ws"), new java.net.http.WebSocket.Listener() {
            }).join().abort();
            return false;
        } catch (CompletionException e) {
            return true;
        }
    }
}
