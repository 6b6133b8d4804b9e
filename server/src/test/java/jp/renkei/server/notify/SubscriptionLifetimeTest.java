package jp.renkei.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.notify.FakePushService.Browser;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.MovableClock;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.SoftAuthenticator;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A browser is notified only as long as the sign-in it subscribed on lasts (SubscriptionLifetime): a
 * shared PC's subscription ends with its session (here the 15-minute idle timeout), a registered phone's
 * lasts past its session's lifetime until its passkey is revoked. Time is moved, not waited for.
 */
@Import(MovableClock.class)
@TestPropertySource(properties = {"renkei.notify.allow-insecure-endpoints=true", "renkei.auth.sweep-interval=100ms",
        "renkei.auth.lock-after=5m", "renkei.auth.idle-timeout=15m", "renkei.auth.absolute-lifetime=12h"})
class SubscriptionLifetimeTest extends ServerTestBase {

    @Autowired
    Notifications notifications;
    @Autowired
    PushSubscriptions subscriptions;

    private FakePushService push;

    @BeforeEach
    void start() {
        push = new FakePushService();
    }

    @AfterEach
    void stop() {
        push.close();
        MovableClock.reset();
    }

    private Browser subscribe(ApiClient api) {
        Browser b = push.newBrowser();
        ApiClient.Response r = api.put("/api/notify/subscription", b.subscriptionJson());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return b;
    }

    private void mention(UserAccount author, String room, UserAccount who) {
        try (TestStompClient c = connect(author)) {
            String body = "{\"roomId\":\"" + room + "\",\"txnId\":\"" + UUID.randomUUID()
                    + "\",\"note\":{\"kind\":\"free\",\"text\":\"ご確認ください\",\"mentions\":[\"" + who.id() + "\"]}}";
            assertThat(c.call("/app/notes.post", body).path("type").asString()).isEqualTo("ok");
        }
        idle();
    }

    private void idle() {
        try {
            assertThat(notifications.awaitIdle(10_000)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSharedPcIsNotNotifiedOnceItsSessionHasEnded() {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(host, doctor);
        ApiClient pc = login(doctor); // password + TOTP: no passkey on this device
        Browser browser = subscribe(pc);
        mention(host, room, doctor);
        assertThat(push.receivedBy(browser)).hasSize(1);

        MovableClock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(pc.get("/api/rooms").status()).as("the session ended when idle").isEqualTo(401);
        mention(host, room, doctor);
        assertThat(push.receivedBy(browser)).as("nothing after the session ended").hasSize(1);
        assertThat(subscriptions.of(doctor.id())).as("and the subscription is gone").isEmpty();

        // Signing in again on the same PC and subscribing again notifies again.
        subscribe(login(doctor));
        assertThat(subscriptions.of(doctor.id())).hasSize(1);
    }

    @Test
    void aRegisteredPhoneIsNotifiedAfterItsSessionEndsUntilItsPasskeyIsRevoked() {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(host, nurse);
        ApiClient first = login(nurse);
        SoftAuthenticator phone = SoftAuthenticator.register(first, "iPhone");
        first.post("/api/logout", "{}");
        ApiClient onPhone = new ApiClient(port);
        assertThat(phone.signIn(onPhone, true).status()).isEqualTo(200);
        Browser browser = subscribe(onPhone);

        MovableClock.advance(Duration.ofHours(13)); // past the 12-hour lifetime: the session ended
        assertThat(onPhone.get("/api/rooms").status()).isEqualTo(401);
        mention(host, room, nurse);
        assertThat(push.receivedBy(browser)).as("the phone is still told; it unlocks with its passkey").hasSize(1);

        ApiClient office = login(nurse);
        assertThat(office.delete("/api/account/passkeys/" + phone.id()).status()).isEqualTo(204);
        mention(host, room, nurse);
        assertThat(push.receivedBy(browser)).as("a revoked phone is told nothing more").hasSize(1);
        assertThat(subscriptions.of(nurse.id())).extracting(PushSubscriptions.Subscription::endpoint)
                .doesNotContain(browser.endpoint());
        assertThat(List.of(login(admin(nurse)).get("/api/admin/audit?actor=" + nurse.id()).json()
                .path("entries").toString())).anySatisfy(s -> assertThat(s).contains("sign_in_ended"));
    }

    private UserAccount admin(UserAccount of) {
        return newUserIn(Profession.FACILITY_ADMIN, of.organizationId());
    }
}
