package jp.renkei.server.desk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.store.Collections;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consultation desk end to end over HTTP against the embedded store: recording, versions, search,
 * follow-ups, closing; who may read what (another desk's worker, the city, a user of no desk); counts
 * and the Japan-time month boundary; the CSV; bad input; audit of reads; encryption at rest; retention.
 */
class DeskCaseTest extends ServerTestBase {

    @Autowired
    MongoDatabase db;
    @Autowired
    DeskRetention retention;
    @Autowired
    DeskService service;

    private String desk(OrganizationKind kind, String name) {
        String id = "o-desk-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(id, name, kind, "北区"));
        return id;
    }

    private static String body(String occurredAt, String categories, String text) {
        return """
                {"occurredAt":%s,"channel":"phone","consulterType":"care_manager","consulterOrganization":"きぼう居宅",
                 "subject":{"name":"北 花子","ageBand":"80s","sex":"female","area":"北区"},
                 "categories":%s,"text":"%s","answer":"訪問看護ステーションを紹介","referral":null,
                 "followUps":[{"due":"2026-12-01","what":"結果を確認"},{"due":"2099-01-01","what":"再確認"}]}"""
                .formatted(occurredAt == null ? "null" : "\"" + occurredAt + "\"", categories, text);
    }

    private JsonNode create(ApiClient api, String occurredAt, String categories, String text) {
        ApiClient.Response r = api.post("/api/desk/cases", body(occurredAt, categories, text));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void aWorkerRecordsSearchesEditsFollowsUpAndClosesACase() {
        UserAccount worker = newUserIn(Profession.MUNICIPAL_STAFF, desk(OrganizationKind.SUPPORT_CENTER, "テスト包括"));
        ApiClient api = login(worker);
        assertThat(api.get("/api/desk/me").json().path("isWorker").asBoolean()).isTrue();
        JsonNode c = create(api, "2026-12-02T10:00+09:00", "[\"home_nursing\",\"medical_procedure\"]",
                "人工呼吸器に対応できる訪問看護を探したい");
        String id = c.path("id").asString();
        assertThat(c.path("version").asLong()).isEqualTo(1);
        assertThat(c.path("month").asString()).isEqualTo("2026-12");
        assertThat(c.path("status").asString()).isEqualTo("open");

        // Search by text (opened in memory), by category, status and month.
        assertThat(api.post("/api/desk/cases/search", "{\"q\":\"人工呼吸器\"}").json().path("cases")).hasSize(1);
        assertThat(api.post("/api/desk/cases/search", "{\"q\":\"ｶﾞﾝ\"}").json().path("cases")).isEmpty();
        assertThat(api.post("/api/desk/cases/search", "{\"q\":\"北 花子\"}").json().path("cases").get(0).path("id").asString())
                .isEqualTo(id);
        assertThat(api.get("/api/desk/cases?category=medical_procedure&status=open&month=2026-12").json()
                .path("cases")).hasSize(1);
        assertThat(api.get("/api/desk/cases?category=dental").json().path("cases")).isEmpty();
        assertThat(api.get("/api/desk/cases?month=2026-11").json().path("cases")).isEmpty();

        // Follow-ups: the overdue one first.
        JsonNode f = api.get("/api/desk/follow-ups").json().path("followUps");
        assertThat(f).hasSize(2);
        assertThat(f.get(0).path("due").asString()).isEqualTo("2026-12-01");
        assertThat(f.get(0).path("overdue").asBoolean()).isTrue();
        assertThat(f.get(1).path("overdue").asBoolean()).isFalse();

        // An edit adds a version; a stale version is refused.
        String edited = body("2026-12-02T10:00+09:00", "[\"home_nursing\"]", "人工呼吸器とたん吸引に対応できる訪問看護")
                .replaceFirst("\\{", "{\"version\":1,")
                .replace("{\"due\":\"2026", "{\"id\":\"f1\",\"due\":\"2026").replace("{\"due\":\"2099", "{\"id\":\"f2\",\"due\":\"2099");
        ApiClient.Response e = api.put("/api/desk/cases/" + id, edited);
        assertThat(e.status()).as(e.body()).isEqualTo(200);
        assertThat(e.json().path("version").asLong()).isEqualTo(2);
        assertThat(e.json().path("followUps").get(0).path("id").asString()).isEqualTo("f1");
        assertThat(api.put("/api/desk/cases/" + id, edited).json().path("code").asString()).isEqualTo("STALE_VERSION");

        ApiClient.Response done = api.post("/api/desk/cases/" + id + "/follow-ups/f1/done", "{\"version\":2}");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(api.get("/api/desk/follow-ups").json().path("followUps")).hasSize(1);

        ApiClient.Response closed = api.post("/api/desk/cases/" + id + "/status", "{\"version\":3,\"status\":\"closed\"}");
        assertThat(closed.json().path("status").asString()).isEqualTo("closed");
        assertThat(api.get("/api/desk/follow-ups").json().path("followUps")).isEmpty();

        JsonNode read = api.get("/api/desk/cases/" + id).json();
        assertThat(read.path("history")).hasSize(4);
        assertThat(read.path("history").get(0).path("case").path("text").asString()).isEqualTo("人工呼吸器に対応できる訪問看護を探したい");
        assertThat(read.path("history").get(1).path("type").asString()).isEqualTo("edited");
        assertThat(read.path("history").get(3).path("type").asString()).isEqualTo("closed");
        assertThat(read.path("text").asString()).isEqualTo("人工呼吸器とたん吸引に対応できる訪問看護");
    }

    @Test
    void anotherDeskIsDeniedTheCityGetsCountsButNoContentsAndANonDeskUserIsDenied() {
        String centerId = desk(OrganizationKind.SUPPORT_CENTER, "テスト包括A");
        UserAccount worker = newUserIn(Profession.NURSE, centerId);
        UserAccount otherDesk = newUserIn(Profession.MUNICIPAL_STAFF, desk(OrganizationKind.SUPPORT_CENTER, "テスト包括B"));
        UserAccount city = newUserIn(Profession.MUNICIPAL_STAFF, desk(OrganizationKind.MUNICIPALITY, "テスト市役所"));
        UserAccount nurse = newUser(Profession.NURSE);
        String id = create(login(worker), "2026-10-05T10:00+09:00", "[\"dental\"]", "訪問歯科の相談").path("id").asString();

        ApiClient other = login(otherDesk);
        assertThat(other.get("/api/desk/cases/" + id).status()).isEqualTo(404);
        assertThat(other.put("/api/desk/cases/" + id, body(null, "[\"dental\"]", "x").replaceFirst("\\{", "{\"version\":1,"))
                .status()).isEqualTo(404);
        assertThat(other.post("/api/desk/cases/search", "{\"q\":\"歯科\"}").json().path("cases")).isEmpty();
        // Its own desk report never shows another desk; the city report is not its to see.
        assertThat(other.get("/api/desk/report?month=2026-10").json().path("desks")).hasSize(1);
        assertThat(other.get("/api/desk/report?month=2026-10&scope=city").json().path("reason").asString())
                .isEqualTo("not_city_staff");

        ApiClient cityApi = login(city);
        ApiClient.Response cityRead = cityApi.get("/api/desk/cases/" + id);
        assertThat(cityRead.status()).isEqualTo(404);
        assertThat(cityRead.body()).doesNotContain("訪問歯科");
        JsonNode report = cityApi.get("/api/desk/report?month=2026-10&scope=city").json();
        assertThat(report.path("scope").asString()).isEqualTo("city");
        JsonNode column = null;
        for (JsonNode d : report.path("desks")) {
            if (d.path("deskId").asString().equals(centerId)) {
                column = d;
            }
        }
        assertThat(column).isNotNull();
        assertThat(column.path("cases").asInt()).isEqualTo(1);
        assertThat(column.path("byCategory").path("dental").asInt()).isEqualTo(1);
        assertThat(report.path("total").path("cases").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(report.toString()).doesNotContain("訪問歯科の相談");

        ApiClient outsider = login(nurse);
        assertThat(outsider.get("/api/desk/me").json().path("isWorker").asBoolean()).isFalse();
        ApiClient.Response denied = outsider.get("/api/desk/cases");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().path("reason").asString()).isEqualTo("not_desk_worker");
        assertThat(outsider.get("/api/desk/cases/" + id).status()).isEqualTo(403);
        assertThat(outsider.post("/api/desk/cases", body(null, "[\"dental\"]", "x")).status()).isEqualTo(403);
        assertThat(outsider.get("/api/desk/report?scope=city").status()).isEqualTo(403);
        assertThat(outsider.get("/api/desk/report.csv").status()).isEqualTo(403);
        assertThat(outsider.post("/api/desk/purge", "{}").status()).isEqualTo(403);
    }

    @Test
    void aCaseInTwoCategoriesCountsInBothAndMonthsAreJapanTimeMonths() {
        String deskId = desk(OrganizationKind.SUPPORT_CENTER, "テスト包括C");
        ApiClient api = login(newUserIn(Profession.SOCIAL_WORKER, deskId));
        create(api, "2026-11-30T23:30+09:00", "[\"home_nursing\",\"end_of_life\"]", "看取りの相談");
        create(api, "2026-12-01T00:10+09:00", "[\"home_nursing\"]", "訪問看護の相談");
        // The same moments in UTC: 14:30 and 15:10 on 30 November.
        create(api, "2026-11-30T15:10Z", "[\"pharmacy\"]", "薬局の相談");

        JsonNode nov = api.get("/api/desk/report?month=2026-11").json().path("desks").get(0);
        assertThat(nov.path("cases").asInt()).isEqualTo(1);
        assertThat(nov.path("byCategory").path("home_nursing").asInt()).isEqualTo(1);
        assertThat(nov.path("byCategory").path("end_of_life").asInt()).isEqualTo(1);
        assertThat(nov.path("byConsulterType").path("care_manager").asInt()).isEqualTo(1);

        JsonNode dec = api.get("/api/desk/report?month=2026-12").json().path("desks").get(0);
        assertThat(dec.path("cases").asInt()).isEqualTo(2);
        assertThat(dec.path("byCategory").path("home_nursing").asInt()).isEqualTo(1);
        assertThat(dec.path("byCategory").path("pharmacy").asInt()).isEqualTo(1);
        assertThat(dec.path("byCategory").path("end_of_life").asInt()).isZero();
    }

    @Test
    void theCsvIsUtf8WithBomAndCrlfInTheCityLayout() {
        String deskName = "テスト区役所 高齢福祉課 " + UUID.randomUUID().toString().substring(0, 6);
        String deskId = desk(OrganizationKind.MUNICIPALITY, deskName);
        ApiClient api = login(newUserIn(Profession.MUNICIPAL_STAFF, deskId));
        create(api, "2026-09-10T10:00+09:00", "[\"home_nursing\",\"end_of_life\"]", "相談");
        var r = api.getBytes("/api/desk/report.csv?month=2026-09&scope=city");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/csv").contains("UTF-8");
        assertThat(r.headers().firstValue("content-disposition").orElse(""))
                .isEqualTo("attachment; filename=\"desk-report-2026-09-city.csv\"");
        byte[] bytes = r.body();
        assertThat(bytes[0]).isEqualTo((byte) 0xEF);
        assertThat(bytes[1]).isEqualTo((byte) 0xBB);
        assertThat(bytes[2]).isEqualTo((byte) 0xBF);
        String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(csv).endsWith("\r\n");
        assertThat(csv.replace("\r\n", "")).doesNotContain("\n");
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("在宅医療・介護連携 相談窓口 月報,2026年9月");
        assertThat(lines[1]).startsWith("区分,項目,").endsWith(",合計").contains(deskName);
        int column = java.util.Arrays.asList(lines[1].split(",")).indexOf(deskName);
        String[] cases = lines[2].split(",");
        assertThat(cases[0]).isEqualTo("相談件数");
        assertThat(cases[column]).isEqualTo("1");
        assertThat(csv).contains("\r\n相談者,ケアマネジャー,");
        String nursing = java.util.Arrays.stream(lines).filter(l -> l.startsWith("相談内容,訪問看護,")).findFirst().orElseThrow();
        assertThat(nursing.split(",")[column]).isEqualTo("1");
        String endOfLife = java.util.Arrays.stream(lines).filter(l -> l.startsWith("相談内容,看取り,")).findFirst().orElseThrow();
        assertThat(endOfLife.split(",")[column]).isEqualTo("1");
        // 7 consulter types, then every category; nothing of the case's contents.
        assertThat(lines.length).isEqualTo(3 + 7 + new DeskCategoriesView(api).count());
        assertThat(csv).doesNotContain("北 花子");
        assertThat(DeskReports.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    }

    /** The categories the server offers (for counting the CSV's rows). */
    private record DeskCategoriesView(ApiClient api) {
        int count() {
            return api.get("/api/desk/me").json().path("categories").size();
        }
    }

    @Test
    void badInputIsRefusedWithTheDocumentedErrorAndNothingIsStored() {
        String deskId = desk(OrganizationKind.SUPPORT_CENTER, "テスト包括D");
        ApiClient api = login(newUserIn(Profession.CARE_MANAGER, deskId));
        long before = db.getCollection(Collections.DESK_CASES).countDocuments(Filters.eq("deskId", deskId));

        ApiClient.Response big = api.post("/api/desk/cases", body(null, "[\"dental\"]", "あ".repeat(4001)));
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.json().path("code").asString()).isEqualTo("INVALID_FIELD");
        assertThat(big.body()).contains("\"field\":\"text\"").contains("too_long");

        ApiClient.Response huge = api.post("/api/desk/cases", body(null, "[\"dental\"]", "x".repeat(70 * 1024)));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().path("code").asString()).isEqualTo("TOO_LARGE");

        ApiClient.Response unknown = api.post("/api/desk/cases", body(null, "[\"no_such_category\"]", "x"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"field\":\"categories\"").contains("not_allowed");

        ApiClient.Response badEnums = api.post("/api/desk/cases", body(null, "[\"dental\"]", "x")
                .replace("\"phone\"", "\"telegram\"").replace("\"care_manager\"", "\"boss\"").replace("\"80s\"", "\"eighty\""));
        assertThat(badEnums.status()).isEqualTo(400);
        assertThat(badEnums.body()).contains("\"field\":\"channel\"").contains("\"field\":\"consulterType\"")
                .contains("\"field\":\"subject.ageBand\"");

        ApiClient.Response future = api.post("/api/desk/cases", body("2099-01-01T00:00+09:00", "[\"dental\"]", "x"));
        assertThat(future.body()).contains("in_the_future");
        ApiClient.Response badDate = api.post("/api/desk/cases", body("yesterday", "[\"dental\"]", "x"));
        assertThat(badDate.body()).contains("\"field\":\"occurredAt\"").contains("bad_format");
        ApiClient.Response tooMany = api.post("/api/desk/cases", body(null, "[\"dental\"]", "x")
                .replace("[{\"due\"", "[" + "{\"due\":\"2026-12-01\",\"what\":\"a\"},".repeat(10) + "{\"due\""));
        assertThat(tooMany.body()).contains("\"field\":\"followUps\"").contains("too_many");
        ApiClient.Response control = api.post("/api/desk/cases", body(null, "[\"dental\"]", "a\\u0007b"));
        assertThat(control.body()).contains("bad_format");
        assertThat(api.post("/api/desk/cases", "{\"channel\":\"phone\",\"extra\":1}").status()).isEqualTo(400);
        assertThat(api.get("/api/desk/report?month=2026-13").status()).isEqualTo(400);
        assertThat(api.get("/api/desk/report?scope=everything").status()).isEqualTo(400);
        assertThat(api.get("/api/desk/cases?status=maybe").status()).isEqualTo(400);

        assertThat(db.getCollection(Collections.DESK_CASES).countDocuments(Filters.eq("deskId", deskId))).isEqualTo(before);
        assertThat(db.getCollection(Collections.DESK_CASE_EVENTS).countDocuments(Filters.eq("deskId", deskId))).isZero();
        assertThat(api.get("/api/desk/cases").json().path("cases")).isEmpty();
    }

    @Test
    void everyReadIsAuditedAndContentsAreEncryptedAtRest() {
        String deskId = desk(OrganizationKind.SUPPORT_CENTER, "テスト包括E");
        UserAccount worker = newUserIn(Profession.MUNICIPAL_STAFF, deskId);
        UserAccount other = newUserIn(Profession.MUNICIPAL_STAFF, desk(OrganizationKind.SUPPORT_CENTER, "テスト包括F"));
        ApiClient api = login(worker);
        String secret = "成年後見の診断書 " + UUID.randomUUID();
        String id = create(api, null, "[\"clinic\"]", secret).path("id").asString();

        assertThat(api.get("/api/desk/cases/" + id).status()).isEqualTo(200);
        assertThat(db.getCollection(Collections.AUDIT).countDocuments(Filters.and(Filters.eq("actor", worker.id()),
                Filters.eq("action", "desk.case.read"), Filters.eq("resource", id), Filters.eq("allowed", true))))
                .isEqualTo(1);
        assertThat(login(other).get("/api/desk/cases/" + id).status()).isEqualTo(404);
        assertThat(db.getCollection(Collections.AUDIT).countDocuments(Filters.and(Filters.eq("actor", other.id()),
                Filters.eq("action", "desk.case.read"), Filters.eq("resource", id), Filters.eq("allowed", false))))
                .isEqualTo(1);
        // A list that shows the case records a read of it (batched: written within a moment).
        api.get("/api/desk/cases");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        long listed = 0;
        while (listed == 0 && Instant.now().isBefore(deadline)) {
            listed = db.getCollection(Collections.AUDIT).countDocuments(Filters.and(Filters.eq("actor", worker.id()),
                    Filters.eq("action", "desk.case.list"), Filters.eq("resource", id)));
            Thread.onSpinWait();
        }
        assertThat(listed).isEqualTo(1);

        Document raw = db.getCollection(Collections.DESK_CASES).find(Filters.eq("_id", id)).first();
        assertThat(raw).isNotNull();
        assertThat(raw.toJson()).doesNotContain(secret).doesNotContain("成年後見").doesNotContain("北 花子")
                .doesNotContain("訪問看護ステーションを紹介").doesNotContain("結果を確認");
        assertThat(raw.get("sealed")).isNotNull();
        for (Document ev : db.getCollection(Collections.DESK_CASE_EVENTS).find(Filters.eq("caseId", id))) {
            assertThat(ev.toJson()).doesNotContain("成年後見").doesNotContain("北 花子");
        }
        // A sealed content moved to another case does not open.
        String id2 = create(api, null, "[\"clinic\"]", "別の相談").path("id").asString();
        db.getCollection(Collections.DESK_CASES).updateOne(Filters.eq("_id", id2),
                new Document("$set", new Document("sealed", raw.get("sealed"))));
        ApiClient.Response moved = api.get("/api/desk/cases/" + id2);
        assertThat(moved.status()).isEqualTo(500);
        assertThat(moved.json().path("code").asString()).isEqualTo("CONTENT_UNREADABLE");
        assertThat(moved.body()).doesNotContain("成年後見");
    }

    @Test
    void casesPastRetentionArePurgedWithAllTheirVersions() {
        String deskId = desk(OrganizationKind.SUPPORT_CENTER, "テスト包括G");
        ApiClient api = login(newUserIn(Profession.MUNICIPAL_STAFF, deskId));
        String id = create(api, null, "[\"other\"]", "古い相談").path("id").asString();
        Instant now = service.now();
        assertThat(retention.years()).isEqualTo(5);
        // Not yet: four years and a half later.
        retention.purgeExpired("test", now.plus(Duration.ofDays(365 * 4 + 180)));
        assertThat(db.getCollection(Collections.DESK_CASES).countDocuments(Filters.eq("_id", id))).isEqualTo(1);
        // Five years and a day later (Japan time).
        int purged = retention.purgeExpired("test", now.plus(Duration.ofDays(365 * 5 + 2)));
        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(db.getCollection(Collections.DESK_CASES).countDocuments(Filters.eq("_id", id))).isZero();
        assertThat(db.getCollection(Collections.DESK_CASE_EVENTS).countDocuments(Filters.eq("caseId", id))).isZero();
        assertThat(api.get("/api/desk/cases/" + id).status()).isEqualTo(404);
        assertThat(db.getCollection(Collections.AUDIT).countDocuments(Filters.and(Filters.eq("action", "desk.case.purge"),
                Filters.eq("resource", id)))).isEqualTo(1);
    }

    @Test
    void providersAreFoundAndRecordedAndTheCaseIsHandedOverOnlyWithConsent() {
        String deskId = desk(OrganizationKind.SUPPORT_CENTER, "テスト包括H");
        UserAccount worker = newUserIn(Profession.MUNICIPAL_STAFF, deskId);
        ApiClient api = login(worker);
        String station = "o-vns-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(station, "テスト訪問看護 " + station, OrganizationKind.HOME_NURSING_STATION, "南区"));
        JsonNode found = api.get("/api/desk/providers?capability=home_nursing&area=" + enc("南区")).json().path("providers");
        assertThat(found.toString()).contains(station);
        assertThat(api.get("/api/desk/providers?capability=home_nursing&area=" + enc("東区")).json().path("providers").toString())
                .doesNotContain(station);
        assertThat(api.get("/api/desk/providers?capability=ventilator_wizard").status()).isEqualTo(400);

        String id = create(api, null, "[\"home_nursing\"]", "訪問看護を探している").path("id").asString();
        ApiClient.Response intro = api.post("/api/desk/cases/" + id + "/providers",
                "{\"version\":1,\"organizationIds\":[\"" + station + "\"]}");
        assertThat(intro.status()).as(intro.body()).isEqualTo(200);
        assertThat(intro.json().path("providers").get(0).path("name").asString()).isEqualTo("テスト訪問看護 " + station);
        assertThat(api.post("/api/desk/cases/" + id + "/providers", "{\"version\":2,\"organizationIds\":[\"o-none\"]}")
                .body()).contains("not_found");

        // Without consent: refused, nothing stored.
        ApiClient.Response noConsent = api.post("/api/desk/cases/" + id + "/handover",
                "{\"version\":2,\"kind\":\"referral\",\"organizationId\":\"" + station + "\"}");
        assertThat(noConsent.status()).isEqualTo(409);
        assertThat(noConsent.json().path("code").asString()).isEqualTo("CONSENT_REQUIRED");
        String consent = "\"consent\":{\"given\":true,\"by\":\"family\",\"method\":\"verbal\",\"date\":\"2026-12-01\"}";
        // A room the worker is not a member of is not found.
        UserAccount nurse = newUser(Profession.NURSE);
        String foreignRoom = newPatientRoom(nurse);
        assertThat(api.post("/api/desk/cases/" + id + "/handover", "{\"version\":2,\"kind\":\"room\",\"roomId\":\""
                + foreignRoom + "\"," + consent + "}").json().path("code").asString()).isEqualTo("ROOM_NOT_FOUND");
        ApiClient.Response referral = api.post("/api/desk/cases/" + id + "/handover",
                "{\"version\":2,\"kind\":\"referral\",\"organizationId\":\"" + station + "\"," + consent + "}");
        assertThat(referral.status()).as(referral.body()).isEqualTo(200);
        JsonNode h = referral.json().path("handovers").get(0);
        assertThat(h.path("kind").asString()).isEqualTo("referral");
        assertThat(h.path("consent").path("by").asString()).isEqualTo("family");
        // A room the worker is a member of is linked; nothing is written into the room.
        String ownRoom = newPatientRoom(nurse, worker);
        long head = rooms.headOf(ownRoom);
        ApiClient.Response linked = api.post("/api/desk/cases/" + id + "/handover",
                "{\"version\":3,\"kind\":\"room\",\"roomId\":\"" + ownRoom + "\"," + consent + "}");
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
        assertThat(linked.json().path("handovers")).hasSize(2);
        assertThat(rooms.headOf(ownRoom)).isEqualTo(head);
        assertThat(api.get("/api/desk/cases/" + id).json().path("history")).hasSize(4);
    }

    @Test
    void categoriesAreRenamedByTheCityAndCountsStayAttached() {
        String cityId = desk(OrganizationKind.MUNICIPALITY, "テスト市 高齢福祉課");
        ApiClient city = login(newUserIn(Profession.MUNICIPAL_STAFF, cityId));
        ApiClient.Response added = city.post("/api/desk/categories", "{\"name\":\"成年後見 " + UUID.randomUUID().toString().substring(0, 6) + "\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String catId = added.json().path("id").asString();
        create(city, "2026-08-03T10:00+09:00", "[\"" + catId + "\"]", "後見の相談");
        ApiClient.Response renamed = city.put("/api/desk/categories/" + catId, "{\"name\":\"権利擁護 " + catId + "\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        JsonNode report = city.get("/api/desk/report?month=2026-08").json();
        assertThat(report.path("desks").get(0).path("byCategory").path(catId).asInt()).isEqualTo(1);
        assertThat(report.path("categories").toString()).contains("権利擁護 " + catId);
        assertThat(city.post("/api/desk/categories", "{\"name\":\"その他\"}").body()).contains("duplicate");
        ApiClient center = login(newUserIn(Profession.MUNICIPAL_STAFF, desk(OrganizationKind.SUPPORT_CENTER, "テスト包括I")));
        assertThat(center.post("/api/desk/categories", "{\"name\":\"勝手な分類\"}").status()).isEqualTo(403);
    }

    /**
     * With the provider directory, the desk finds who can do what (人工呼吸器), also providers the city listed
     * that are not on Renkei, and records them by the directory entry's id; kinds still answer as before.
     */
    @Test
    void theDeskFindsProvidersByCapabilityInTheDirectory() {
        String deskId = desk(OrganizationKind.SUPPORT_CENTER, "テスト包括D");
        UserAccount worker = newUserIn(Profession.MUNICIPAL_STAFF, deskId);
        ApiClient operator = login(newUser(Profession.OPERATOR));
        String town = "試験市" + UUID.randomUUID().toString().substring(0, 6);
        String name = "人工呼吸器に強い訪看 " + town;
        ApiClient.Response listed = operator.post("/api/directory/providers", "{\"name\":\"" + name
                + "\",\"kind\":\"home_nursing_station\",\"address\":\"" + town + "1-2-3\","
                + "\"areas\":[{\"municipality\":\"" + town + "\",\"district\":null}],\"hours\":\"月〜金\","
                + "\"phone\":\"086-000-0001\",\"fax\":null,\"directLine\":null,\"capabilities\":[\"ventilator\"],"
                + "\"acceptance\":\"accepting\",\"note\":null}");
        assertThat(listed.status()).as(listed.body()).isEqualTo(201);
        String entryId = listed.json().path("id").asString();

        ApiClient api = login(worker);
        assertThat(api.get("/api/desk/me").json().path("capabilities").toString()).contains("ventilator", "home_nursing");
        JsonNode found = api.get("/api/desk/providers?capability=ventilator&area=" + enc(town)).json().path("providers");
        assertThat(found.toString()).contains(entryId, name);
        assertThat(api.get("/api/desk/providers?capability=dialysis&area=" + enc(town)).json().path("providers")
                .toString()).doesNotContain(entryId);

        String id = create(api, null, "[\"home_nursing\"]", "人工呼吸器の方を受けてくれる訪問看護").path("id").asString();
        ApiClient.Response intro = api.post("/api/desk/cases/" + id + "/providers",
                "{\"version\":1,\"organizationIds\":[\"" + entryId + "\"]}");
        assertThat(intro.status()).as(intro.body()).isEqualTo(200);
        assertThat(intro.json().path("providers").get(0).path("name").asString()).isEqualTo(name);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
