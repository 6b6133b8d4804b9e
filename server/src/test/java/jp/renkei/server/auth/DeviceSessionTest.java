package jp.renkei.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ApiClient.Response;
import jp.renkei.server.support.MovableClock;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.SoftAuthenticator;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The bedside sign-in (SP-AUTH-02, SP-AUTH-06, SP-MOB-02) against the API, with a software passkey and a
 * clock the test moves instead of sleeping: one-step sign-in with a user-verified passkey (and not
 * without user verification), the lock of a registered device's idle session (only the unlock step
 * answers, its WebSocket closes with 4423, the passkey unlocks it), the absolute lifetime, the unchanged
 * 15-minute idle timeout of a password + TOTP session, and revoking a device (by its owner or by the
 * facility administrator) ending its sessions at once, its client told {@code device_revoked}.
 */
@Import(MovableClock.class)
@TestPropertySource(properties = {"renkei.auth.sweep-interval=100ms", "renkei.auth.lock-after=5m",
        "renkei.auth.idle-timeout=15m", "renkei.auth.absolute-lifetime=12h"})
class DeviceSessionTest extends ServerTestBase {

    @AfterEach
    void resetClock() {
        MovableClock.reset();
    }

    private static void advance(Duration d) {
        MovableClock.advance(d);
    }

    /** A nurse with a passkey registered after a password + TOTP sign-in (the enrolment path). */
    private SoftAuthenticator enrolPasskey(UserAccount user) {
        ApiClient first = login(user);
        SoftAuthenticator phone = SoftAuthenticator.register(first, "iPhone");
        first.post("/api/logout", "{}");
        return phone;
    }

    @Test
    void onAPhoneWithAPasskeySignInIsOneStepButOnlyWithUserVerification() {
        UserAccount nurse = newUser(Profession.NURSE);
        SoftAuthenticator phone = enrolPasskey(nurse);

        ApiClient withoutUv = new ApiClient(port);
        Response refused = phone.signIn(withoutUv, false);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().path("code").asString()).isEqualTo("AUTH_FAILED");
        assertThat(withoutUv.get("/api/rooms").status()).isEqualTo(401);
        assertThat(withoutUv.get("/api/session").json().path("authenticated").asBoolean()).isFalse();

        ApiClient api = new ApiClient(port);
        Response ok = phone.signIn(api, true);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("authenticated").asBoolean()).isTrue();
        assertThat(ok.json().path("user").path("userId").asString()).isEqualTo(nurse.id());
        assertThat(ok.json().path("lockAfterSeconds").asLong()).isEqualTo(300);
        assertThat(api.get("/api/rooms").status()).isEqualTo(200);
        // The device list marks this device.
        var devices = api.get("/api/account/passkeys").json();
        assertThat(devices.size()).isEqualTo(1);
        assertThat(devices.get(0).path("thisDevice").asBoolean()).isTrue();
        assertThat(devices.get(0).path("lastUsedAt").isNull()).isFalse();
    }

    @Test
    void familyMembersSignInWithAPasskeyToo() {
        UserAccount relative = newUser(Profession.FAMILY);
        SoftAuthenticator phone = enrolPasskey(relative);
        assertThat(phone.signIn(new ApiClient(port), false).status()).isEqualTo(401);
        ApiClient api = new ApiClient(port);
        assertThat(phone.signIn(api, true).status()).isEqualTo(200);
        assertThat(api.get("/api/session").json().path("user").path("profession").asString()).isEqualTo("family");
    }

    @Test
    void anIdleRegisteredDeviceLocksAndOnlyThePasskeyUnlocksIt() {
        UserAccount nurse = newUser(Profession.NURSE);
        SoftAuthenticator phone = enrolPasskey(nurse);
        ApiClient api = new ApiClient(port);
        assertThat(phone.signIn(api, true).status()).isEqualTo(200);
        try (TestStompClient live = TestStompClient.connect(api).ready()) {
            advance(Duration.ofMinutes(4));
            assertThat(api.get("/api/rooms").status()).as("4 minutes idle: still open").isEqualTo(200);
            advance(Duration.ofMinutes(5).plusSeconds(1));
            // The sweeper locks it and closes its live connection: no deliveries while locked.
            assertThat(live.closedWithin(5000)).isEqualTo(4423);
        }
        Response locked = api.get("/api/rooms");
        assertThat(locked.status()).isEqualTo(423);
        assertThat(locked.json().path("code").asString()).isEqualTo("SESSION_LOCKED");
        assertThat(api.post("/api/rooms", "{}").status()).isEqualTo(423);
        assertThat(api.get("/api/account/passkeys").status()).isEqualTo(423);
        Response session = api.get("/api/session");
        assertThat(session.json().path("authenticated").asBoolean()).isTrue();
        assertThat(session.json().path("locked").asBoolean()).isTrue();
        // A new live connection is refused while locked.
        try (TestStompClient again = TestStompClient.connect(api)) {
            assertThat(again.closedWithin(5000)).isNotNull();
        } catch (RuntimeException refusedAtHandshake) {
            // 423 at the handshake: refused as well.
        }

        // A passkey assertion without user verification does not unlock.
        Response noUv = phone.unlock(api, false);
        assertThat(noUv.status()).isEqualTo(401);
        assertThat(api.get("/api/rooms").status()).isEqualTo(423);

        Response unlocked = phone.unlock(api, true);
        assertThat(unlocked.status()).isEqualTo(200);
        assertThat(unlocked.json().path("locked").asBoolean()).isFalse();
        assertThat(api.get("/api/rooms").status()).isEqualTo(200);
        try (TestStompClient resumed = TestStompClient.connect(api).ready()) {
            assertThat(resumed.closedWithin(300)).isNull();
        }
    }

    @Test
    void theClientLocksItsSessionWhenTheAppGoesToTheBackground() {
        UserAccount nurse = newUser(Profession.NURSE);
        SoftAuthenticator phone = enrolPasskey(nurse);
        ApiClient api = new ApiClient(port);
        phone.signIn(api, true);
        assertThat(api.post("/api/session/lock", "{}").status()).isEqualTo(204);
        assertThat(api.get("/api/rooms").status()).isEqualTo(423);
        assertThat(phone.unlock(api, true).status()).isEqualTo(200);
        assertThat(api.get("/api/rooms").status()).isEqualTo(200);
    }

    @Test
    void aRegisteredDeviceSessionLastsAWorkingDayAtMost() {
        UserAccount nurse = newUser(Profession.NURSE);
        SoftAuthenticator phone = enrolPasskey(nurse);
        ApiClient api = new ApiClient(port);
        phone.signIn(api, true);
        // Busy all day: a request every 4 minutes never lets it lock, but 12 hours end it.
        for (int minutes = 4; minutes < 12 * 60; minutes += 4) {
            advance(Duration.ofMinutes(4));
            assertThat(api.get("/api/rooms").status()).as("after %d minutes", minutes).isEqualTo(200);
        }
        advance(Duration.ofMinutes(5));
        Response ended = api.get("/api/rooms");
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
        // Ended, not locked: nothing unlocks it (the session and its CSRF token are gone).
        assertThat(phone.unlock(api, true).status()).isIn(401, 403);
    }

    @Test
    void aSharedPcWithoutAPasskeyStillEndsAfter15MinutesIdleAndNeverLocks() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient pc = login(nurse);
        assertThat(pc.get("/api/session").json().path("lockAfterSeconds").asLong(0)).isZero();
        try (TestStompClient live = TestStompClient.connect(pc).ready()) {
            advance(Duration.ofMinutes(6));
            assertThat(pc.get("/api/rooms").status()).as("no lock without a passkey").isEqualTo(200);
            advance(Duration.ofMinutes(15).plusSeconds(1));
            assertThat(live.closedWithin(5000)).isEqualTo(4401);
        }
        Response r = pc.get("/api/rooms");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void registeringAPasskeyMakesThisSessionsDeviceARegisteredOne() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient api = login(nurse);
        SoftAuthenticator.register(api, "Android");
        assertThat(api.get("/api/session").json().path("lockAfterSeconds").asLong()).isEqualTo(300);
        advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(api.get("/api/rooms").status()).isEqualTo(423);
    }

    @Test
    void revokingADeviceEndsItsSessionsAtOnceAndTellsItToWipe() {
        UserAccount nurse = newUser(Profession.NURSE);
        SoftAuthenticator phone = enrolPasskey(nurse);
        ApiClient onPhone = new ApiClient(port);
        phone.signIn(onPhone, true);
        ApiClient office = login(nurse);
        assertThat(office.patch("/api/account/passkeys/" + phone.id(), "{\"label\":\"仕事用 iPhone\"}").status())
                .isEqualTo(200);
        assertThat(office.get("/api/account/passkeys").json().get(0).path("label").asString()).isEqualTo("仕事用 iPhone");
        try (TestStompClient live = TestStompClient.connect(onPhone).ready()) {
            long start = System.nanoTime();
            assertThat(office.delete("/api/account/passkeys/" + phone.id()).status()).isEqualTo(204);
            assertThat(live.closedWithin(5000)).isEqualTo(4401);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        }
        Response next = onPhone.get("/api/rooms");
        assertThat(next.status()).isEqualTo(401);
        assertThat(next.json().path("reason").asString()).isEqualTo("device_revoked");
        assertThat(office.get("/api/rooms").status()).as("the office PC's session is another device").isEqualTo(200);
        assertThat(phone.signIn(new ApiClient(port), true).status()).isEqualTo(401);
    }

    @Test
    void theFacilityAdministratorRevokesAStaffMembersLostPhone() {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount admin = newUserIn(Profession.FACILITY_ADMIN, nurse.organizationId());
        UserAccount otherAdmin = newUser(Profession.FACILITY_ADMIN);
        UserAccount colleague = newUserIn(Profession.NURSE, nurse.organizationId());
        SoftAuthenticator phone = enrolPasskey(nurse);
        ApiClient onPhone = new ApiClient(port);
        phone.signIn(onPhone, true);

        ApiClient stranger = login(otherAdmin);
        assertThat(stranger.get("/api/admin/users/" + nurse.id() + "/passkeys").status()).isEqualTo(403);
        assertThat(stranger.delete("/api/admin/users/" + nurse.id() + "/passkeys/" + phone.id()).status()).isEqualTo(403);
        ApiClient peer = login(colleague);
        assertThat(peer.delete("/api/admin/users/" + nurse.id() + "/passkeys/" + phone.id()).json().path("reason")
                .asString()).isEqualTo("profession_not_allowed");
        assertThat(onPhone.get("/api/rooms").status()).isEqualTo(200);

        ApiClient office = login(admin);
        var list = office.get("/api/admin/users/" + nurse.id() + "/passkeys").json();
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).path("label").asString()).isEqualTo("iPhone");
        assertThat(office.delete("/api/admin/users/" + nurse.id() + "/passkeys/" + phone.id()).status()).isEqualTo(204);
        Response wiped = onPhone.get("/api/session");
        assertThat(wiped.json().path("authenticated").asBoolean()).isFalse();
        assertThat(wiped.json().path("endedReason").asString()).isEqualTo("device_revoked");
        assertThat(onPhone.get("/api/session").json().path("endedReason").asString("")).as("told once").isEmpty();
    }
}
