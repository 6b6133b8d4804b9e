package jp.renkei.server.oncall;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.store.Collections;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The care team and the rota over HTTP: the host or the 主治医 sets roles and cover periods (a member who
 * is neither is refused, audited, nothing stored), roles must be member physicians, the team sees who
 * covers now; an organisation's facility administrator keeps its rota, another organisation's cannot
 * (refused and audited), its physicians see it, bad input is refused with the documented errors.
 */
class CareTeamAndRotaApiTest extends ServerTestBase {

    @Autowired
    MongoDatabase db;

    private String org(OrganizationKind kind) {
        String id = "o-t" + UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(id, "テスト " + kind.wire(), kind, "北区"));
        return id;
    }

    private static String roles(UserAccount attending, UserAccount deputy) {
        return "{\"attendingUserId\":" + (attending == null ? "null" : "\"" + attending.id() + "\"")
                + ",\"deputyUserId\":" + (deputy == null ? "null" : "\"" + deputy.id() + "\"") + "}";
    }

    private static String jst(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.ofHours(9)).toString();
    }

    private long denials(UserAccount actor, String action) {
        return db.getCollection(Collections.AUDIT).countDocuments(and(eq("actor", actor.id()), eq("action", action),
                eq("allowed", false)));
    }

    @Test
    void theHostOrTheAttendingSetsRolesAndCoverAndTheTeamSeesWhoCoversNow() {
        String clinic = org(OrganizationKind.CLINIC);
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount sato = newUserIn(Profession.PHYSICIAN, clinic);
        UserAccount suzuki = newUserIn(Profession.PHYSICIAN, org(OrganizationKind.CLINIC));
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(host, sato, suzuki, nurse);
        ApiClient hostApi = login(host);
        ApiClient nurseApi = login(nurse);

        // A member who is neither host nor 主治医 is refused; nothing is stored; the refusal is audited.
        ApiClient.Response refused = nurseApi.put("/api/rooms/" + room + "/care-team/roles", roles(sato, suzuki));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("reason").asString()).isEqualTo("not_host_or_attending");
        assertThat(denials(nurse, "SET_CARE_ROLES")).isEqualTo(1);
        assertThat(nurseApi.get("/api/rooms/" + room + "/care-team").json().path("attending").has("userId")).isFalse();

        // Roles are members who are physicians, two different people.
        ApiClient.Response bad = hostApi.put("/api/rooms/" + room + "/care-team/roles", roles(nurse, nurse));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("not_a_physician");
        UserAccount outsider = newUserIn(Profession.PHYSICIAN, clinic);
        assertThat(hostApi.put("/api/rooms/" + room + "/care-team/roles", roles(outsider, null)).body()).contains("not_a_member");
        assertThat(hostApi.put("/api/rooms/" + room + "/care-team/roles", roles(sato, sato)).body()).contains("same_as_attending");

        JsonNode team = hostApi.put("/api/rooms/" + room + "/care-team/roles", roles(sato, suzuki)).json();
        assertThat(team.path("attending").path("userId").asString()).isEqualTo(sato.id());
        assertThat(team.path("deputy").path("userId").asString()).isEqualTo(suzuki.id());
        assertThat(team.path("now").path("basis").asString()).isEqualTo("attending");
        assertThat(team.path("now").path("person").path("userId").asString()).isEqualTo(sato.id());
        assertThat(db.getCollection(Collections.AUDIT).countDocuments(and(eq("actor", host.id()),
                eq("action", "care.roles.set"), eq("allowed", true)))).isEqualTo(1);

        // The 主治医 adds a cover period; the team sees the deputy covering now.
        ApiClient satoApi = login(sato);
        OffsetDateTime now = OffsetDateTime.now();
        ApiClient.Response added = satoApi.post("/api/rooms/" + room + "/care-team/covers",
                "{\"from\":\"" + jst(now.minusHours(1)) + "\",\"to\":\"" + jst(now.plusDays(2)) + "\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String coverId = added.json().path("coverId").asString();
        JsonNode seen = nurseApi.get("/api/rooms/" + room + "/care-team").json();
        assertThat(seen.path("now").path("basis").asString()).isEqualTo("cover");
        assertThat(seen.path("now").path("person").path("userId").asString()).isEqualTo(suzuki.id());
        assertThat(seen.path("canEdit").asBoolean()).isFalse();
        assertThat(satoApi.get("/api/rooms/" + room + "/care-team").json().path("canEdit").asBoolean()).isTrue();

        // Bad periods.
        assertThat(satoApi.post("/api/rooms/" + room + "/care-team/covers",
                "{\"from\":\"" + jst(now.plusDays(2)) + "\",\"to\":\"" + jst(now.plusDays(1)) + "\"}").json()
                .path("code").asString()).isEqualTo("INVALID_TIME_RANGE");
        assertThat(satoApi.post("/api/rooms/" + room + "/care-team/covers", "{\"from\":\"6/1\",\"to\":null}").body())
                .contains("bad_format", "required");
        // The nurse cannot take the period back; the host can.
        assertThat(nurseApi.delete("/api/rooms/" + room + "/care-team/covers/" + coverId).status()).isEqualTo(403);
        assertThat(hostApi.delete("/api/rooms/" + room + "/care-team/covers/" + coverId).status()).isEqualTo(204);
        assertThat(hostApi.delete("/api/rooms/" + room + "/care-team/covers/" + coverId).status()).isEqualTo(404);
        assertThat(nurseApi.get("/api/rooms/" + room + "/care-team").json().path("now").path("basis").asString())
                .isEqualTo("attending");

        // A non-member learns nothing.
        assertThat(login(outsider).get("/api/rooms/" + room + "/care-team").status()).isEqualTo(404);

        // A 主治医 who leaves loses the role.
        rooms.removeOrLeave(sato, room, sato.id());
        assertThat(nurseApi.get("/api/rooms/" + room + "/care-team").json().path("attending").has("userId")).isFalse();
    }

    @Test
    void anOrganisationsAdministratorKeepsItsRotaAndNoOtherOrganisationCan() {
        String clinic = org(OrganizationKind.CLINIC);
        String other = org(OrganizationKind.CLINIC);
        UserAccount admin = newUserIn(Profession.FACILITY_ADMIN, clinic);
        UserAccount otherAdmin = newUserIn(Profession.FACILITY_ADMIN, other);
        UserAccount doctor = newUserIn(Profession.PHYSICIAN, clinic);
        UserAccount otherDoctor = newUserIn(Profession.PHYSICIAN, other);
        UserAccount careManager = newUserIn(Profession.CARE_MANAGER, clinic);
        ApiClient adminApi = login(admin);
        OffsetDateTime tonight = OffsetDateTime.now().plusHours(1);
        String entry = "{\"from\":\"" + jst(tonight) + "\",\"to\":\"" + jst(tonight.plusHours(14))
                + "\",\"physicianUserId\":\"" + doctor.id() + "\"}";

        ApiClient.Response refused = login(otherAdmin).post("/api/oncall/rotas/" + clinic + "/entries", entry);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("reason").asString()).isEqualTo("other_organization");
        assertThat(denials(otherAdmin, "oncall.rota.add")).isEqualTo(1);
        assertThat(login(doctor).post("/api/oncall/rotas/" + clinic + "/entries", entry).json().path("reason").asString())
                .isEqualTo("not_facility_admin");
        assertThat(adminApi.get("/api/oncall/rotas/" + clinic).json().path("entries")).isEmpty();

        ApiClient.Response added = adminApi.post("/api/oncall/rotas/" + clinic + "/entries", entry);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String entryId = added.json().path("entryId").asString();
        // Overlaps, another organisation's physician, too long, bad minutes.
        assertThat(adminApi.post("/api/oncall/rotas/" + clinic + "/entries", entry).body()).contains("overlaps");
        assertThat(adminApi.post("/api/oncall/rotas/" + clinic + "/entries", entry.replace(doctor.id(), otherDoctor.id()))
                .body()).contains("not_a_physician_of_organization");
        assertThat(adminApi.post("/api/oncall/rotas/" + clinic + "/entries", "{\"from\":\"" + jst(tonight.plusDays(3))
                + "\",\"to\":\"" + jst(tonight.plusDays(7)) + "\",\"physicianUserId\":\"" + doctor.id() + "\"}").json()
                .path("code").asString()).isEqualTo("INVALID_TIME_RANGE");
        assertThat(adminApi.put("/api/oncall/rotas/" + clinic + "/settings", "{\"escalationMinutes\":0}").body())
                .contains("out_of_range");
        assertThat(adminApi.put("/api/oncall/rotas/" + clinic + "/settings", "{\"escalationMinutes\":15}").json()
                .path("escalationMinutes").asInt()).isEqualTo(15);

        // Its physicians see it; a care manager and another organisation's doctor do not.
        JsonNode seen = login(doctor).get("/api/oncall/rotas/" + clinic).json();
        assertThat(seen.path("entries").get(0).path("physician").path("userId").asString()).isEqualTo(doctor.id());
        assertThat(seen.path("canEdit").asBoolean()).isFalse();
        assertThat(login(careManager).get("/api/oncall/rotas/" + clinic).status()).isEqualTo(403);
        assertThat(login(otherDoctor).get("/api/oncall/rotas/" + clinic).status()).isEqualTo(403);

        assertThat(login(otherAdmin).delete("/api/oncall/rotas/" + clinic + "/entries/" + entryId).status()).isEqualTo(403);
        assertThat(adminApi.delete("/api/oncall/rotas/" + clinic + "/entries/" + entryId).status()).isEqualTo(204);
        assertThat(adminApi.delete("/api/oncall/rotas/" + clinic + "/entries/" + entryId).status()).isEqualTo(404);
        assertThat(db.getCollection(Collections.AUDIT).countDocuments(and(eq("actor", admin.id()),
                eq("action", "oncall.rota.remove"), eq("allowed", true)))).isEqualTo(1);
    }
}
