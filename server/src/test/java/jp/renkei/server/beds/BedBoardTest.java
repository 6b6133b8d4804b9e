package jp.renkei.server.beds;

import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.Destinations;
import com.mongodb.client.MongoDatabase;
import jp.renkei.server.account.Organization;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.store.Collections;
import org.bson.Document;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bed board end to end over HTTP and STOMP: publishing, the live board with filters, patient-data
 * rejection, who may do what, inquiry → answer → hold → confirm (count drops), release, metrics and
 * the EDXL-HAVE export against the schema.
 */
class BedBoardTest extends ServerTestBase {

    @Autowired
    BedService service;
    @Autowired
    AuditTrail audit;
    @Autowired
    MongoDatabase db;

    private UserAccount staff(OrganizationKind kind, Profession profession) {
        String orgId = "o-" + kind.wire().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 6);
        accounts.saveOrganization(new Organization(orgId, "テスト " + kind.wire(), kind, "北区"));
        return newUserIn(profession, orgId);
    }

    private static String notice(String contact, String remarks, int available) {
        return """
                {"bedType":"respite","available":%d,"availableFrom":"2026-11-20","availableUntil":null,
                 "accepts":["oxygen","suction"],"sex":"any","contact":"%s","remarks":%s,"expiresAt":"%s"}"""
                .formatted(available, contact, remarks == null ? "null" : "\"" + remarks + "\"",
                        Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void aPublishedNoticeReachesMatchingSubscribersAtOnceAndNotOthers() {
        UserAccount clinic = staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE);
        UserAccount msw = staff(OrganizationKind.HOSPITAL, Profession.SOCIAL_WORKER);
        try (TestStompClient all = connect(msw); TestStompClient dialysis = connect(msw)) {
            all.subscribe(Destinations.BED_BOARD, "b1", Map.of("request-id", "s1", "accepts", "oxygen"));
            assertThat(all.reply("s1").path("type").asString()).isEqualTo("ok");
            dialysis.subscribe(Destinations.BED_BOARD, "b2", Map.of("request-id", "s2", "accepts", "dialysis"));
            assertThat(dialysis.reply("s2").path("type").asString()).isEqualTo("ok");

            ApiClient api = login(clinic);
            ApiClient.Response r = api.post("/api/beds/notices", notice("2階病棟 看護師長 内線201", "週末も相談可", 2));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String id = r.json().path("id").asString();

            TestStompClient.Frame f = all.await(fr -> "MESSAGE".equals(fr.command()) && fr.body().contains(id));
            assertThat(f.json().path("type").asString()).isEqualTo("bed.notice");
            assertThat(f.json().path("notice").path("status").asString()).isEqualTo("open");
            assertThat(dialysis.drain(300)).noneMatch(fr -> fr.body() != null && fr.body().contains(id));

            ApiClient.Response board = login(msw).get("/api/beds/notices?accepts=oxygen");
            assertThat(board.status()).isEqualTo(200);
            assertThat(board.body()).contains(id);

            // The publish is audited (its entry rode on the notice's insert), and the fan-out is one entry
            // naming the one matching office session it went to.
            audit.sync();
            assertThat(auditOf(eq("resource", null), "bed.publish", clinic.id())).isNotEmpty();
            List<Document> fanOut = db.getCollection(Collections.AUDIT)
                    .find(and(eq("action", "bed.deliver"), eq("resource", id))).into(new ArrayList<>());
            assertThat(fanOut).singleElement().satisfies(d -> {
                assertThat(d.getString("reason")).isEqualTo("delivered:1");
                assertThat(d.getList("to", String.class)).singleElement()
                        .satisfies(to -> assertThat(to).startsWith(msw.id() + "/"));
            });
        }
    }

    private List<Document> auditOf(org.bson.conversions.Bson filter, String action, String actor) {
        return db.getCollection(Collections.AUDIT).find(and(filter, eq("action", action), eq("actor", actor)))
                .into(new ArrayList<>());
    }

    @Test
    void patientDataIsRejectedAndNothingIsStored() {
        UserAccount clinic = staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE);
        ApiClient api = login(clinic);
        for (String[] bad : new String[][] {{"山田様の件 内線201", null}, {"内線201", "生年月日 1941-04-12"},
                {"086-123-4567", null}, {"内線201", "患者名 ヤマダ"}, {"内線201", "83歳女性"},
                {"内線201", "保険証 12345678"}}) {
            ApiClient.Response r = api.post("/api/beds/notices", notice(bad[0], bad[1], 1));
            assertThat(r.status()).as(String.join("|", bad[0], String.valueOf(bad[1]))).isEqualTo(400);
            assertThat(r.body()).contains("looks_like_patient_data");
        }
        assertThat(service.board(staff(OrganizationKind.HOSPITAL, Profession.NURSE), BoardFilter.ANY))
                .noneMatch(n -> n.clinicId().equals(clinic.organizationId()));
        // Each refused attempt was still audited (allowed by the policy, refused as input), durably.
        audit.sync();
        assertThat(auditOf(eq("allowed", true), "bed.publish", clinic.id())).hasSize(6);
    }

    /**
     * The screens ask what the user may do before offering 空床情報: a home-care clinic may not see the
     * board (so it gets no button instead of an error), a discharge office may see and inquire, a clinic
     * with beds may see and publish; the board's dates are in Japan time by default.
     */
    @Test
    void theBoardSaysWhoMaySeeItAndInWhichZoneItsDatesAre() {
        JsonNode home = login(staff(OrganizationKind.CLINIC, Profession.PHYSICIAN)).get("/api/beds/me").json();
        assertThat(home.path("canView").asBoolean()).isFalse();
        assertThat(home.path("zone").asString()).isEqualTo("Asia/Tokyo");
        JsonNode office = login(staff(OrganizationKind.HOSPITAL, Profession.SOCIAL_WORKER)).get("/api/beds/me").json();
        assertThat(office.path("canView").asBoolean()).isTrue();
        assertThat(office.path("canInquire").asBoolean()).isTrue();
        assertThat(office.path("canPublish").asBoolean()).isFalse();
        JsonNode clinic = login(staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE)).get("/api/beds/me").json();
        assertThat(clinic.path("canView").asBoolean()).isTrue();
        assertThat(clinic.path("canPublish").asBoolean()).isTrue();
    }

    @Test
    void onlyBedClinicsPublishAndOnlyDischargeOfficesInquire() {
        UserAccount homeClinic = staff(OrganizationKind.CLINIC, Profession.PHYSICIAN);
        ApiClient.Response r = login(homeClinic).post("/api/beds/notices", notice("内線201", null, 1));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("reason").asString()).isEqualTo("not_bed_clinic");

        UserAccount clinic = staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE);
        String id = login(clinic).post("/api/beds/notices", notice("内線201", null, 1)).json().path("id").asString();
        UserAccount otherClinic = staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE);
        assertThat(login(otherClinic).delete("/api/beds/notices/" + id).status()).isEqualTo(403);
        assertThat(login(homeClinic).get("/api/beds/notices").status()).isEqualTo(403);
        String inquiry = "{\"ageBand\":\"80s\",\"sex\":\"female\",\"needs\":[\"oxygen\"],\"wantedDate\":\"2026-11-25\"}";
        assertThat(login(otherClinic).post("/api/beds/notices/" + id + "/inquiries", inquiry).status()).isEqualTo(403);

        try (TestStompClient stomp = connect(homeClinic)) {
            stomp.subscribe(Destinations.BED_BOARD, "b1", Map.of("request-id", "s1"));
            JsonNode reply = stomp.reply("s1");
            assertThat(reply.path("code").asString()).isEqualTo("FORBIDDEN");
        }
    }

    @Test
    void inquiryAnswerHoldConfirmDropsTheCountAndBothSidesSeeEveryStep() {
        UserAccount clinic = staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE);
        UserAccount msw = staff(OrganizationKind.HOSPITAL, Profession.SOCIAL_WORKER);
        ApiClient clinicApi = login(clinic);
        ApiClient office = login(msw);
        String id = clinicApi.post("/api/beds/notices", notice("内線201", null, 1)).json().path("id").asString();
        try (TestStompClient clinicLive = connect(clinic)) {
            clinicLive.subscribe(Destinations.BED_INQUIRIES, "q", Map.of("request-id", "s1"));
            clinicLive.reply("s1");
            ApiClient.Response q = office.post("/api/beds/notices/" + id + "/inquiries",
                    "{\"ageBand\":\"80s\",\"sex\":\"female\",\"needs\":[\"oxygen\"],\"wantedDate\":\"2026-11-25\",\"note\":\"要介護4\"}");
            assertThat(q.status()).as(q.body()).isEqualTo(201);
            String qid = q.json().path("id").asString();
            clinicLive.await(f -> "MESSAGE".equals(f.command()) && f.body().contains(qid));

            // Holding before an answer is refused.
            assertThat(office.post("/api/beds/inquiries/" + qid + "/hold", "{}").json().path("code").asString())
                    .isEqualTo("BED_INQUIRY_STATE");
            // The office cannot answer its own inquiry.
            assertThat(office.post("/api/beds/inquiries/" + qid + "/answer", "{\"answer\":\"accept\"}").status())
                    .isEqualTo(403);
            assertThat(clinicApi.post("/api/beds/inquiries/" + qid + "/answer",
                    "{\"answer\":\"accept\",\"message\":\"受け入れ可能です\"}").json().path("state").asString())
                    .isEqualTo("accepted");
            assertThat(office.post("/api/beds/inquiries/" + qid + "/hold", "{}").json().path("state").asString())
                    .isEqualTo("held");
            JsonNode confirmed = office.post("/api/beds/inquiries/" + qid + "/confirm", "{}").json();
            assertThat(confirmed.path("state").asString()).isEqualTo("confirmed");
            assertThat(confirmed.path("steps")).hasSize(4);
            assertThat(service.existing(id).available()).isZero();

            // On confirmation the office opens the handoff patient room, with the patient's consent.
            assertThat(office.post("/api/beds/inquiries/" + qid + "/handoff-room", "{\"patient\":{\"name\":\"引継 花子\"}}")
                    .json().path("code").asString()).isEqualTo("INVALID_FIELD");
            JsonNode handoff = office.post("/api/beds/inquiries/" + qid + "/handoff-room", "{\"consent\":{\"consentedBy\":"
                    + "\"representative\",\"relationship\":\"長女\",\"method\":\"written\",\"date\":\"2026-11-20\"},"
                    + "\"patient\":{\"name\":\"引継 花子\"}}").json();
            String handoffRoom = handoff.path("roomId").asString();
            JsonNode detail = office.get("/api/rooms/" + handoffRoom).json();
            assertThat(detail.path("consentRecorded").asBoolean()).as(handoff.toString()).isTrue();
            assertThat(detail.path("members").toString()).contains(clinic.id());

            // A second inquiry finds no bed left.
            String q2 = office.post("/api/beds/notices/" + id + "/inquiries",
                    "{\"ageBand\":\"70s\",\"sex\":\"male\",\"needs\":[],\"wantedDate\":\"2026-11-26\"}").json().path("id").asString();
            clinicApi.post("/api/beds/inquiries/" + q2 + "/answer", "{\"answer\":\"accept\"}");
            assertThat(office.post("/api/beds/inquiries/" + q2 + "/hold", "{}").json().path("code").asString())
                    .isEqualTo("NO_BEDS_LEFT");

            // Someone else's inquiry does not exist for a third party.
            UserAccount stranger = staff(OrganizationKind.HOSPITAL, Profession.NURSE);
            assertThat(login(stranger).post("/api/beds/inquiries/" + qid + "/release", "{}").json().path("code").asString())
                    .isEqualTo("BED_INQUIRY_NOT_FOUND");

            // Both sides see the whole exchange.
            assertThat(clinicApi.get("/api/beds/inquiries").body()).contains(qid).contains("受け入れ可能です");
            assertThat(office.get("/api/beds/inquiries").body()).contains(qid);

            // Metrics count the clinic's notice, inquiries, answers and confirmations.
            JsonNode m = office.get("/api/beds/metrics").json().path("clinics").path(clinic.organizationId());
            assertThat(m.path("published").asLong()).isEqualTo(1);
            assertThat(m.path("inquiries").asLong()).isEqualTo(2);
            assertThat(m.path("answered").asLong()).isEqualTo(2);
            assertThat(m.path("confirmed").asLong()).isEqualTo(1);
            assertThat(office.get("/api/beds/metrics").json().path("areas").path("北区").path("published").asLong())
                    .isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void theEdxlHaveExportIsValidAgainstTheSchema() throws Exception {
        UserAccount clinic = staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE);
        login(clinic).post("/api/beds/notices", notice("内線201", null, 3));
        ApiClient.Response xml = login(staff(OrganizationKind.HOSPITAL, Profession.NURSE)).get("/api/beds/export/edxl-have");
        assertThat(xml.status()).isEqualTo(200);
        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getResource("/edxl/edxl-have-1.0-subset.xsd"));
        schema.newValidator().validate(new StreamSource(new StringReader(xml.body())));
        assertThat(xml.body()).contains("<AvailableCount>3</AvailableCount>");
    }
}
