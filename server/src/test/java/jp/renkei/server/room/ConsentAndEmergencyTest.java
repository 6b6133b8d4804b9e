package jp.renkei.server.room;

import java.time.Duration;
import java.time.Instant;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.MovableClock;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static jp.renkei.server.live.LiveDeliveryTestAccess.roomEvent;
import static jp.renkei.server.live.LiveDeliveryTestAccess.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent before clinical content (SP-CON-01), family invited only when named (SP-CON-02), and break the
 * glass (SP-AUTHZ-04): a time-limited, read-only grant with a reason, seen by the room, ended by the
 * clock, reviewed by the grantee's facility administrator.
 */
@Import(MovableClock.class)
// The clock jumps four hours to end a grant; the sessions' idle limit reads the same clock, and the
// sessions must outlive the jump (idle limits are tested in SessionTimeoutTest and DeviceSessionTest).
@TestPropertySource(properties = "renkei.auth.idle-timeout=1d")
class ConsentAndEmergencyTest extends ServerTestBase {

    private static final String CONSENT = "{\"consentedBy\":\"representative\",\"relationship\":\"長女\","
            + "\"method\":\"oral\",\"date\":\"2026-04-01\"}";

    @Autowired
    private RoomService roomService;

    @AfterEach
    void resetClock() {
        MovableClock.reset();
    }

    private String roomWithoutConsent(UserAccount host, UserAccount... members) {
        String room = roomService.create(host, new CreateRoom("patient", null,
                new PatientProfile("同意 待子", null, null, null, null, null)));
        for (UserAccount m : members) {
            roomService.invite(host, room, m.id());
        }
        return room;
    }

    @Test
    void aPatientRoomTakesNoNotesUntilConsentIsRecorded() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        String room = roomWithoutConsent(host, nurse);
        ApiClient hostApi = login(host);
        assertThat(hostApi.get("/api/rooms/" + room).json().path("consentRecorded").asBoolean()).isFalse();
        try (TestStompClient n = connect(nurse)) {
            JsonNode refused = n.call("/app/notes.post", Notes.post(room, "t1", "同意前の記録"));
            assertThat(refused.path("code").asString()).isEqualTo("CONSENT_REQUIRED");

            // Only the host records consent; bad records are refused and store nothing.
            ApiClient nurseApi = login(nurse);
            assertThat(nurseApi.post("/api/rooms/" + room + "/consent", CONSENT).json().path("reason").asString())
                    .isEqualTo("not_host");
            long head = hostApi.get("/api/rooms/" + room).json().path("headSeq").asLong();
            JsonNode bad = hostApi.post("/api/rooms/" + room + "/consent",
                    "{\"consentedBy\":\"representative\",\"method\":\"fax\",\"date\":\"2999-01-01\"}").json();
            assertThat(bad.path("code").asString()).isEqualTo("INVALID_FIELD");
            assertThat(bad.path("violations").toString()).contains("relationship", "method", "date");
            assertThat(hostApi.get("/api/rooms/" + room).json().path("headSeq").asLong()).isEqualTo(head);

            assertThat(hostApi.post("/api/rooms/" + room + "/consent", CONSENT).status()).isEqualTo(201);
            assertThat(hostApi.get("/api/rooms/" + room).json().path("consentRecorded").asBoolean()).isTrue();
            JsonNode ok = n.call("/app/notes.post", Notes.post(room, "t2", "同意後の記録"));
            assertThat(ok.path("type").asString()).as(ok.toString()).isEqualTo("ok");
        }
        JsonNode events = hostApi.get("/api/rooms/" + room + "/events").json().path("events");
        assertThat(events.toString()).contains("consent.recorded", "長女");
    }

    @Test
    void withdrawingConsentFreezesTheRoom() {
        UserAccount host = newUser(Profession.NURSE);
        String room = newPatientRoom(host);
        ApiClient hostApi = login(host);
        assertThat(hostApi.post("/api/rooms/" + room + "/consent/withdraw", "{\"date\":\"bad\"}").json()
                .path("code").asString()).isEqualTo("INVALID_FIELD");
        assertThat(hostApi.post("/api/rooms/" + room + "/consent/withdraw", "{\"date\":\"2026-11-01\"}").status())
                .isEqualTo(201);
        JsonNode detail = hostApi.get("/api/rooms/" + room).json();
        assertThat(detail.path("archived").asBoolean()).isTrue();
        assertThat(detail.path("consentRecorded").asBoolean()).isFalse();
        try (TestStompClient h = connect(host)) {
            assertThat(h.call("/app/notes.post", Notes.post(room, "t1", "凍結後")).path("code").asString())
                    .isEqualTo("ROOM_ARCHIVED");
        }
        // Reading stays possible.
        assertThat(hostApi.get("/api/rooms/" + room + "/events").status()).isEqualTo(200);
    }

    @Test
    void networkRoomsTakeNoConsent() {
        UserAccount host = newUser(Profession.NURSE);
        ApiClient hostApi = login(host);
        JsonNode created = hostApi.post("/api/rooms", "{\"kind\":\"network\",\"title\":\"連絡会\",\"consent\":" + CONSENT + "}")
                .json();
        assertThat(created.path("violations").toString()).contains("consent", "not_allowed");
        String room = hostApi.post("/api/rooms", "{\"kind\":\"network\",\"title\":\"連絡会\"}").json().path("roomId")
                .asString();
        assertThat(hostApi.post("/api/rooms/" + room + "/consent", CONSENT).json().path("reason").asString())
                .isEqualTo("not_a_patient_room");
    }

    @Test
    void breakingTheGlassGivesTimeLimitedReadOnlyAccessThatTheRoomSees() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount onCall = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(host);
        ApiClient doctor = login(onCall);
        assertThat(doctor.get("/api/rooms/" + room + "/events").status()).isEqualTo(404);

        // A reason is mandatory.
        assertThat(doctor.post("/api/rooms/" + room + "/emergency-access", "{\"reason\":\"\"}").json()
                .path("violations").toString()).contains("reason", "required");
        assertThat(doctor.post("/api/rooms/" + room + "/emergency-access", "{\"reason\":\"急\"}").json()
                .path("violations").toString()).contains("too_short");

        try (TestStompClient h = connect(host); TestStompClient d = connect(onCall)) {
            subscribe(h, room, "h", null);
            JsonNode granted = doctor.post("/api/rooms/" + room + "/emergency-access",
                    "{\"reason\":\"夜間の急変。当番医として確認します\"}").json();
            assertThat(Instant.parse(granted.path("until").asString()))
                    .isBetween(Instant.now().plus(Duration.ofMinutes(239)), Instant.now().plus(Duration.ofMinutes(241)));
            // The host sees it at once.
            TestStompClient.Frame alert = h.await(f -> roomEvent(room).test(f) && f.body().contains("emergency.opened"));
            assertThat(alert.body()).contains(onCall.id(), "夜間の急変");

            // Read-only: history and live events, but no posting.
            assertThat(doctor.get("/api/rooms/" + room + "/events").status()).isEqualTo(200);
            subscribe(d, room, "d", 0L);
            assertThat(d.call("/app/notes.post", Notes.post(room, "t1", "書けない")).path("code").asString())
                    .isEqualTo("ROOM_NOT_FOUND");
            h.call("/app/notes.post", Notes.post(room, "t2", "付き添いは長女さん"));
            d.await(f -> roomEvent(room).test(f) && f.body().contains("付き添いは長女さん"));

            // Four hours later the grant has ended: the next delivery revokes, reads are refused.
            MovableClock.set(Duration.ofMinutes(241));
            h.call("/app/notes.post", Notes.post(room, "t3", "期限後の記録"));
            d.await(f -> "MESSAGE".equals(f.command()) && f.body().contains("\"revoked\""));
            assertThat(d.drain(300)).noneMatch(f -> f.body().contains("期限後の記録"));
            assertThat(doctor.get("/api/rooms/" + room + "/events").status()).isEqualTo(404);
        }
    }

    @Test
    void onlyLicensedCliniciansWhoAreNotMembersBreakTheGlass() {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount helper = newUser(Profession.CARE_WORKER);
        String room = newPatientRoom(host);
        String body = "{\"reason\":\"夜間の急変のため\"}";
        assertThat(login(helper).post("/api/rooms/" + room + "/emergency-access", body).json().path("reason").asString())
                .isEqualTo("profession_not_allowed");
        assertThat(login(host).post("/api/rooms/" + room + "/emergency-access", body).json().path("reason").asString())
                .isEqualTo("already_member");
        assertThat(login(newUser(Profession.PHARMACIST)).post("/api/rooms/r-doesnotexist00/emergency-access", body)
                .json().path("code").asString()).isEqualTo("ROOM_NOT_FOUND");
    }

    @Test
    void theGranteesFacilityAdministratorReviewsTheGrant() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount onCall = newUser(Profession.NURSE);
        String room = newPatientRoom(host);
        login(onCall).post("/api/rooms/" + room + "/emergency-access", "{\"reason\":\"夜間の急変のため確認\"}");

        UserAccount ownAdmin = newUserIn(Profession.FACILITY_ADMIN, onCall.organizationId());
        UserAccount otherAdmin = newUser(Profession.FACILITY_ADMIN);
        ApiClient admin = login(ownAdmin);
        JsonNode grants = admin.get("/api/admin/emergency-grants").json();
        JsonNode grant = null;
        for (JsonNode g : grants) {
            if (g.path("roomId").asString().equals(room)) {
                grant = g;
            }
        }
        assertThat(grant).as(grants.toString()).isNotNull();
        assertThat(grant.path("userId").asString()).isEqualTo(onCall.id());
        assertThat(grant.path("overdue").asBoolean()).isFalse();
        String id = grant.path("grantId").asString();

        assertThat(login(otherAdmin).post("/api/admin/emergency-grants/" + id + "/review", "{\"comment\":\"確認\"}")
                .json().path("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(login(onCall).get("/api/admin/emergency-grants").json().path("reason").asString())
                .isEqualTo("profession_not_allowed");
        assertThat(admin.post("/api/admin/emergency-grants/" + id + "/review", "{\"comment\":\"\"}").json()
                .path("code").asString()).isEqualTo("INVALID_FIELD");
        assertThat(admin.post("/api/admin/emergency-grants/" + id + "/review", "{\"comment\":\"当番表と一致、妥当\"}")
                .status()).isEqualTo(204);
        JsonNode after = admin.get("/api/admin/emergency-grants").json();
        assertThat(after.toString()).contains("当番表と一致、妥当", ownAdmin.id());
    }

    @Test
    void aFamilyMemberIsInvitedOnlyWhenTheConsentNamesThem() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount daughter = newUser(Profession.FAMILY);
        String room = roomWithoutConsent(host);
        ApiClient hostApi = login(host);
        String invite = "{\"userId\":\"" + daughter.id() + "\"}";
        assertThat(hostApi.post("/api/rooms/" + room + "/members", invite).json().path("code").asString())
                .isEqualTo("CONSENT_REQUIRED");
        // A consent may name only family accounts.
        UserAccount nurse = newUser(Profession.NURSE);
        assertThat(hostApi.post("/api/rooms/" + room + "/consent", "{\"consentedBy\":\"patient\",\"method\":\"written\","
                + "\"date\":\"2026-04-01\",\"familyUserIds\":[\"" + nurse.id() + "\"]}").json().path("violations")
                .toString()).contains("not_a_family_account");
        hostApi.post("/api/rooms/" + room + "/consent", "{\"consentedBy\":\"patient\",\"method\":\"written\","
                + "\"date\":\"2026-04-01\",\"familyUserIds\":[\"" + daughter.id() + "\"]}");
        assertThat(hostApi.post("/api/rooms/" + room + "/members", invite).status()).isEqualTo(201);
    }
}
