package jp.renkei.server.handoff;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.Destinations;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.MovableClock;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handoff sheets end to end over HTTP and STOMP on the running server: the admission sheet (care manager →
 * discharge office: draft, refused incomplete send, edit, send, live inbox, 受け取りました, answer), the
 * discharge sheet without a room routed to the area's 地域包括支援センター (flagged 担当ケアマネ未定), which
 * opens the room and puts the conference on its calendar; consent and membership denials; reminders on
 * the movable clock; contents encrypted at rest; nothing stored changed by a bad request.
 */
@Import(MovableClock.class)
class HandoffFlowTest extends ServerTestBase {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Autowired
    HandoffService service;
    @Autowired
    HandoffOffices offices;
    @Autowired
    MongoDatabase db;

    @AfterEach
    void resetClock() {
        MovableClock.reset();
    }

    private String org(OrganizationKind kind, String area) {
        String id = "o-h-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(id, "テスト " + kind.wire() + " " + id, kind, area));
        return id;
    }

    private static String nowLocal(long minutesAgo) {
        return LocalDateTime.now(TOKYO).minusMinutes(minutesAgo).truncatedTo(ChronoUnit.MINUTES).toString();
    }

    static final String ADMISSION_COMPLETE = """
            {"livingSituation":"独居","careLevel":"要介護4","keyPerson":"高橋 一郎","keyPersonPhone":"090-0000-0000",
             "mobility":"一部介助","eating":"見守り","toileting":"一部介助","diagnoses":"慢性心不全",
             "medications":"フロセミド 20mg 朝\\nアムロジピン 5mg 朝","careManagerContact":"きぼう居宅 中村 086-000-0000",
             "servicesInUse":["訪問介護","訪問看護"],"dentures":true}""";

    private JsonNode ok(ApiClient.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r.json();
    }

    private Document stored(String id) {
        return db.getCollection(HandoffRepository.HANDOFFS).find(Filters.eq("_id", id)).first();
    }

    @Test
    void anAdmissionSheetGoesFromTheCareManagerToTheDischargeOfficeAndIsAnswered() {
        String careOffice = org(OrganizationKind.CARE_MANAGEMENT_OFFICE, "北区");
        String hospital = org(OrganizationKind.HOSPITAL, "北区");
        UserAccount cm = newUserIn(Profession.CARE_MANAGER, careOffice);
        UserAccount msw = newUserIn(Profession.SOCIAL_WORKER, hospital);
        UserAccount outsider = newUserIn(Profession.SOCIAL_WORKER, org(OrganizationKind.HOSPITAL, "南区"));
        String room = newPatientRoom(cm);
        ApiClient cmApi = login(cm);
        ApiClient mswApi = login(msw);

        JsonNode draft = ok(cmApi.post("/api/handoffs", """
                {"kind":"admission","roomId":"%s","receiverOrganizationId":"%s","admittedAt":"%s",
                 "content":{"diagnoses":"慢性心不全"}}""".formatted(room, hospital, nowLocal(1))), 201);
        String id = draft.path("id").asString();
        assertThat(draft.path("state").asString()).isEqualTo("draft");
        assertThat(draft.path("template").path("id").asString()).isEqualTo("jp-mhlw-admission");
        assertThat(draft.path("template").path("version").asInt()).isEqualTo(1);
        assertThat(draft.path("patient").path("name").asString()).isEqualTo("試験 花子");
        assertThat(draft.path("deadline").path("standing").asString()).isIn("open_i");
        // A draft is the sender's alone.
        assertThat(mswApi.get("/api/handoffs/" + id).status()).isEqualTo(404);
        assertThat(mswApi.get("/api/handoffs?box=incoming").body()).doesNotContain(id);

        // Sending an incomplete sheet is refused with every missing field; nothing changes.
        Document before = stored(id);
        ApiClient.Response incomplete = cmApi.post("/api/handoffs/" + id + "/send", "{}");
        assertThat(incomplete.status()).as(incomplete.body()).isEqualTo(400);
        assertThat(incomplete.body()).contains("INVALID_FIELD", "content.keyPerson", "content.medications");
        assertThat(stored(id)).isEqualTo(before);
        // An edit on an old version is refused; a bad choice too; nothing changes.
        assertThat(cmApi.put("/api/handoffs/" + id, "{\"baseVersion\":0,\"content\":" + ADMISSION_COMPLETE + "}")
                .body()).contains("STALE_VERSION");
        assertThat(cmApi.put("/api/handoffs/" + id, "{\"baseVersion\":1,\"content\":{\"mobility\":\"たまに\"}}")
                .body()).contains("not_a_choice");
        assertThat(stored(id)).isEqualTo(before);

        JsonNode v2 = ok(cmApi.put("/api/handoffs/" + id, "{\"baseVersion\":1,\"content\":" + ADMISSION_COMPLETE + "}"), 200);
        assertThat(v2.path("version").asInt()).isEqualTo(2);

        try (TestStompClient live = connect(msw)) {
            live.subscribe(Destinations.HANDOFFS, "h1", Map.of("request-id", "s1"));
            assertThat(live.reply("s1").path("type").asString()).isEqualTo("ok");
            JsonNode sent = ok(cmApi.post("/api/handoffs/" + id + "/send", "{}"), 200);
            assertThat(sent.path("state").asString()).isEqualTo("sent");
            assertThat(sent.path("deadline").path("tier").asString()).isEqualTo("i");
            TestStompClient.Frame f = live.await(fr -> "MESSAGE".equals(fr.command()) && fr.body().contains(id));
            assertThat(f.json().path("type").asString()).isEqualTo("handoff.changed");
            assertThat(f.json().path("state").asString()).isEqualTo("sent");
            assertThat(f.body()).doesNotContain("試験");
        }

        JsonNode inbox = ok(mswApi.get("/api/handoffs?box=incoming&state=sent"), 200);
        assertThat(inbox.path("handoffs").findValuesAsString("id")).contains(id);
        assertThat(ok(mswApi.get("/api/handoffs?box=incoming&state=received"), 200).path("handoffs").findValuesAsString("id"))
                .doesNotContain(id);
        assertThat(ok(mswApi.get("/api/handoffs?box=incoming&dueBy=" + LocalDate.now(TOKYO).plusDays(5)), 200)
                .path("handoffs").findValuesAsString("id")).contains(id);
        assertThat(ok(mswApi.get("/api/handoffs?box=incoming&dueBy=" + LocalDate.now(TOKYO).minusDays(5)), 200)
                .path("handoffs").findValuesAsString("id")).doesNotContain(id);
        assertThat(mswApi.get("/api/handoffs?box=sideways").status()).isEqualTo(400);
        assertThat(ok(cmApi.get("/api/handoffs?box=outgoing"), 200).path("handoffs").findValuesAsString("id")).contains(id);

        // Outsiders and the wrong side.
        assertThat(login(outsider).get("/api/handoffs/" + id).status()).isEqualTo(404);
        assertThat(login(outsider).post("/api/handoffs/" + id + "/receive", "{}").status()).isEqualTo(404);
        assertThat(cmApi.post("/api/handoffs/" + id + "/receive", "{}").status()).isEqualTo(404);
        assertThat(mswApi.post("/api/handoffs/" + id + "/answer", "{\"outcome\":\"answered\"}").body())
                .contains("HANDOFF_STATE");

        JsonNode received = ok(mswApi.post("/api/handoffs/" + id + "/receive", "{}"), 200);
        assertThat(received.path("state").asString()).isEqualTo("received");
        assertThat(received.path("receivedBy").path("name").asString()).isEqualTo(msw.name());
        assertThat(mswApi.post("/api/handoffs/" + id + "/receive", "{}").body()).contains("HANDOFF_STATE");

        Document beforeAnswer = stored(id);
        assertThat(mswApi.post("/api/handoffs/" + id + "/answer", "{\"outcome\":\"returned\"}").body())
                .contains("message", "required");
        assertThat(mswApi.post("/api/handoffs/" + id + "/answer", "{\"outcome\":\"answered\",\"message\":\""
                + "あ".repeat(2001) + "\"}").body()).contains("too_long");
        assertThat(stored(id)).isEqualTo(beforeAnswer);
        ok(mswApi.post("/api/handoffs/" + id + "/answer",
                "{\"outcome\":\"answered\",\"message\":\"5階東病棟に入院しました。担当は看護師の松本です。\"}"), 200);

        JsonNode seen = ok(cmApi.get("/api/handoffs/" + id), 200);
        assertThat(seen.path("state").asString()).isEqualTo("answered");
        assertThat(seen.path("answer").asString()).contains("5階東病棟");
        assertThat(seen.path("steps").findValuesAsString("action"))
                .containsExactly("created", "edited", "sent", "received", "answered");
        // The first version is still there.
        assertThat(ok(cmApi.get("/api/handoffs/" + id + "?version=1"), 200).path("content").path("keyPerson").isMissingNode())
                .isTrue();

        // Encrypted at rest: the versions and the answer hold no readable patient data.
        for (Document d : db.getCollection(HandoffRepository.VERSIONS).find(Filters.regex("_id", "^" + id))) {
            String raw = new String(d.get("sealed", Binary.class).getData(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(raw).doesNotContain("試験", "心不全", "5階東病棟");
        }
        assertThat(stored(id).toJson()).doesNotContain("試験", "心不全");
    }

    @Test
    void consentAndMembershipGateTheSender() {
        String careOffice = org(OrganizationKind.CARE_MANAGEMENT_OFFICE, "北区");
        String hospital = org(OrganizationKind.HOSPITAL, "北区");
        UserAccount cm = newUserIn(Profession.CARE_MANAGER, careOffice);
        UserAccount otherCm = newUserIn(Profession.CARE_MANAGER, org(OrganizationKind.CARE_MANAGEMENT_OFFICE, "北区"));
        UserAccount family = newUser(Profession.FAMILY);
        String noConsent = rooms.create(cm, new CreateRoom("patient", null,
                new PatientProfile("同意 未了", null, "1940-01-01", "female", "要介護1", "北区")));
        String body = """
                {"kind":"admission","roomId":"%s","receiverOrganizationId":"%s","admittedAt":"%s"}""";
        ApiClient.Response r = login(cm).post("/api/handoffs", body.formatted(noConsent, hospital, nowLocal(5)));
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.body()).contains("CONSENT_REQUIRED");

        String room = newPatientRoom(cm);
        ApiClient.Response notMember = login(otherCm).post("/api/handoffs", body.formatted(room, hospital, nowLocal(5)));
        assertThat(notMember.status()).isEqualTo(404);
        assertThat(notMember.body()).contains("ROOM_NOT_FOUND");
        // Even with bad contents, a room one may not write in answers the same: it tells nothing.
        assertThat(login(otherCm).post("/api/handoffs", "{\"kind\":\"admission\",\"roomId\":\"" + room
                + "\",\"content\":{\"nope\":1}}").body()).contains("ROOM_NOT_FOUND");
        assertThat(login(family).post("/api/handoffs", body.formatted(room, hospital, nowLocal(5))).status()).isIn(403, 404);
        // An admission sheet goes to a hospital.
        assertThat(login(cm).post("/api/handoffs", body.formatted(room, careOffice.equals(hospital) ? "" : org(
                OrganizationKind.PHARMACY, "北区"), nowLocal(5))).body()).contains("not_a_hospital");
        assertThat(login(cm).get("/api/handoffs?box=outgoing").json().path("handoffs").size()).isZero();

        // Consent withdrawn after sending: the receiver no longer sees the sheet.
        UserAccount msw = newUserIn(Profession.SOCIAL_WORKER, hospital);
        String id = ok(login(cm).post("/api/handoffs", """
                {"kind":"admission","roomId":"%s","receiverOrganizationId":"%s","admittedAt":"%s","content":%s}"""
                .formatted(room, hospital, nowLocal(5), ADMISSION_COMPLETE)), 201).path("id").asString();
        ok(login(cm).post("/api/handoffs/" + id + "/send", "{}"), 200);
        assertThat(login(msw).get("/api/handoffs/" + id).status()).isEqualTo(200);
        consents.withdraw(cm, room, new jp.renkei.protocol.Resources.ConsentWithdrawal(LocalDate.now(TOKYO).toString()));
        ApiClient.Response after = login(msw).get("/api/handoffs/" + id);
        assertThat(after.status()).isEqualTo(409);
        assertThat(after.body()).contains("CONSENT_REQUIRED");
    }

    @Test
    void aDischargeWithoutACareManagerGoesToTheAreasSupportCentreWhichOpensTheRoom() throws Exception {
        String hospital = org(OrganizationKind.HOSPITAL, "北区");
        String centre = org(OrganizationKind.SUPPORT_CENTER, "北区");
        String otherCentre = org(OrganizationKind.SUPPORT_CENTER, "南区");
        offices.setCoveredAreas(centre, List.of("北区"));
        offices.setCoveredAreas(otherCentre, List.of("南区"));
        UserAccount nurse = newUserIn(Profession.NURSE, hospital);
        UserAccount centreCm = newUserIn(Profession.CARE_MANAGER, centre);
        UserAccount otherCentreCm = newUserIn(Profession.CARE_MANAGER, otherCentre);
        String discharge = """
                {"kind":"discharge","noCareManager":true,
                 "patient":{"name":"北野 トメ","nameKana":"キタノ トメ","birthDate":"1938-05-02","sex":"female",
                            "careLevel":"申請中","area":"%s"},
                 "consent":{"consentedBy":"patient","method":"written","date":"%s","scope":[],"familyUserIds":[]},
                 "content":{"admittedOn":"2026-11-20","plannedDischargeOn":"%s","diagnosis":"大腿骨頸部骨折",
                  "course":"人工骨頭置換術後、リハビリ中。","medicationChanges":"鎮痛薬を追加",
                  "medications":"アセトアミノフェン 500mg 毎食後\\nランソプラゾール 15mg 朝",
                  "medicalProcedures":["在宅酸素","褥瘡処置"],"oxygenFlow":"1L/分 夜間",
                  "mobility":"一部介助","eating":"自立","toileting":"一部介助",
                  "whatToWatch":"転倒に注意。<script>","hospitalContact":"地域連携室 看護師 086-000-0000"}}""";
        String today = LocalDate.now(TOKYO).toString();
        String planned = LocalDate.now(TOKYO).plusDays(7).toString();
        ApiClient nurseApi = login(nurse);
        ApiClient.Response nowhere = nurseApi.post("/api/handoffs", discharge.formatted("東区 どこか", today, planned));
        assertThat(nowhere.status()).isEqualTo(400);
        assertThat(nowhere.body()).contains("no_support_center");

        JsonNode created = ok(nurseApi.post("/api/handoffs", discharge.formatted("北区 奉還町", today, planned)), 201);
        String id = created.path("id").asString();
        assertThat(created.path("receiver").path("organizationId").asString()).isEqualTo(centre);
        assertThat(created.path("flags").toString()).contains("care_manager_undecided");
        assertThat(created.hasNonNull("roomId")).isFalse();
        ok(nurseApi.post("/api/handoffs/" + id + "/send", "{}"), 200);

        ApiClient centreApi = login(centreCm);
        JsonNode row = ok(centreApi.get("/api/handoffs?box=incoming"), 200).path("handoffs").get(0);
        assertThat(row.path("id").asString()).isEqualTo(id);
        assertThat(row.path("patient").path("name").asString()).isEqualTo("北野 トメ");
        assertThat(row.path("plannedDischargeOn").asString()).isEqualTo(planned);
        assertThat(login(otherCentreCm).get("/api/handoffs/" + id).status()).isEqualTo(404);

        // The conference needs a room first.
        assertThat(centreApi.post("/api/handoffs/" + id + "/conference", "{}").body()).contains("HANDOFF_STATE");
        JsonNode received = ok(centreApi.post("/api/handoffs/" + id + "/receive", "{\"openRoom\":true}"), 200);
        String roomId = received.path("roomId").asString();
        assertThat(roomId).startsWith("r-");
        assertThat(rooms.headOf(roomId)).isPositive();
        assertThat(received.path("steps").findValuesAsString("action")).contains("received", "room_opened");

        String start = LocalDate.now(TOKYO).plusDays(5) + "T14:00";
        String end = LocalDate.now(TOKYO).plusDays(5) + "T15:00";
        ApiClient.Response badConf = centreApi.post("/api/handoffs/" + id + "/conference", """
                {"txnId":"%s","start":"%s","end":"%s","attendees":["%s"]}""".formatted(UUID.randomUUID(), start, end,
                "x".repeat(61)));
        assertThat(badConf.status()).isEqualTo(400);
        JsonNode conf = ok(centreApi.post("/api/handoffs/" + id + "/conference", """
                {"txnId":"%s","start":"%s","end":"%s","place":"北中央病院 3階 面談室",
                 "attendees":["病棟看護師","MSW","地域包括 ケアマネ"]}""".formatted(UUID.randomUUID(), start, end)), 200);
        assertThat(conf.path("conferenceItemId").asString()).isNotEmpty();
        JsonNode cal = ok(centreApi.get("/api/rooms/" + roomId + "/calendar?from=" + LocalDate.now(TOKYO) + "&to="
                + LocalDate.now(TOKYO).plusDays(10)), 200);
        assertThat(cal.toString()).contains("pre_discharge_conference", "参加者: 病棟看護師、MSW、地域包括 ケアマネ");

        // The FHIR document, parsed and validated with HAPI FHIR against the R4 base specification.
        ApiClient.Response fhir = nurseApi.get("/api/handoffs/" + id + "/fhir");
        assertThat(fhir.status()).as(fhir.body()).isEqualTo(200);
        HandoffFhirCheck.check(fhir.body(), "北野 トメ");
        assertThat(login(otherCentreCm).get("/api/handoffs/" + id + "/fhir").status()).isEqualTo(404);
    }

    @Test
    void anUnacknowledgedSheetIsRemindedOnTheClock() {
        String careOffice = org(OrganizationKind.CARE_MANAGEMENT_OFFICE, "北区");
        String hospital = org(OrganizationKind.HOSPITAL, "北区");
        UserAccount cm = newUserIn(Profession.CARE_MANAGER, careOffice);
        UserAccount msw = newUserIn(Profession.SOCIAL_WORKER, hospital);
        String room = newPatientRoom(cm);
        ApiClient cmApi = login(cm);
        String id = ok(cmApi.post("/api/handoffs", """
                {"kind":"admission","roomId":"%s","receiverOrganizationId":"%s","admittedAt":"%s","content":%s}"""
                .formatted(room, hospital, nowLocal(5), ADMISSION_COMPLETE)), 201).path("id").asString();
        ok(cmApi.post("/api/handoffs/" + id + "/send", "{}"), 200);
        service.tick();
        assertThat(stored(id).getString("remindedAt")).isNull();
        MovableClock.advance(Duration.ofMinutes(61));
        service.tick();
        String first = stored(id).getString("remindedAt");
        assertThat(first).isNotNull();
        // Past the clock jump a new login's second factor would not match the server's clock: ask the service.
        assertThat(service.inbox(msw, "incoming", null, null).get(0).get("reminder")).isEqualTo(true);
        service.tick();
        assertThat(stored(id).getString("remindedAt")).as("not again within a day").isEqualTo(first);
        MovableClock.advance(Duration.ofHours(24));
        service.tick();
        assertThat(stored(id).getString("remindedAt")).isNotEqualTo(first);
        service.receive(msw, id, null);
        String last = stored(id).getString("remindedAt");
        MovableClock.advance(Duration.ofHours(25));
        service.tick();
        assertThat(stored(id).getString("remindedAt")).as("acknowledged: no more reminders").isEqualTo(last);
        assertThat(service.inbox(msw, "incoming", null, null).get(0).get("reminder")).isEqualTo(false);
    }

    @Test
    void aRegionsSecretariatAddsItsOwnTemplate() {
        String city = org(OrganizationKind.MUNICIPALITY, "北区");
        UserAccount secretariat = newUserIn(Profession.MUNICIPAL_STAFF, city);
        UserAccount cm = newUserIn(Profession.CARE_MANAGER, org(OrganizationKind.CARE_MANAGEMENT_OFFICE, "北区"));
        String tid = "kita-admission-" + UUID.randomUUID().toString().substring(0, 6);
        String template = """
                {"id":"%s","version":1,"kind":"admission","region":"北区","title":"北区 入院時連絡票",
                 "sections":[{"id":"a","title":"基本","fields":[
                   {"id":"keyPerson","label":"キーパーソン","type":"text","required":true,"maxLength":40},
                   {"id":"adl","label":"ADL","type":"choice","choices":["自立","介助"]}]}]}""".formatted(tid);
        assertThat(login(cm).post("/api/handoffs/templates", template).status()).isEqualTo(403);
        ApiClient api = login(secretariat);
        assertThat(api.post("/api/handoffs/templates", template.replace(",\"choices\":[\"自立\",\"介助\"]", ""))
                .body()).contains("choices", "required");
        assertThat(api.post("/api/handoffs/templates", template.replace("\"region\":\"北区\"", "\"region\":\"南区\""))
                .body()).contains("not_your_region");
        assertThat(api.get("/api/handoffs/templates").body()).doesNotContain(tid);
        ok(api.post("/api/handoffs/templates", template), 201);
        assertThat(api.post("/api/handoffs/templates", template).body()).contains("exists");
        assertThat(login(cm).get("/api/handoffs/templates").body()).contains(tid);

        // A sheet written on it keeps its id and version, and is validated by it.
        String hospital = org(OrganizationKind.HOSPITAL, "北区");
        String room = newPatientRoom(cm);
        ApiClient.Response r = login(cm).post("/api/handoffs", """
                {"kind":"admission","templateId":"%s","roomId":"%s","receiverOrganizationId":"%s","admittedAt":"%s",
                 "content":{"adl":"ほぼ自立"}}""".formatted(tid, room, hospital, nowLocal(1)));
        assertThat(r.body()).contains("not_a_choice");
        JsonNode ok = ok(login(cm).post("/api/handoffs", """
                {"kind":"admission","templateId":"%s","roomId":"%s","receiverOrganizationId":"%s","admittedAt":"%s",
                 "content":{"adl":"介助"}}""".formatted(tid, room, hospital, nowLocal(1))), 201);
        assertThat(ok.path("template").path("id").asString()).isEqualTo(tid);
        assertThat(ok.path("template").path("version").asInt()).isEqualTo(1);
    }

    @Test
    void badRequestsGetTheirDocumentedErrorAndStoreNothing() {
        String careOffice = org(OrganizationKind.CARE_MANAGEMENT_OFFICE, "北区");
        String hospital = org(OrganizationKind.HOSPITAL, "北区");
        UserAccount cm = newUserIn(Profession.CARE_MANAGER, careOffice);
        UserAccount msw = newUserIn(Profession.SOCIAL_WORKER, hospital);
        String room = newPatientRoom(cm);
        ApiClient api = login(cm);
        String id = ok(api.post("/api/handoffs", """
                {"kind":"admission","roomId":"%s","receiverOrganizationId":"%s","admittedAt":"%s","content":%s}"""
                .formatted(room, hospital, nowLocal(5), ADMISSION_COMPLETE)), 201).path("id").asString();
        Document before = stored(id);
        long versions = db.getCollection(HandoffRepository.VERSIONS).countDocuments();
        Map<String, String> posts = new java.util.LinkedHashMap<>();
        posts.put("/api/handoffs", "{\"kind\":5}");
        posts.put("/api/handoffs#1", "{\"kind\":\"transfer\"}");
        posts.put("/api/handoffs#2", "{\"kind\":\"admission\",\"roomId\":\"%s\",\"receiverOrganizationId\":\"%s\",\"admittedAt\":\"2026-13-01T10:00\"}"
                .formatted(room, hospital));
        posts.put("/api/handoffs#3", "{\"kind\":\"admission\",\"roomId\":\"%s\",\"receiverOrganizationId\":\"%s\",\"admittedAt\":\"%s\",\"content\":\"text\"}"
                .formatted(room, hospital, nowLocal(1)));
        posts.put("/api/handoffs#4", "{\"kind\":\"discharge\",\"patient\":{\"name\":\"\",\"area\":\"北区\"},\"consent\":null,\"receiverOrganizationId\":\"%s\"}"
                .formatted(hospital));
        posts.put("/api/handoffs#5", "[1,2]");
        posts.put("/api/handoffs/" + id + "/receive", "{\"openRoom\":\"yes\"}");
        posts.put("/api/handoffs/" + id + "/answer", "not json");
        posts.put("/api/handoffs/" + id + "/conference", "{}");
        posts.put("/api/handoffs/h-00000000000000000000/send", "{}");
        posts.put("/api/handoffs/templates", "[]");
        for (Map.Entry<String, String> e : posts.entrySet()) {
            String path = e.getKey().replaceAll("#\\d+$", "");
            ApiClient.Response r = api.post(path, e.getValue());
            assertThat(r.status()).as(path + " " + e.getValue() + " → " + r.body()).isBetween(400, 499);
            assertThat(r.json().path("code").asString()).as(r.body()).isIn("INVALID_FIELD", "MALFORMED_JSON", "NOT_FOUND",
                    "HANDOFF_STATE", "FORBIDDEN");
        }
        for (String path : List.of("/api/handoffs/" + id + "?version=abc", "/api/handoffs/" + id + "?version=9",
                "/api/handoffs/nope", "/api/handoffs?box=x", "/api/handoffs?dueBy=tomorrow", "/api/handoffs/" + id + "/fhir")) {
            ApiClient.Response r = api.get(path);
            assertThat(r.status()).as(path + " → " + r.body()).isBetween(400, 499);
        }
        ApiClient.Response put = api.put("/api/handoffs/" + id, "{\"baseVersion\":\"1\",\"content\":{}}");
        assertThat(put.status()).as(put.body()).isEqualTo(400);
        ApiClient.Response hours = login(msw).put("/api/handoffs/offices/" + hospital + "/hours",
                "{\"days\":[\"MON\"],\"open\":\"09:00\",\"close\":\"17:00\"}");
        assertThat(hours.status()).as("only the office's administrator sets its hours").isEqualTo(403);
        assertThat(stored(id)).isEqualTo(before);
        assertThat(db.getCollection(HandoffRepository.VERSIONS).countDocuments()).isEqualTo(versions);
    }

    @Test
    void theReceivingOfficesAdministratorSetsItsHoursAndTheyDecideTheDeadline() {
        String careOffice = org(OrganizationKind.CARE_MANAGEMENT_OFFICE, "北区");
        String hospital = org(OrganizationKind.HOSPITAL, "北区");
        UserAccount cm = newUserIn(Profession.CARE_MANAGER, careOffice);
        UserAccount admin = newUserIn(Profession.FACILITY_ADMIN, hospital);
        String room = newPatientRoom(cm);
        ApiClient adminApi = login(admin);
        assertThat(adminApi.put("/api/handoffs/offices/" + hospital + "/hours",
                "{\"days\":[\"MON\"],\"open\":\"18:00\",\"close\":\"09:00\"}").body()).contains("before_open");
        assertThat(adminApi.put("/api/handoffs/offices/" + careOffice + "/hours",
                "{\"days\":[\"MON\"],\"open\":\"09:00\",\"close\":\"17:00\"}").status()).isEqualTo(403);
        // Open every day around the clock but the last minute: an admission at 23:58 is in hours.
        ok(adminApi.put("/api/handoffs/offices/" + hospital + "/hours",
                "{\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\",\"SUN\"],\"open\":\"00:00\",\"close\":\"23:59\"}"), 200);
        assertThat(ok(login(cm).get("/api/handoffs/offices/" + hospital + "/hours"), 200).path("days").size()).isEqualTo(7);
        LocalDate day = LocalDate.now(TOKYO).minusDays(3);
        JsonNode sheet = ok(login(cm).post("/api/handoffs", """
                {"kind":"admission","roomId":"%s","receiverOrganizationId":"%s","admittedAt":"%sT23:58"}"""
                .formatted(room, hospital, day)), 201);
        assertThat(sheet.path("deadline").path("dueI").asString())
                .isEqualTo(day.plusDays(1).atStartOfDay(TOKYO).toInstant().toString());
        assertThat(sheet.path("deadline").path("standing").asString()).isEqualTo("overdue");
    }
}
