package jp.renkei.server.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ApiClient.Response;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestTotp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SP-AUTHZ-05: a facility admin offboards a leaver of their organisation. Within the request the
 * leaver's sessions and WebSockets end, a new login fails like any other, memberships end as room
 * events, and rooms the leaver hosted pass to another host (or the archive).
 */
class OffboardingTest extends ServerTestBase {

    @Test
    void offboardingEndsSessionsCredentialsAndMembershipsAndHandsRoomsOver() throws Exception {
        String org = newOrg();
        UserAccount admin = user(Profession.FACILITY_ADMIN, org);
        UserAccount leaver = user(Profession.NURSE, org);
        UserAccount doctor = newUser(Profession.PHYSICIAN); // another organisation, joins first
        UserAccount colleague = user(Profession.NURSE, org);  // same organisation, joins later
        UserAccount manager = newUser(Profession.CARE_MANAGER);

        String hosted = newPatientRoom(leaver, doctor, colleague);
        String alone = rooms.create(leaver, new CreateRoom("network", "一人のグループ", null));
        String member = newPatientRoom(manager, leaver);

        ApiClient leaverApi = login(leaver);
        try (TestStompClient socket = TestStompClient.connect(leaverApi).ready()) {
            long t0 = System.currentTimeMillis();
            Response r = login(admin).post("/api/admin/users/" + leaver.id() + "/offboard", "{}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(socket.closedWithin(5000)).isEqualTo(4401);
            assertThat(System.currentTimeMillis() - t0).isLessThan(60_000);

            JsonNode outcome = r.json();
            assertThat(outcome.path("sessionsEnded").asInt()).isEqualTo(1);
            List<String> seen = new ArrayList<>();
            for (JsonNode room : outcome.path("rooms")) {
                seen.add(room.path("roomId").asString() + "=" + room.path("outcome").asString());
                if (room.path("roomId").asString().equals(hosted)) {
                    assertThat(room.path("newHostUserId").asString()).isEqualTo(colleague.id());
                    // Named as the administrator knows them: the patient, the new host.
                    assertThat(room.path("roomName").asString()).isEqualTo("試験 花子");
                    assertThat(room.path("roomKind").asString()).isEqualTo("patient");
                    assertThat(room.path("newHostName").asString()).isEqualTo(colleague.name());
                }
                if (room.path("roomId").asString().equals(alone)) {
                    assertThat(room.path("roomName").asString()).isEqualTo("一人のグループ");
                }
            }
            assertThat(seen).containsExactlyInAnyOrder(hosted + "=host_changed", alone + "=archived",
                    member + "=removed");
        }

        // Every credential stops working, with the same answer as an unknown user.
        Response old = leaverApi.get("/api/rooms");
        assertThat(old.status()).isEqualTo(401);
        ApiClient fresh = new ApiClient(port);
        fresh.refreshCsrf();
        Response again = fresh.post("/api/login", "{\"username\":\"" + leaver.loginId() + "\",\"password\":\"" + PASSWORD + "\"}");
        Response unknown = fresh.post("/api/login", "{\"username\":\"nobody-" + leaver.id() + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.body()).isEqualTo(unknown.body());
        assertThat(credentials.totpSecret(leaver.id())).isEmpty();
        assertThat(accounts.findUser(leaver.id()).orElseThrow().active()).isFalse();

        // The hosted room has a new host, and the timeline says so.
        JsonNode detail = login(colleague).get("/api/rooms/" + hosted).json();
        assertThat(detail.path("hostUserId").asString()).isEqualTo(colleague.id());
        List<String> memberIds = new ArrayList<>();
        detail.path("members").forEach(m -> memberIds.add(m.path("person").path("userId").asString()));
        assertThat(memberIds).containsExactlyInAnyOrder(doctor.id(), colleague.id());
        JsonNode events = login(doctor).get("/api/rooms/" + hosted + "/events").json().path("events");
        List<String> kinds = new ArrayList<>();
        events.forEach(e -> kinds.add(e.path("kind").asString()));
        assertThat(kinds).endsWith("host.changed", "member.removed");
        assertThat(login(manager).get("/api/rooms/" + member).json().path("members").size()).isEqualTo(1);
    }

    @Test
    void onlyAFacilityAdminOfTheSameOrganisationMayOffboard() {
        String org = newOrg();
        UserAccount leaver = user(Profession.NURSE, org);
        UserAccount colleague = user(Profession.NURSE, org);
        UserAccount otherAdmin = user(Profession.FACILITY_ADMIN, newOrg());

        Response byColleague = login(colleague).post("/api/admin/users/" + leaver.id() + "/offboard", "{}");
        assertThat(byColleague.status()).isEqualTo(403);
        assertThat(byColleague.json().path("reason").asString()).isEqualTo("profession_not_allowed");
        Response byOther = login(otherAdmin).post("/api/admin/users/" + leaver.id() + "/offboard", "{}");
        assertThat(byOther.status()).isEqualTo(403);
        assertThat(byOther.json().path("reason").asString()).isEqualTo("other_organization");
        assertThat(accounts.findUser(leaver.id()).orElseThrow().active()).isTrue();
        assertThat(login(otherAdmin).get("/api/admin/users").json().toString()).doesNotContain(leaver.id());
    }

    @Test
    void aResetLinkSetsANewPasswordAndSecondFactorOnceOnly() {
        String org = newOrg();
        UserAccount admin = user(Profession.FACILITY_ADMIN, org);
        UserAccount nurse = user(Profession.NURSE, org);
        ApiClient adminApi = login(admin);
        JsonNode staff = adminApi.get("/api/admin/users").json();
        assertThat(staff.toString()).contains(nurse.id());

        String link = adminApi.post("/api/admin/users/" + nurse.id() + "/reset-link", "{}").json().path("link").asString();
        String token = link.substring(link.indexOf("/enrol/") + "/enrol/".length());
        ApiClient anonymous = new ApiClient(port);
        anonymous.refreshCsrf();
        JsonNode start = anonymous.post("/api/enrolment/start", "{\"token\":\"" + token + "\"}").json();
        assertThat(start.path("otpauthUri").asString()).startsWith("otpauth://totp/");
        assertThat(start.path("qrImage").asString()).startsWith("data:image/png;base64,");
        String secret = start.path("secret").asString();

        String code = TestTotp.code(secret, System.currentTimeMillis() / 30_000);
        // Password rules (SP-AUTH-03): too short, contains the login id, the current password.
        for (String[] bad : new String[][] {{"Short-1", "too_short"}, {nurse.loginId() + "-Abc-123", "contains_login"},
                {PASSWORD, "reused"}}) {
            Response r = anonymous.post("/api/enrolment/complete", complete(token, bad[0], code));
            assertThat(r.status()).as(bad[0]).isEqualTo(400);
            assertThat(r.json().path("violations").get(0).path("problem").asString()).isEqualTo(bad[1]);
        }
        String newPassword = "Fresh-start-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(anonymous.post("/api/enrolment/complete", complete(token, newPassword, code)).status()).isEqualTo(204);
        // Used once: the link is gone.
        assertThat(anonymous.post("/api/enrolment/complete", complete(token, newPassword + "x", code)).status())
                .isEqualTo(401);
        // The old password no longer works; the new one with the new authenticator does.
        assertThat(new ApiClient(port).loginPassword(nurse.loginId(), newPassword).status()).isEqualTo(200);
        // The enrolment used up the current step's code; the next step's code logs in.
        ApiClient relogged = new ApiClient(port);
        relogged.loginPassword(nurse.loginId(), newPassword);
        Response second = relogged.post("/api/login/totp",
                "{\"code\":\"" + TestTotp.code(secret, System.currentTimeMillis() / 30_000 + 1) + "\"}");
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        relogged.withCsrf(second.json().path("csrfToken").asString());
        assertThat(relogged.get("/api/session").json().path("authenticated").asBoolean()).isTrue();
        assertThat(relogged.post("/api/account/password",
                "{\"currentPassword\":\"" + newPassword + "\",\"newPassword\":\"" + PASSWORD + "\"}").json()
                .path("violations").get(0).path("problem").asString()).isEqualTo("reused");
    }

    private static String complete(String token, String password, String code) {
        return "{\"token\":\"" + token + "\",\"password\":\"" + password + "\",\"code\":\"" + code + "\"}";
    }

    private String newOrg() {
        String id = "o-off-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(id, "テスト事業所 " + id, OrganizationKind.HOME_NURSING_STATION, "北区"));
        return id;
    }

    private UserAccount user(Profession profession, String org) {
        String id = "u-t" + UUID.randomUUID().toString().substring(0, 8);
        UserAccount u = accounts.createUser(id, id, "テスト " + id, profession, org, passwords.encode(PASSWORD));
        credentials.setTotp(id, TestTotp.SECRET, 0);
        return u;
    }
}
