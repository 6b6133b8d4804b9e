package jp.renkei.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The consent's scope (SP-CON-01): the professions the patient agreed may join. Care staff outside it
 * are not invited ({@code 403 FORBIDDEN}, reason {@code outside_consent_scope}, rule INV-8), and a
 * consent narrower than the team already in the room is refused ({@code 409 CONSENT_SCOPE_CONFLICT},
 * naming the members outside it) until the host removes them.
 */
class ConsentScopeTest extends ServerTestBase {

    private static String consent(String scope) {
        return "{\"consentedBy\":\"patient\",\"method\":\"written\",\"date\":\"2026-04-01\",\"scope\":" + scope + "}";
    }

    private String roomWithoutConsent(UserAccount host) {
        return rooms.create(host, new CreateRoom("patient", null,
                new PatientProfile("範囲 花子", null, null, null, null, null)));
    }

    private static String invite(UserAccount user) {
        return "{\"userId\":\"" + user.id() + "\"}";
    }

    @Test
    void careStaffOutsideTheConsentsScopeAreNotInvited() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount physician = newUser(Profession.PHYSICIAN);
        UserAccount pharmacist = newUser(Profession.PHARMACIST);
        String room = roomWithoutConsent(host);
        ApiClient hostApi = login(host);
        assertThat(hostApi.post("/api/rooms/" + room + "/consent", consent("[\"physician\",\"nurse\"]")).status())
                .isEqualTo(201);

        ApiClient.Response refused = hostApi.post("/api/rooms/" + room + "/members", invite(pharmacist));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(refused.json().path("reason").asString()).isEqualTo("outside_consent_scope");
        assertThat(hostApi.post("/api/rooms/" + room + "/members", invite(nurse)).status()).isEqualTo(201);
        assertThat(hostApi.post("/api/rooms/" + room + "/members", invite(physician)).status()).isEqualTo(201);
        assertThat(hostApi.get("/api/rooms/" + room).json().path("members").toString())
                .doesNotContain(pharmacist.id());

        // A new consent that lists everyone (empty scope) lets the pharmacist join.
        assertThat(hostApi.post("/api/rooms/" + room + "/consent", consent("[]")).status()).isEqualTo(201);
        assertThat(hostApi.post("/api/rooms/" + room + "/members", invite(pharmacist)).status()).isEqualTo(201);
    }

    @Test
    void aNarrowerConsentIsRefusedWhileMembersOutsideItRemain() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount pharmacist = newUser(Profession.PHARMACIST);
        UserAccount therapist = newUser(Profession.THERAPIST);
        String room = newPatientRoom(host, nurse, pharmacist, therapist);
        ApiClient hostApi = login(host);
        long head = hostApi.get("/api/rooms/" + room).json().path("headSeq").asLong();

        ApiClient.Response conflict = hostApi.post("/api/rooms/" + room + "/consent", consent("[\"physician\",\"nurse\"]"));
        assertThat(conflict.status()).as(conflict.body()).isEqualTo(409);
        JsonNode body = conflict.json();
        assertThat(body.path("code").asString()).isEqualTo("CONSENT_SCOPE_CONFLICT");
        assertThat(body.path("violations").toString())
                .contains("members." + pharmacist.id(), "members." + therapist.id(), "outside_scope")
                .doesNotContain(nurse.id())
                .as("the host records the consent and is not listed").doesNotContain(host.id());
        assertThat(hostApi.get("/api/rooms/" + room).json().path("headSeq").asLong()).as("nothing stored").isEqualTo(head);

        // Once they are removed, the narrower consent is recorded, and they cannot be invited back.
        assertThat(hostApi.delete("/api/rooms/" + room + "/members/" + pharmacist.id()).status()).isEqualTo(204);
        assertThat(hostApi.delete("/api/rooms/" + room + "/members/" + therapist.id()).status()).isEqualTo(204);
        assertThat(hostApi.post("/api/rooms/" + room + "/consent", consent("[\"physician\",\"nurse\"]")).status())
                .isEqualTo(201);
        assertThat(hostApi.post("/api/rooms/" + room + "/members", invite(pharmacist)).json().path("reason").asString())
                .isEqualTo("outside_consent_scope");
    }
}
