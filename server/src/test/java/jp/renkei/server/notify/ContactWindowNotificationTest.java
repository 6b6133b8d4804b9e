package jp.renkei.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.notify.FakePushService.Browser;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.MovableClock;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Contact windows (ケアマネタイム) on the notification path, driven by the moved clock: a non-urgent mention
 * outside the doctor's window waits (durably) and is sent when the window starts; inside the window, or
 * urgent, it goes at once; a held push is dropped when the doctor reads the room first.
 */
@Import(MovableClock.class)
// The minute check is driven by the tests themselves (sendDue after moving the clock).
// The doctor's browser subscribed on a password + TOTP session: it lasts as long as that session
// (SubscriptionLifetime), so the session outlives the hours the clock is moved. Urgent notes take the
// classic path here (every member at once); their escalation is EscalationTest's.
@TestPropertySource(properties = {"renkei.notify.allow-insecure-endpoints=true", "renkei.notify.deferred-check-seconds=3600",
        "renkei.auth.idle-timeout=12h", "renkei.escalation.enabled=false"})
class ContactWindowNotificationTest extends ServerTestBase {

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    @Autowired
    Notifications notifications;
    @Autowired
    DeferredMentions deferred;

    private FakePushService push;
    private byte[] serverKey;

    @BeforeEach
    void start() {
        push = new FakePushService();
    }

    @AfterEach
    void stop() {
        push.close();
        MovableClock.reset();
    }

    /** Moves the server's clock to {@code local} Japan time (a Tuesday is 2027-01-05). */
    private static void clockAt(String local) {
        Instant target = LocalDateTime.parse(local).atZone(JST).toInstant();
        MovableClock.set(Duration.between(Instant.now(), target));
    }

    private Browser subscribed(UserAccount user) {
        ApiClient api = login(user);
        if (serverKey == null) {
            serverKey = Base64.getUrlDecoder().decode(api.get("/api/notify/vapid-key").json().path("publicKey").asString());
        }
        Browser b = push.newBrowser();
        assertThat(api.put("/api/notify/subscription", b.subscriptionJson()).status()).isEqualTo(200);
        return b;
    }

    private List<JsonNode> messages(Browser b) throws InterruptedException {
        assertThat(notifications.awaitIdle(10_000)).isTrue();
        return b.messages(serverKey);
    }

    private long post(UserAccount author, String room, boolean urgent, UserAccount mention) {
        String body = "{\"roomId\":\"" + room + "\",\"txnId\":\"" + UUID.randomUUID() + "\",\"note\":{\"kind\":\"free\","
                + "\"text\":\"ご相談があります\",\"urgent\":" + urgent + ",\"mentions\":[\"" + mention.id() + "\"]}}";
        try (TestStompClient c = connect(author)) {
            JsonNode reply = c.call("/app/notes.post", body);
            assertThat(reply.path("type").asString()).as(reply.toString()).isEqualTo("ok");
            return reply.path("result").path("seq").asLong();
        }
    }

    private UserAccount doctorWithTuesdayWindow() {
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        ApiClient.Response r = login(doctor).put("/api/directory/contact-windows/me",
                "{\"slots\":[{\"day\":\"tue\",\"start\":\"13:00\",\"end\":\"14:00\",\"channel\":\"phone\"}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return doctor;
    }

    @Test
    void aMentionOutsideTheWindowWaitsForItsStartAndIsSentThen() throws Exception {
        clockAt("2027-01-05T10:00:00"); // Tuesday 10:00 JST
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = doctorWithTuesdayWindow();
        String room = newPatientRoom(nurse, doctor);
        Browser doctorB = subscribed(doctor);

        // The composer is told before sending: not open now, next window Tuesday 13:00.
        JsonNode hint = login(nurse).get("/api/directory/contact-windows?userIds=" + doctor.id()).json().path("people").get(0);
        assertThat(hint.path("openNow").asBoolean()).isFalse();
        assertThat(hint.path("nextStart").asString()).startsWith("2027-01-05T13:00+09:00");

        post(nurse, room, false, doctor);
        assertThat(messages(doctorB)).isEmpty(); // waits until the notify thread is idle
        assertThat(deferred.waitingFor(doctor.id())).isEqualTo(1);
        deferred.sendDue();
        assertThat(messages(doctorB)).isEmpty();

        clockAt("2027-01-05T13:00:30");
        assertThat(deferred.sendDue()).isEqualTo(1);
        List<JsonNode> got = messages(doctorB);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).path("kind").asString()).isEqualTo("mention");
        assertThat(deferred.waitingFor(doctor.id())).isZero();
        // Sent once only.
        deferred.sendDue();
        assertThat(messages(doctorB)).hasSize(1);
    }

    @Test
    void insideTheWindowOrUrgentGoesAtOnce() throws Exception {
        clockAt("2027-01-05T13:15:00"); // inside
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = doctorWithTuesdayWindow();
        String room = newPatientRoom(nurse, doctor);
        Browser doctorB = subscribed(doctor);
        post(nurse, room, false, doctor);
        assertThat(messages(doctorB)).hasSize(1);

        clockAt("2027-01-05T23:50:00"); // Tuesday night, outside: an urgent note never waits
        post(nurse, room, true, doctor);
        List<JsonNode> got = messages(doctorB);
        assertThat(got).hasSize(2);
        assertThat(got.get(1).path("kind").asString()).isEqualTo("urgent");
        assertThat(deferred.waitingFor(doctor.id())).isZero();
    }

    @Test
    void aHeldMentionIsDroppedWhenTheRoomIsReadFirstAndWaitsPastMidnightAndTheWeekend() throws Exception {
        clockAt("2027-01-08T23:30:00"); // Friday night: the next Tuesday window is four days away
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = doctorWithTuesdayWindow();
        String room = newPatientRoom(nurse, doctor);
        Browser doctorB = subscribed(doctor);
        long seq = post(nurse, room, false, doctor);
        assertThat(notifications.awaitIdle(10_000)).isTrue(); // the hold is written on the notify thread
        clockAt("2027-01-09T00:30:00"); // past midnight, Saturday: still waiting
        assertThat(deferred.sendDue()).isZero();
        assertThat(deferred.waitingFor(doctor.id())).isEqualTo(1);

        try (TestStompClient c = connect(doctor)) {
            JsonNode reply = c.call("/app/rooms.read", "{\"roomId\":\"" + room + "\",\"seq\":" + seq + "}");
            assertThat(reply.path("type").asString()).as(reply.toString()).isEqualTo("ok");
        }
        clockAt("2027-01-12T13:00:10"); // Tuesday
        assertThat(deferred.sendDue()).isZero();
        assertThat(deferred.waitingFor(doctor.id())).isZero();
        assertThat(messages(doctorB)).isEmpty();
    }

    @Test
    void someoneWithoutWindowsIsNotifiedAtOnce() throws Exception {
        clockAt("2027-01-05T03:00:00");
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount pharmacist = newUser(Profession.PHARMACIST);
        String room = newPatientRoom(nurse, pharmacist);
        Browser b = subscribed(pharmacist);
        post(nurse, room, false, pharmacist);
        assertThat(messages(b)).hasSize(1);
    }
}
