package jp.renkei.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.Commands.PostNote;
import jp.renkei.protocol.Notes.NoteContent;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ApiClient.Response;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.note.NoteService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The HTTP API: login, rooms, membership, history pages, and every documented error. */
class RoomApiTest extends ServerTestBase {

    @Autowired
    NoteService notes;

    @Test
    void loginFailuresLookTheSameForUnknownUsersAndWrongPasswords() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient api = new ApiClient(port);
        api.refreshCsrf();
        Response wrong = api.post("/api/login", "{\"username\":\"" + nurse.loginId() + "\",\"password\":\"nope-nope-1\"}");
        Response unknown = api.post("/api/login", "{\"username\":\"nobody-here\",\"password\":\"nope-nope-1\"}");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(wrong.json().path("code").asString()).isEqualTo("AUTH_FAILED");
    }

    @Test
    void everythingUnderApiNeedsALoginAndUnsafeRequestsNeedTheCsrfToken() {
        ApiClient anonymous = new ApiClient(port);
        assertThat(anonymous.get("/api/rooms").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/rooms").json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(anonymous.get("/api/session").json().path("authenticated").asBoolean()).isFalse();

        ApiClient api = login(newUser(Profession.NURSE));
        Response noToken = api.withCsrf("").post("/api/rooms", "{\"kind\":\"network\",\"title\":\"x\"}");
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.json().path("reason").asString()).isEqualTo("csrf");
        Response forged = api.withCsrf("forged-token").post("/api/rooms", "{\"kind\":\"network\",\"title\":\"x\"}");
        assertThat(forged.status()).isEqualTo(403);
    }

    @Test
    void aHostCreatesARoomInvitesMembersAndMembersCanLeave() {
        UserAccount manager = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient api = login(manager);
        Response created = api.post("/api/rooms", "{\"kind\":\"patient\",\"patient\":{\"name\":\"松田 トメ\","
                + "\"nameKana\":\"マツダ トメ\",\"birthDate\":\"1936-03-03\",\"sex\":\"female\",\"careLevel\":\"要介護1\",\"area\":\"北区\"}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode room = created.json();
        String roomId = room.path("roomId").asString();
        assertThat(room.path("title").asString()).isEqualTo("松田 トメ");
        assertThat(room.path("hostUserId").asString()).isEqualTo(manager.id());
        assertThat(room.path("members").get(0).path("role").asString()).isEqualTo("host");

        Response invited = api.post("/api/rooms/" + roomId + "/members", "{\"userId\":\"" + nurse.id() + "\"}");
        assertThat(invited.status()).isEqualTo(201);
        assertThat(invited.json().path("person").path("userId").asString()).isEqualTo(nurse.id());
        assertThat(api.post("/api/rooms/" + roomId + "/members", "{\"userId\":\"" + nurse.id() + "\"}").json()
                .path("code").asString()).isEqualTo("ALREADY_MEMBER");
        assertThat(api.post("/api/rooms/" + roomId + "/members", "{\"userId\":\"u-nobody\"}").status()).isEqualTo(404);

        ApiClient nurseApi = login(nurse);
        assertThat(ids(nurseApi.get("/api/rooms").json())).contains(roomId);
        JsonNode notHost = nurseApi.post("/api/rooms/" + roomId + "/members", "{\"userId\":\"" + manager.id() + "\"}").json();
        assertThat(notHost.path("reason").asString()).isEqualTo("not_host");
        assertThat(api.delete("/api/rooms/" + roomId + "/members/" + manager.id()).json().path("reason").asString())
                .isEqualTo("host_cannot_leave");
        assertThat(nurseApi.delete("/api/rooms/" + roomId + "/members/" + nurse.id()).status()).isEqualTo(204);
        assertThat(ids(nurseApi.get("/api/rooms").json())).doesNotContain(roomId);
        assertThat(nurseApi.get("/api/rooms/" + roomId).status()).isEqualTo(404);
    }

    @Test
    void roomCreationIsValidatedAndLimitedByProfession() {
        ApiClient manager = login(newUser(Profession.CARE_MANAGER));
        JsonNode noPatient = manager.post("/api/rooms", "{\"kind\":\"patient\",\"title\":\"x\"}").json();
        assertThat(noPatient.path("violations").toString()).contains("patient", "required");
        JsonNode badDate = manager.post("/api/rooms", "{\"kind\":\"patient\",\"patient\":{\"name\":\"A\",\"birthDate\":\"1940-13-01\"}}").json();
        assertThat(badDate.path("violations").toString()).contains("patient.birthDate", "bad_format");
        JsonNode patientInNetwork = manager.post("/api/rooms", "{\"kind\":\"network\",\"title\":\"会\",\"patient\":{\"name\":\"A\"}}").json();
        assertThat(patientInNetwork.path("violations").toString()).contains("patient", "not_allowed");
        assertThat(manager.post("/api/rooms", "{\"kind\":\"party\"}").json().path("code").asString()).isEqualTo("INVALID_FIELD");
        assertThat(manager.post("/api/rooms", "{\"kind\":\"network\",\"title\":\"" + "長".repeat(101) + "\"}").json()
                .path("violations").toString()).contains("too_long");
        assertThat(manager.post("/api/rooms", "{not json").json().path("code").asString()).isEqualTo("MALFORMED_JSON");
        assertThat(manager.post("/api/rooms", "{\"kind\":7}").json().path("code").asString()).isEqualTo("INVALID_FIELD");
        Response huge = manager.post("/api/rooms", "{\"kind\":\"network\",\"title\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().path("code").asString()).isEqualTo("TOO_LARGE");

        JsonNode helper = login(newUser(Profession.CARE_WORKER)).post("/api/rooms",
                "{\"kind\":\"patient\",\"patient\":{\"name\":\"A\"}}").json();
        assertThat(helper.path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(helper.path("reason").asString()).isEqualTo("profession_not_allowed");
    }

    @Test
    void historyIsServedInPagesNewestFirst() {
        UserAccount nurse = newUser(Profession.NURSE);
        String roomId = newPatientRoom(nurse);
        for (int i = 1; i <= 120; i++) {
            notes.post(nurse, new PostNote(roomId, "p" + i, new NoteContent("free", "記録 " + i, false, null, null)), CommandAudit.none());
        }
        ApiClient api = login(nurse);
        JsonNode newest = api.get("/api/rooms/" + roomId + "/events?limit=50").json();
        long head = newest.path("headSeq").asLong();
        assertThat(seqs(newest)).hasSize(50).isSorted().endsWith(head);
        assertThat(newest.path("hasMore").asBoolean()).isTrue();
        JsonNode older = api.get("/api/rooms/" + roomId + "/events?limit=50&before=" + (head - 49)).json();
        assertThat(seqs(older)).hasSize(50).endsWith(head - 50);
        JsonNode oldest = api.get("/api/rooms/" + roomId + "/events?limit=100&before=" + (head - 99)).json();
        assertThat(seqs(oldest)).startsWith(1L).endsWith(head - 100);
        assertThat(oldest.path("hasMore").asBoolean()).isFalse();

        assertThat(api.get("/api/rooms/" + roomId + "/events?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/rooms/" + roomId + "/events?limit=101").status()).isEqualTo(400);
        assertThat(api.get("/api/rooms/" + roomId + "/events?before=abc").json().path("code").asString()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void theDirectoryListsCareStaffOnlyAndOnlyToCareStaff() {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount family = newUser(Profession.FAMILY);
        JsonNode found = login(nurse).get("/api/directory/users?q=" + family.id().substring(2)).json();
        assertThat(found.size()).isZero();
        assertThat(login(family).get("/api/directory/users").status()).isEqualTo(403);
        assertThat(login(nurse).get("/api/directory/users?q=" + nurse.id().substring(2)).json().get(0)
                .path("userId").asString()).isEqualTo(nurse.id());
    }

    private static List<String> ids(JsonNode rooms) {
        List<String> out = new ArrayList<>();
        rooms.forEach(r -> out.add(r.path("roomId").asString()));
        return out;
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.path("events").forEach(e -> out.add(e.path("seq").asLong()));
        return out;
    }
}
