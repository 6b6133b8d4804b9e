package jp.renkei.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.notify.FakePushService.Browser;
import jp.renkei.server.store.EmbeddedMongoProperties;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Web Push end to end (SP-MOB-04): a local HTTP server plays the push service and the browsers; it
 * checks each request's VAPID header (RFC 8292) and decrypts each body (RFC 8291) with the browser's
 * own keys. What notifies whom, what never does, the settings, expired subscriptions, and the opaque
 * id that only its recipient can resolve, and only while they may read the room.
 */
@TestPropertySource(properties = "renkei.notify.allow-insecure-endpoints=true")
class WebPushTest extends ServerTestBase {

    /** What the patient room of {@link #newPatientRoom} holds that no notification may carry. */
    private static final String PATIENT = "試験 花子";
    private static final String NOTE_TEXT = "試験さんの血圧 182/96、夕方から息苦しさあり";

    @Autowired
    Notifications notifications;
    @Autowired
    PushSubscriptions subscriptions;
    @Autowired
    EmbeddedMongoProperties embedded;

    private FakePushService push;
    private byte[] serverKey;

    @BeforeEach
    void start() {
        push = new FakePushService();
    }

    @AfterEach
    void stop() {
        push.close();
    }

    // ------------------------------------------------------------------ helpers

    private Browser subscribed(UserAccount user) {
        ApiClient api = login(user);
        if (serverKey == null) {
            serverKey = Base64.getUrlDecoder().decode(api.get("/api/notify/vapid-key").json().path("publicKey").asString());
        }
        Browser b = push.newBrowser();
        ApiClient.Response r = api.put("/api/notify/subscription", b.subscriptionJson());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return b;
    }

    private List<JsonNode> messages(Browser b) {
        idle();
        return b.messages(serverKey);
    }

    /** The browser's messages once there are {@code n} (urgent notes are told from the escalation thread). */
    private List<JsonNode> awaitMessages(Browser b, int n) {
        List<JsonNode> got = messages(b);
        for (int i = 0; i < 200 && got.size() < n; i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            got = messages(b);
        }
        return got;
    }

    private void idle() {
        try {
            assertThat(notifications.awaitIdle(10_000)).as("notifications sent").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String note(String room, String text, boolean urgent, UserAccount... mentions) {
        StringBuilder m = new StringBuilder();
        for (UserAccount u : mentions) {
            m.append(m.isEmpty() ? "" : ",").append('"').append(u.id()).append('"');
        }
        return "{\"roomId\":\"" + room + "\",\"txnId\":\"" + UUID.randomUUID() + "\",\"note\":{\"kind\":\"free\",\"text\":"
                + ApiClient.JSON.writeValueAsString(text) + ",\"urgent\":" + urgent + ",\"mentions\":[" + m + "]}}";
    }

    private String post(UserAccount author, String body) {
        try (TestStompClient c = connect(author)) {
            JsonNode reply = c.call("/app/notes.post", body);
            assertThat(reply.path("type").asString()).as(reply.toString()).isEqualTo("ok");
            return reply.path("result").path("eventId").asString();
        }
    }

    /** The whole plaintext carries no patient name, note text, room title, room id or event id. */
    private static void carriesNoPatientData(JsonNode msg, String roomId, String eventId) {
        String plain = msg.toString();
        assertThat(plain).doesNotContain(PATIENT, "試験", "血圧", NOTE_TEXT, roomId);
        if (eventId != null) {
            assertThat(plain).doesNotContain(eventId);
        }
        assertThat(msg.path("id").asString()).matches("[A-Za-z0-9_-]{22}");
        assertThat(msg.path("title").asString()).isEqualTo("Renkei");
        assertThat(msg.path("body").asString()).isNotBlank();
    }

    private UserAccount staffOf(OrganizationKind kind, Profession profession) {
        String orgId = "o-" + kind.wire().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 6);
        accounts.saveOrganization(new Organization(orgId, "テスト " + kind.wire(), kind, "北区"));
        return newUserIn(profession, orgId);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aMentionNotifiesTheMentionedStaffMemberOnlyWithNoPatientDataAndAnOpaqueId() {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        UserAccount helper = newUser(Profession.CARE_WORKER);
        UserAccount outsider = newUser(Profession.PHARMACIST);
        UserAccount relative = newUser(Profession.FAMILY);
        String room = newPatientRoom(host, doctor, helper);
        inviteFamily(host, room, relative);
        Browser hostB = subscribed(host);
        Browser doctorB = subscribed(doctor);
        Browser helperB = subscribed(helper);
        Browser outsiderB = subscribed(outsider);
        Browser relativeB = subscribed(relative);

        String eventId = post(host, note(room, NOTE_TEXT, false, doctor, relative, host));

        List<JsonNode> got = messages(doctorB);
        assertThat(got).hasSize(1);
        JsonNode msg = got.get(0);
        assertThat(msg.path("kind").asString()).isEqualTo("mention");
        assertThat(msg.path("body").asString()).isEqualTo("あなた宛ての連絡があります");
        carriesNoPatientData(msg, room, eventId);
        // Not the author (who mentioned themself), not the family member (staff note, SP-AUTHZ-03),
        // not a member who was not mentioned, not a non-member.
        assertThat(messages(hostB)).isEmpty();
        assertThat(messages(relativeB)).isEmpty();
        assertThat(messages(helperB)).isEmpty();
        assertThat(messages(outsiderB)).isEmpty();

        // The opaque id leads to the room for its recipient only, and only while they may read it.
        String id = msg.path("id").asString();
        ApiClient doctorApi = login(doctor);
        JsonNode target = doctorApi.get("/api/notify/targets/" + id).json();
        assertThat(target.path("kind").asString()).isEqualTo("room");
        assertThat(target.path("roomId").asString()).isEqualTo(room);
        assertThat(login(helper).get("/api/notify/targets/" + id).status()).isEqualTo(404);
        assertThat(login(host).get("/api/notify/targets/" + id).status()).isEqualTo(404);
        assertThat(doctorApi.get("/api/notify/targets/AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(404);
        assertThat(doctorApi.get("/api/notify/targets/" + room).status()).isEqualTo(404);
        rooms.removeOrLeave(host, room, doctor.id());
        assertThat(doctorApi.get("/api/notify/targets/" + id).status()).isEqualTo(404);
    }

    @Test
    void anUrgentNoteNotifiesItsAddresseesOnceAndNoOneElse() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        UserAccount relative = newUser(Profession.FAMILY);
        UserAccount outsider = newUser(Profession.NURSE);
        UserAccount helper = newUser(Profession.CARE_WORKER);
        String room = newPatientRoom(host, nurse, doctor, helper);
        inviteFamily(host, room, relative);
        Browser hostB = subscribed(host);
        Browser nurseB = subscribed(nurse);
        Browser doctorB = subscribed(doctor);
        Browser doctor2B = subscribed(doctor); // a second device gets it too
        Browser helperB = subscribed(helper);
        Browser relativeB = subscribed(relative);
        Browser outsiderB = subscribed(outsider);

        String eventId = post(nurse, note(room, NOTE_TEXT, true, doctor, host));

        // Told at once by the escalation of urgent notes (module oncall), on its own thread.
        List<JsonNode> got = awaitMessages(doctorB, 1);
        // Urgent, not also a mention: one notification per device.
        JsonNode toDoctor = got.get(0);
        assertThat(got).hasSize(1);
        assertThat(toDoctor.path("kind").asString()).isEqualTo("urgent");
        carriesNoPatientData(toDoctor, room, eventId);
        assertThat(awaitMessages(doctor2B, 1)).singleElement().satisfies(m -> assertThat(m.path("kind").asString()).isEqualTo("urgent"));
        JsonNode toHost = awaitMessages(hostB, 1).get(0);
        assertThat(toHost.path("kind").asString()).isEqualTo("urgent");
        // Not a member who is not an addressee, not the author, not the family, not a non-member.
        assertThat(messages(helperB)).isEmpty();
        assertThat(messages(nurseB)).isEmpty();
        assertThat(messages(relativeB)).isEmpty();
        assertThat(messages(outsiderB)).isEmpty();
        // Each recipient's notification has its own id.
        assertThat(toHost.path("id").asString()).isNotEqualTo(toDoctor.path("id").asString());
    }

    @Test
    void anAcknowledgementNotifiesTheNotesAuthorOnly() {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(host, doctor);
        Browser hostB = subscribed(host);
        Browser doctorB = subscribed(doctor);
        String noteId = post(host, note(room, NOTE_TEXT, false));
        try (TestStompClient d = connect(doctor); TestStompClient h = connect(host)) {
            String ack = "{\"roomId\":\"" + room + "\",\"noteId\":\"" + noteId + "\"}";
            assertThat(d.call("/app/notes.ack", ack).path("type").asString()).isEqualTo("ok");
            // Acknowledging one's own note notifies no one.
            assertThat(h.call("/app/notes.ack", ack).path("type").asString()).isEqualTo("ok");
        }
        assertThat(messages(hostB)).singleElement().satisfies(m -> {
            assertThat(m.path("kind").asString()).isEqualTo("ack");
            carriesNoPatientData(m, room, noteId);
        });
        assertThat(messages(doctorB)).isEmpty();
    }

    @Test
    void aReplyNotifiesTheAuthorOfTheNoteItAnswers() {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        UserAccount helper = newUser(Profession.CARE_WORKER);
        String room = newPatientRoom(host, doctor, helper);
        String otherRoom = newPatientRoom(host, doctor);
        Browser hostB = subscribed(host);
        Browser helperB = subscribed(helper);
        String question = post(host, note(room, NOTE_TEXT, false));
        String reply = post(doctor, note(room, "了解しました。明日往診します。", false).replace("\"mentions\":[]",
                "\"mentions\":[],\"replyTo\":\"" + question + "\""));
        assertThat(messages(hostB)).singleElement().satisfies(m -> {
            assertThat(m.path("kind").asString()).isEqualTo("reply");
            assertThat(m.path("body").asString()).isEqualTo("あなたの連絡に返信があります");
            carriesNoPatientData(m, room, reply);
        });
        assertThat(messages(helperB)).isEmpty();
        // A reply names a note of the same room: another room's note, a missing one or a bad id is refused.
        try (TestStompClient d = connect(doctor)) {
            for (String target : List.of(post(host, note(otherRoom, "別の部屋", false)), room + ":999", "x")) {
                JsonNode r = d.call("/app/notes.post", note(room, "返信", false)
                        .replace("\"mentions\":[]", "\"mentions\":[],\"replyTo\":\"" + target + "\""));
                assertThat(r.path("code").asString()).as(target).isEqualTo("INVALID_FIELD");
                assertThat(r.path("violations").toString()).as(target).contains("note.replyTo");
            }
        }
    }

    @Test
    void anEditNotifiesOnlyThoseItMentionsForTheFirstTime() {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        UserAccount helper = newUser(Profession.CARE_WORKER);
        String room = newPatientRoom(host, doctor, helper);
        Browser doctorB = subscribed(doctor);
        Browser helperB = subscribed(helper);
        String noteId = post(host, note(room, NOTE_TEXT, false, doctor));
        assertThat(messages(doctorB)).hasSize(1);
        try (TestStompClient h = connect(host)) {
            for (int version = 1; version <= 2; version++) {
                String edit = "{\"roomId\":\"" + room + "\",\"txnId\":\"" + UUID.randomUUID() + "\",\"noteId\":\""
                        + noteId + "\",\"baseVersion\":" + version + ",\"note\":{\"kind\":\"free\",\"text\":\"追記" + version
                        + "\",\"mentions\":[\"" + doctor.id() + "\",\"" + helper.id() + "\"]}}";
                assertThat(h.call("/app/notes.edit", edit).path("type").asString()).isEqualTo("ok");
            }
        }
        assertThat(messages(helperB)).as("added by the first edit: told once").singleElement()
                .satisfies(m -> assertThat(m.path("kind").asString()).isEqualTo("mention"));
        assertThat(messages(doctorB)).as("already told by the first version").hasSize(1);
    }

    @Test
    void emergencyAccessNotifiesTheRoomsStaffButNotTheOneWhoOpenedIt() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount relative = newUser(Profession.FAMILY);
        UserAccount onCall = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(host, nurse);
        inviteFamily(host, room, relative);
        Browser hostB = subscribed(host);
        Browser nurseB = subscribed(nurse);
        Browser relativeB = subscribed(relative);
        Browser onCallB = subscribed(onCall);
        ApiClient.Response r = login(onCall).post("/api/rooms/" + room + "/emergency-access",
                "{\"reason\":\"夜間の急変。当番医として確認します\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        for (Browser b : List.of(hostB, nurseB)) {
            assertThat(messages(b)).singleElement().satisfies(m -> {
                assertThat(m.path("kind").asString()).isEqualTo("emergency");
                carriesNoPatientData(m, room, null);
                assertThat(m.toString()).doesNotContain("夜間", onCall.id());
            });
        }
        assertThat(messages(relativeB)).isEmpty();
        assertThat(messages(onCallB)).isEmpty();
    }

    @Test
    void aBedInquiryNotifiesTheClinicAndItsAnswerTheOffice() {
        UserAccount clinic = staffOf(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE);
        UserAccount clinic2 = newUserIn(Profession.PHYSICIAN, clinic.organizationId());
        UserAccount msw = staffOf(OrganizationKind.HOSPITAL, Profession.SOCIAL_WORKER);
        UserAccount msw2 = newUserIn(Profession.NURSE, msw.organizationId());
        UserAccount otherClinic = staffOf(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE);
        Browser clinicB = subscribed(clinic);
        Browser clinic2B = subscribed(clinic2);
        Browser mswB = subscribed(msw);
        Browser msw2B = subscribed(msw2);
        Browser otherB = subscribed(otherClinic);
        ApiClient clinicApi = login(clinic);
        String notice = clinicApi.post("/api/beds/notices", """
                {"bedType":"respite","available":1,"availableFrom":"2026-11-20","availableUntil":null,
                 "accepts":["oxygen"],"sex":"any","contact":"内線201","remarks":null,"expiresAt":"%s"}"""
                .formatted(java.time.Instant.now().plus(java.time.Duration.ofDays(1)))).json().path("id").asString();
        ApiClient.Response q = login(msw).post("/api/beds/notices/" + notice + "/inquiries",
                "{\"ageBand\":\"80s\",\"sex\":\"female\",\"needs\":[\"oxygen\"],\"wantedDate\":\"2026-11-25\",\"note\":\"要介護4\"}");
        assertThat(q.status()).as(q.body()).isEqualTo(201);
        String inquiry = q.json().path("id").asString();
        for (Browser b : List.of(clinicB, clinic2B)) {
            assertThat(messages(b)).singleElement().satisfies(m -> {
                assertThat(m.path("kind").asString()).isEqualTo("beds");
                assertThat(m.toString()).doesNotContain("要介護", "80s", inquiry, notice);
            });
        }
        assertThat(messages(mswB)).isEmpty();
        assertThat(messages(msw2B)).isEmpty();

        assertThat(clinicApi.post("/api/beds/inquiries/" + inquiry + "/answer", "{\"answer\":\"accept\"}").status())
                .isEqualTo(200);
        assertThat(messages(mswB)).hasSize(1);
        assertThat(messages(msw2B)).hasSize(1);
        assertThat(messages(clinicB)).hasSize(1);
        assertThat(messages(otherB)).isEmpty();
        // The office's notification opens the inquiry, for the office only.
        String id = messages(msw2B).get(0).path("id").asString();
        assertThat(login(msw2).get("/api/notify/targets/" + id).json().path("inquiryId").asString()).isEqualTo(inquiry);
        assertThat(login(clinic).get("/api/notify/targets/" + id).status()).isEqualTo(404);
    }

    @Test
    void aHandoffSheetNotifiesTheReceivingOfficeAndItsAcknowledgementTheSender() {
        UserAccount cm = staffOf(OrganizationKind.CARE_MANAGEMENT_OFFICE, Profession.CARE_MANAGER);
        UserAccount msw = staffOf(OrganizationKind.HOSPITAL, Profession.SOCIAL_WORKER);
        UserAccount otherHospital = staffOf(OrganizationKind.HOSPITAL, Profession.SOCIAL_WORKER);
        String room = newPatientRoom(cm);
        Browser cmB = subscribed(cm);
        Browser mswB = subscribed(msw);
        Browser otherB = subscribed(otherHospital);
        ApiClient cmApi = login(cm);
        ApiClient.Response created = cmApi.post("/api/handoffs", """
                {"kind":"admission","roomId":"%s","receiverOrganizationId":"%s","admittedAt":"%s",
                 "content":{"livingSituation":"独居","careLevel":"要介護4","keyPerson":"試験 一郎","keyPersonPhone":"090",
                  "mobility":"自立","eating":"自立","toileting":"自立","diagnoses":"慢性心不全","medications":"フロセミド",
                  "careManagerContact":"居宅 086"}}""".formatted(room, msw.organizationId(),
                java.time.LocalDateTime.now(java.time.ZoneId.of("Asia/Tokyo")).withNano(0).withSecond(0).toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(messages(mswB)).as("a draft notifies no one").isEmpty();
        assertThat(cmApi.post("/api/handoffs/" + id + "/send", "{}").status()).isEqualTo(200);
        assertThat(messages(mswB)).singleElement().satisfies(m -> {
            assertThat(m.path("kind").asString()).isEqualTo("handoff");
            assertThat(m.path("body").asString()).isEqualTo("入退院の情報提供に新しい連絡があります");
            assertThat(m.toString()).doesNotContain(PATIENT, "心不全", id, room);
        });
        assertThat(messages(cmB)).isEmpty();
        assertThat(messages(otherB)).isEmpty();
        String target = messages(mswB).get(0).path("id").asString();
        JsonNode resolved = login(msw).get("/api/notify/targets/" + target).json();
        assertThat(resolved.path("kind").asString()).isEqualTo("handoff");
        assertThat(resolved.path("handoffId").asString()).isEqualTo(id);
        assertThat(login(otherHospital).get("/api/notify/targets/" + target).status()).isEqualTo(404);

        assertThat(login(msw).post("/api/handoffs/" + id + "/receive", "{}").status()).isEqualTo(200);
        assertThat(messages(cmB)).singleElement().satisfies(m -> assertThat(m.path("kind").asString()).isEqualTo("handoff"));
        assertThat(messages(mswB)).as("not the one who acknowledged").hasSize(1);
    }

    @Test
    void settingsAndQuietHoursSuppressNotifications() {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(host, doctor);
        Browser doctorB = subscribed(doctor);
        ApiClient doctorApi = login(doctor);
        JsonNode defaults = doctorApi.get("/api/notify/settings").json();
        assertThat(defaults.path("kinds").path("mention").asBoolean()).isTrue();
        assertThat(defaults.path("quietHours").path("enabled").asBoolean()).isFalse();
        assertThat(defaults.path("zone").asString()).isEqualTo("Asia/Tokyo");

        // Mentions off: a mention does not notify; an urgent note still does.
        JsonNode saved = doctorApi.put("/api/notify/settings", "{\"kinds\":{\"mention\":false}}").json();
        assertThat(saved.path("kinds").path("mention").asBoolean()).isFalse();
        assertThat(saved.path("kinds").path("urgent").asBoolean()).isTrue();
        post(host, note(room, "一般", false, doctor));
        assertThat(messages(doctorB)).isEmpty();
        post(host, note(room, "至急", true, doctor));
        assertThat(awaitMessages(doctorB, 1)).singleElement()
                .satisfies(m -> assertThat(m.path("kind").asString()).isEqualTo("urgent"));

        // Quiet hours around the present time in Japan (overnight ranges work the same way): a mention
        // waits, an urgent note to her does not (urgent notes never wait).
        doctorApi.put("/api/notify/settings", "{\"kinds\":{\"mention\":true}}");
        LocalTime now = LocalTime.now(ZoneId.of("Asia/Tokyo"));
        String start = now.minusHours(1).withSecond(0).withNano(0).toString().substring(0, 5);
        String end = now.plusHours(1).withSecond(0).withNano(0).toString().substring(0, 5);
        ApiClient.Response q = doctorApi.put("/api/notify/settings",
                "{\"quietHours\":{\"enabled\":true,\"start\":\"" + start + "\",\"end\":\"" + end + "\"}}");
        assertThat(q.status()).as(q.body()).isEqualTo(200);
        post(host, note(room, "連絡", false, doctor));
        assertThat(messages(doctorB)).hasSize(1);
        post(host, note(room, "至急2", true, doctor));
        assertThat(awaitMessages(doctorB, 2)).hasSize(2);
        // ... and a mention outside them notifies.
        String later = now.plusHours(2).toString().substring(0, 5);
        String later2 = now.plusHours(3).toString().substring(0, 5);
        doctorApi.put("/api/notify/settings", "{\"quietHours\":{\"start\":\"" + later + "\",\"end\":\"" + later2 + "\"}}");
        post(host, note(room, "連絡3", false, doctor));
        assertThat(messages(doctorB)).hasSize(3);

        // Bad settings are refused.
        JsonNode bad = doctorApi.put("/api/notify/settings",
                "{\"kinds\":{\"everything\":true},\"quietHours\":{\"start\":\"25:00\"}}").json();
        assertThat(bad.path("code").asString()).isEqualTo("INVALID_FIELD");
        assertThat(bad.path("violations").toString()).contains("kinds", "unknown", "quietHours.start", "bad_format");
    }

    @Test
    void aSubscriptionThePushServiceEndedIsRemoved() {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        UserAccount helper = newUser(Profession.CARE_WORKER);
        String room = newPatientRoom(host, doctor, helper);
        Browser gone = subscribed(doctor);
        Browser alive = subscribed(doctor);
        Browser notFound = subscribed(helper);
        push.answer(gone, 410);
        push.answer(notFound, 404);
        post(host, note(room, "連絡", false, doctor, helper));
        idle();
        assertThat(subscriptions.of(doctor.id())).extracting(PushSubscriptions.Subscription::endpoint)
                .containsExactly(alive.endpoint());
        assertThat(subscriptions.of(helper.id())).isEmpty();
        post(host, note(room, "連絡2", false, doctor, helper));
        idle();
        assertThat(push.receivedBy(gone)).hasSize(1);
        assertThat(push.receivedBy(notFound)).hasSize(1);
        assertThat(push.receivedBy(alive)).hasSize(2);
    }

    @Test
    void subscriptionsAreValidatedDeletedAndMoveWithTheBrowser() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount other = newUser(Profession.NURSE);
        ApiClient api = login(nurse);
        Browser b = push.newBrowser();
        String good = b.subscriptionJson();
        for (String endpoint : List.of("https://push.example.net/x", "http://10.1.2.3/push", "ftp://127.0.0.1/x",
                "https://user@fcm.googleapis.com/x", "not a url", "x".repeat(3000))) {
            JsonNode r = api.put("/api/notify/subscription", good.replace(b.endpoint(), endpoint)).json();
            assertThat(r.path("code").asString()).as(endpoint).isEqualTo("INVALID_FIELD");
            assertThat(r.path("violations").toString()).contains("endpoint");
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] offCurve = new byte[65];
        offCurve[0] = 4;
        offCurve[1] = 1;
        JsonNode badKeys = api.put("/api/notify/subscription", "{\"endpoint\":\"" + b.endpoint()
                + "\",\"keys\":{\"p256dh\":\"" + b64.encodeToString(offCurve) + "\",\"auth\":\"" + b64.encodeToString(new byte[15])
                + "\"}}").json();
        assertThat(badKeys.path("violations").toString()).contains("keys.p256dh", "keys.auth");
        assertThat(api.put("/api/notify/subscription", "{\"endpoint\":\"" + b.endpoint() + "\"}").json()
                .path("violations").toString()).contains("keys", "required");
        assertThat(subscriptions.of(nurse.id())).isEmpty();

        assertThat(api.put("/api/notify/subscription", good).status()).isEqualTo(200);
        assertThat(api.put("/api/notify/subscription", good).status()).isEqualTo(200); // idempotent
        assertThat(subscriptions.of(nurse.id())).hasSize(1);
        // The same browser signed in as someone else: the subscription moves.
        assertThat(login(other).put("/api/notify/subscription", good).status()).isEqualTo(200);
        assertThat(subscriptions.of(nurse.id())).isEmpty();
        assertThat(subscriptions.of(other.id())).hasSize(1);
        assertThat(login(other).delete("/api/notify/subscription", "{\"endpoint\":\"" + b.endpoint() + "\"}").status())
                .isEqualTo(204);
        assertThat(subscriptions.of(other.id())).isEmpty();

        // Malformed requests are refused with the documented errors, never a server error.
        assertThat(api.delete("/api/notify/subscription", "{}").json().path("code").asString()).isEqualTo("INVALID_FIELD");
        assertThat(api.put("/api/notify/subscription", "{\"endpoint\":7}").status()).isEqualTo(400);
        assertThat(api.put("/api/notify/settings", "{\"kinds\":{\"mention\":null}}").json().path("violations").toString())
                .contains("kinds.mention", "required");
        assertThat(api.put("/api/notify/settings", "{\"quietHours\":{\"start\":\"7:00\"}}").status()).isEqualTo(400);
        assertThat(api.get("/api/notify/targets/" + "x".repeat(300)).status()).isEqualTo(404);

        // Changes are audited, with ids only (SP-AUD-01): the facility administrator sees them.
        UserAccount admin = newUserIn(Profession.FACILITY_ADMIN, nurse.organizationId());
        String entries = login(admin).get("/api/admin/audit?actor=" + nurse.id()).json().path("entries").toString();
        assertThat(entries).contains("notify.subscribe", PushSubscriptions.idOf(b.endpoint()));
        assertThat(entries).doesNotContain(b.endpoint());

        // Signed-in users only.
        assertThat(new ApiClient(port).get("/api/notify/vapid-key").status()).isEqualTo(401);
        assertThat(new ApiClient(port).get("/api/notify/settings").status()).isEqualTo(401);

        // The VAPID key is kept owner-only in the data folder.
        Path key = embedded.dataDir().resolve("vapid.key");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
