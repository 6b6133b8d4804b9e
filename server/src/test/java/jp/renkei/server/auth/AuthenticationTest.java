package jp.renkei.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ApiClient.Response;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestTotp;
import org.junit.jupiter.api.Test;

/** SP-AUTH-02 (two factors), SP-AUTH-04 (lockout, neutral answers), logout closing the WebSocket. */
class AuthenticationTest extends ServerTestBase {

    @Test
    void aPasswordOnlySessionReachesOnlyTheSecondFactorStep() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient api = new ApiClient(port);
        Response step = api.loginPassword(nurse.loginId(), PASSWORD);
        assertThat(step.json().path("step").asString()).isEqualTo("second_factor");
        assertThat(step.json().path("methods").get(0).asString()).isEqualTo("totp");

        Response rooms = api.get("/api/rooms");
        assertThat(rooms.status()).isEqualTo(401);
        assertThat(rooms.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(rooms.json().path("reason").asString()).isEqualTo("second_factor_required");
        assertThat(api.get("/api/session").json().path("authenticated").asBoolean()).isFalse();
        assertThat(api.post("/api/rooms", "{\"kind\":\"network\",\"title\":\"x\"}").status()).isEqualTo(401);
        // No WebSocket either.
        try (TestStompClient c = TestStompClient.connect(api, api.csrf(), null)) {
            assertThat(c.closedWithin(5000)).isNotNull();
        } catch (RuntimeException refusedAtHandshake) {
            assertThat(refusedAtHandshake).isNotNull();
        }
    }

    @Test
    void wrongAndReplayedCodesAreRefusedAndTheRightCodeCompletesTheLogin() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient first = new ApiClient(port);
        first.loginPassword(nurse.loginId(), PASSWORD);
        long step = System.currentTimeMillis() / 30_000;
        String right = TestTotp.code(TestTotp.SECRET, step);
        String wrong = right.equals("000000") ? "111111" : "000000";
        Response bad = first.post("/api/login/totp", "{\"code\":\"" + wrong + "\"}");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.json().path("code").asString()).isEqualTo("AUTH_FAILED");

        Response ok = first.post("/api/login/totp", "{\"code\":\"" + right + "\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("authenticated").asBoolean()).isTrue();
        assertThat(ok.json().path("user").path("userId").asString()).isEqualTo(nurse.id());

        // The same code again, from another session: a replay (RFC 6238 §5.2).
        ApiClient second = new ApiClient(port);
        second.loginPassword(nurse.loginId(), PASSWORD);
        Response replay = second.post("/api/login/totp", "{\"code\":\"" + right + "\"}");
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.body()).isEqualTo(bad.body());
        assertThat(second.get("/api/rooms").status()).isEqualTo(401);
    }

    @Test
    void fiveFailuresLockTheLoginIdAndEveryFailureLooksTheSame() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient api = new ApiClient(port);
        api.refreshCsrf();
        String wrongBody = null;
        for (int i = 0; i < 5; i++) {
            Response r = api.post("/api/login", login(nurse.loginId(), "Wrong-pass-" + i));
            assertThat(r.status()).isEqualTo(401);
            wrongBody = r.body();
        }
        // The sixth attempt, with the right password, is refused: locked (SP-AUTH-04).
        Response locked = api.post("/api/login", login(nurse.loginId(), PASSWORD));
        Response unknown = api.post("/api/login", login("nobody-" + nurse.id(), PASSWORD));
        assertThat(locked.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(locked.body()).isEqualTo(wrongBody).isEqualTo(unknown.body());
        assertThat(locked.json().path("code").asString()).isEqualTo("AUTH_FAILED");

        // Unknown login ids are counted and locked the same way.
        String ghost = "ghost-" + nurse.id();
        for (int i = 0; i < 6; i++) {
            assertThat(api.post("/api/login", login(ghost, "Wrong-pass-" + i)).body()).isEqualTo(wrongBody);
        }
    }

    @Test
    void loggingOutEndsTheSessionAndClosesItsWebSocket() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient api = login(nurse);
        try (TestStompClient c = TestStompClient.connect(api).ready()) {
            assertThat(api.post("/api/logout", "{}").status()).isEqualTo(204);
            // Closed by Renkei (4401) or, first, by Tomcat for the invalidated session (1008).
            assertThat(c.closedWithin(5000)).isIn(4401, 1008);
        }
        assertThat(api.get("/api/rooms").status()).isEqualTo(401);
    }

    @Test
    void anotherSessionOfTheSameUserIsNotAffectedByALogout() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient phone = login(nurse);
        ApiClient desk = login(nurse);
        assertThat(phone.post("/api/logout", "{}").status()).isEqualTo(204);
        assertThat(desk.get("/api/rooms").status()).isEqualTo(200);
    }

    private static String login(String user, String password) {
        return "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
    }
}
