package jp.renkei.server.directory;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.MovableClock;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The provider directory over its HTTP API: search (capabilities AND, area, accepting now), freshness and
 * staleness on the moved clock, the public/professional split (a professional-only field never reaches
 * the public answer), who edits what, CSV import errors and round trip, and the audit of every change.
 * Each test works in a municipality of its own, so tests do not see each other's entries.
 */
@Import(MovableClock.class)
// The minute check is driven by the tests themselves (sendDue after moving the clock).
@TestPropertySource(properties = {"renkei.notify.allow-insecure-endpoints=true", "renkei.notify.deferred-check-seconds=3600"})
class DirectoryTest extends ServerTestBase {

    @Autowired
    MongoDatabase db;

    @AfterEach
    void resetClock() {
        MovableClock.reset();
    }

    private static String town() {
        return "試験市" + UUID.randomUUID().toString().substring(0, 6);
    }

    private UserAccount adminOf(String orgId) {
        if (accounts.findOrganization(orgId).isEmpty()) {
            accounts.saveOrganization(new Organization(orgId, "テスト訪看 " + orgId, OrganizationKind.HOME_NURSING_STATION, "北区"));
        }
        return newUserIn(Profession.FACILITY_ADMIN, orgId);
    }

    private static String profile(String name, String town, String district, String acceptance, List<String> caps,
                                  String extra) {
        StringBuilder c = new StringBuilder();
        for (String cap : caps) {
            c.append(c.isEmpty() ? "" : ",").append('"').append(cap).append('"');
        }
        return "{\"name\":\"" + name + "\",\"kind\":\"home_nursing_station\",\"address\":\"" + town + "1-2-3\","
                + "\"areas\":[{\"municipality\":\"" + town + "\",\"district\":" + (district == null ? "null" : "\"" + district + "\"") + "}],"
                + "\"hours\":\"月〜金 9:00–18:00\",\"phone\":\"086-000-0001\",\"fax\":\"086-000-0002\","
                + "\"directLine\":\"086-999-7777\",\"capabilities\":[" + c + "],\"acceptance\":\"" + acceptance + "\","
                + "\"note\":\"連携メモ：夜間は携帯へ\"" + extra + "}";
    }

    private String create(ApiClient operator, String body, String orgId) {
        ApiClient.Response r = operator.post("/api/directory/providers" + (orgId == null ? "" : "?organizationId=" + orgId), body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    private static List<String> names(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("entries").forEach(e -> out.add(e.path("name").asString()));
        return out;
    }

    @Test
    void searchNeedsEveryCapabilityTheAreaAndAcceptingNow() {
        ApiClient operator = login(newUser(Profession.OPERATOR));
        ApiClient nurse = login(newUser(Profession.NURSE));
        String town = town();
        create(operator, profile("あ訪看", town, null, "accepting", List.of("ventilator", "pediatric"), ""), null);
        create(operator, profile("い訪看", town, "中央小学校区", "accepting", List.of("ventilator"), ""), null);
        create(operator, profile("う訪看", town, "石井小学校区", "consult", List.of("ventilator", "pediatric"), ""), null);
        create(operator, profile("え訪看", town(), null, "accepting", List.of("ventilator", "pediatric"), ""), null);

        String base = "/api/directory/providers?municipality=" + enc(town);
        assertThat(names(nurse.get(base).json())).containsExactly("あ訪看", "い訪看", "う訪看");
        // All of several capabilities (AND), given as repeated parameters or comma-separated.
        assertThat(names(nurse.get(base + "&capability=ventilator&capability=pediatric").json())).containsExactly("あ訪看", "う訪看");
        assertThat(names(nurse.get(base + "&capability=ventilator,pediatric").json())).containsExactly("あ訪看", "う訪看");
        // A district: entries serving it, and those serving the whole municipality.
        assertThat(names(nurse.get(base + "&district=" + enc("中央小学校区")).json())).containsExactly("あ訪看", "い訪看");
        // Accepting now: 可 only (要相談 is not).
        assertThat(names(nurse.get(base + "&capability=pediatric&accepting=true").json())).containsExactly("あ訪看");
        // Unknown capabilities and bad flags are refused, not ignored.
        assertThat(nurse.get(base + "&capability=teleportation").status()).isEqualTo(400);
        assertThat(nurse.get(base + "&accepting=yes").status()).isEqualTo(400);
    }

    @Test
    void freshnessAndStalenessFollowTheClockInJapanTimeAndTheAdministratorIsTold() {
        ApiClient operator = login(newUser(Profession.OPERATOR));
        String orgId = "o-dir-" + UUID.randomUUID().toString().substring(0, 6);
        UserAccount admin = adminOf(orgId);
        ApiClient adminApi = login(admin);
        UserAccount nurseUser = newUser(Profession.NURSE);
        ApiClient nurse = login(nurseUser);
        String town = town();
        String id = create(operator, profile("みどり試験", town, null, "accepting", List.of("home_oxygen"), ""), orgId);

        JsonNode fresh = nurse.get("/api/directory/providers/" + id).json();
        assertThat(fresh.path("ageDays").asLong()).isZero();
        assertThat(fresh.path("stale").asBoolean()).isFalse();
        assertThat(adminApi.get("/api/directory/providers/mine").json().path("entries").get(0).path("stale").asBoolean()).isFalse();

        // Sessions end after days of idleness: sign in again after each jump of the clock.
        MovableClock.advance(Duration.ofDays(3));
        nurse = login(nurseUser);
        assertThat(nurse.get("/api/directory/providers/" + id).json().path("ageDays").asLong()).isBetween(3L, 4L);

        MovableClock.advance(Duration.ofDays(28)); // 31 days: past the default 30
        nurse = login(nurseUser);
        adminApi = login(admin);
        JsonNode old = nurse.get("/api/directory/providers/" + id).json();
        assertThat(old.path("stale").asBoolean()).isTrue();
        // A stale 可 is not "accepting now".
        String accepting = "/api/directory/providers?accepting=true&municipality=" + enc(town);
        assertThat(names(nurse.get(accepting).json())).isEmpty();
        // The administrator's banner: their own entry, stale.
        JsonNode mine = adminApi.get("/api/directory/providers/mine").json();
        assertThat(mine.path("entries").get(0).path("id").asString()).isEqualTo(id);
        assertThat(mine.path("entries").get(0).path("stale").asBoolean()).isTrue();

        // Confirming (unchanged) makes it fresh again.
        ApiClient.Response confirmed = adminApi.post("/api/directory/providers/" + id + "/confirm", "{}");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().path("stale").asBoolean()).isFalse();
        assertThat(confirmed.json().path("ageDays").asLong()).isZero();
        assertThat(names(nurse.get(accepting).json())).containsExactly("みどり試験");
    }

    @Test
    void ageDaysCountsJapanCalendarDays() {
        var zone = java.time.ZoneId.of("Asia/Tokyo");
        // 23:30 JST on one day to 00:30 JST the next is one day, though only an hour passed.
        assertThat(DirectoryRules.ageDays(java.time.Instant.parse("2026-12-07T14:30:00Z"),
                java.time.Instant.parse("2026-12-07T15:30:00Z"), zone)).isEqualTo(1);
        assertThat(DirectoryRules.ageDays(java.time.Instant.parse("2026-12-07T00:00:00Z"),
                java.time.Instant.parse("2026-12-07T14:59:00Z"), zone)).isZero();
        assertThat(DirectoryRules.stale(java.time.Instant.parse("2026-11-01T00:00:00Z"),
                java.time.Instant.parse("2026-12-01T00:00:00Z"), zone, 30)).isFalse();
        assertThat(DirectoryRules.stale(java.time.Instant.parse("2026-11-01T00:00:00Z"),
                java.time.Instant.parse("2026-12-02T00:00:00Z"), zone, 30)).isTrue();
    }

    @Test
    void theAnswerWithoutSignInHasOnlyPublicFieldsAndNothingElseIsOpen() {
        ApiClient operator = login(newUser(Profession.OPERATOR));
        String town = town();
        // Public: address, hours, phone, capabilities (not fax, not acceptance). Professional only, always:
        // the direct line, the note, contact windows.
        create(operator, profile("公開試験", town, null, "accepting", List.of("dementia"),
                ",\"publicFields\":[\"address\",\"hours\",\"phone\",\"capabilities\"]"), null);
        ApiClient anonymous = new ApiClient(port);
        ApiClient.Response r = anonymous.get("/api/public/directory?municipality=" + enc(town));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode e = r.json().path("entries").get(0);
        assertThat(e.path("name").asString()).isEqualTo("公開試験");
        assertThat(e.path("phone").asString()).isEqualTo("086-000-0001");
        assertThat(e.has("confirmedAt")).isTrue();
        assertThat(r.body()).doesNotContain("086-999-7777", "連携メモ", "086-000-0002", "directLine", "\"note\"",
                "\"fax\"", "\"acceptance\"", "contactWindows", "organizationId", "version", "updatedBy");
        // The same entry for staff: everything.
        JsonNode staff = login(newUser(Profession.CARE_MANAGER)).get("/api/directory/providers?municipality=" + enc(town))
                .json().path("entries").get(0);
        assertThat(staff.path("directLine").asString()).isEqualTo("086-999-7777");
        assertThat(staff.path("fax").asString()).isEqualTo("086-000-0002");
        assertThat(staff.path("acceptance").asString()).isEqualTo("accepting");
        // A family account is signed in but gets only the public fields (policy DIR-2).
        UserAccount relative = newUser(Profession.FAMILY);
        String familyAnswer = login(relative).get("/api/directory/providers?municipality=" + enc(town)).body();
        assertThat(familyAnswer).contains("公開試験").doesNotContain("086-999-7777", "連携メモ", "086-000-0002");
        // Only that one GET is open without sign-in.
        assertThat(anonymous.get("/api/directory/providers?municipality=" + enc(town)).status()).isEqualTo(401);
        assertThat(anonymous.get("/api/directory/contact-windows?userIds=u-x").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/directory/providers/export.csv").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/public/directory", "{}").status()).isIn(401, 403);
        assertThat(anonymous.get("/api/public/other").status()).isEqualTo(401);
        // The answer is cacheable by anyone in front of the server; the page is served.
        var raw = anonymous.getBytes("/api/public/directory?municipality=" + enc(town));
        assertThat(raw.headers().firstValue("Cache-Control").orElse("")).contains("public", "max-age=60");
        assertThat(raw.headers().firstValue("Set-Cookie")).as("no session for the public").isEmpty();
        assertThat(anonymous.get("/public/directory").body()).contains("public-directory.js");
    }

    @Test
    void thePublicSearchIsLimitedPerAddressWithRetryAfter() {
        ApiClient anonymous = new ApiClient(port);
        ApiClient.Response limited = null;
        for (int i = 0; i < 130 && limited == null; i++) {
            ApiClient.Response r = anonymous.get("/api/public/directory?municipality=" + enc(town()));
            assertThat(r.status()).isIn(200, 429);
            if (r.status() == 429) {
                limited = r;
            }
        }
        assertThat(limited).as("a 429 after 60 requests in a minute").isNotNull();
        assertThat(limited.json().path("code").asString()).isEqualTo("RATE_LIMITED");
        var retry = anonymous.getBytes("/api/public/directory").headers().firstValue("Retry-After");
        assertThat(retry).isPresent();
        assertThat(Integer.parseInt(retry.get())).isBetween(1, 60);
        // The next minute the budget is back (and the other tests here are not limited).
        MovableClock.advance(Duration.ofMinutes(1));
        assertThat(anonymous.get("/api/public/directory").status()).isEqualTo(200);
        MovableClock.reset();
        assertThat(anonymous.get("/api/public/directory").status()).isEqualTo(200);
    }

    @Test
    void onlyTheOwnFacilityAdministratorEditsAProfileAndBadInputChangesNothing() {
        ApiClient operator = login(newUser(Profession.OPERATOR));
        String orgId = "o-dir-" + UUID.randomUUID().toString().substring(0, 6);
        ApiClient admin = login(adminOf(orgId));
        ApiClient otherAdmin = login(adminOf("o-dir-other-" + UUID.randomUUID().toString().substring(0, 6)));
        ApiClient nurse = login(newUser(Profession.NURSE));
        String town = town();
        String id = create(operator, profile("編集試験", town, null, "accepting", List.of(), ""), orgId);

        String change = profile("編集試験", town, null, "not_accepting", List.of("ventilator"), ",\"baseVersion\":1");
        assertThat(otherAdmin.put("/api/directory/providers/" + id, change).status()).isEqualTo(403);
        assertThat(nurse.put("/api/directory/providers/" + id, change).status()).isEqualTo(403);
        // Once linked to an organisation, the entry is its administrator's, not the operator's.
        assertThat(operator.put("/api/directory/providers/" + id, change).status()).isEqualTo(403);
        assertThat(nurse.post("/api/directory/providers", profile("x", town, null, "accepting", List.of(), "")).status())
                .isEqualTo(403);

        ApiClient.Response bad = admin.put("/api/directory/providers/" + id,
                profile("", town, null, "maybe", List.of("nonsense"), ",\"baseVersion\":1"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("name", "acceptance", "capabilities");
        assertThat(nurse.get("/api/directory/providers/" + id).json().path("version").asLong()).isEqualTo(1);

        ApiClient.Response ok = admin.put("/api/directory/providers/" + id, change);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("acceptance").asString()).isEqualTo("not_accepting");
        assertThat(ok.json().path("version").asLong()).isEqualTo(2);
        // A save based on the old version is refused.
        ApiClient.Response stale = admin.put("/api/directory/providers/" + id, change);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().path("code").asString()).isEqualTo("STALE_VERSION");

        // An entry of the city's list is handed over to an organisation once; then its administrator keeps it.
        String listed = create(operator, profile("一覧から", town, null, "consult", List.of(), ""), null);
        assertThat(nurse.put("/api/directory/providers/" + listed + "/organization", "{\"organizationId\":\"" + orgId + "\"}")
                .status()).isEqualTo(403);
        ApiClient.Response linked = operator.put("/api/directory/providers/" + listed + "/organization",
                "{\"organizationId\":\"" + orgId + "\"}");
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
        assertThat(operator.put("/api/directory/providers/" + listed + "/organization", "{\"organizationId\":\"" + orgId + "\"}")
                .body()).contains("already_linked");
        assertThat(admin.post("/api/directory/providers/" + listed + "/confirm", "{}").status()).isEqualTo(200);
        assertThat(operator.post("/api/directory/providers/" + listed + "/confirm", "{}").status()).isEqualTo(403);

        // The vocabulary is the operator's.
        assertThat(admin.put("/api/directory/vocabulary/hand_hygiene", "{\"ja\":\"手指衛生\",\"en\":\"Hand hygiene\"}").status())
                .isEqualTo(403);
        ApiClient.Response added = operator.put("/api/directory/vocabulary/wound_care", "{\"ja\":\"褥瘡ケア\",\"en\":\"Wound care\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(nurse.get("/api/directory/vocabulary").body()).contains("wound_care", "褥瘡ケア");
        assertThat(nurse.get("/api/directory/providers?capability=wound_care").status()).isEqualTo(200);
    }

    @Test
    void everyChangeAndRefusalIsAudited() {
        UserAccount op = newUser(Profession.OPERATOR);
        ApiClient operator = login(op);
        String orgId = "o-dir-" + UUID.randomUUID().toString().substring(0, 6);
        UserAccount adminUser = adminOf(orgId);
        UserAccount nurseUser = newUser(Profession.NURSE);
        String id = create(operator, profile("監査試験", town(), null, "consult", List.of(), ""), orgId);
        login(adminUser).post("/api/directory/providers/" + id + "/confirm", "{\"acceptance\":\"accepting\"}");
        login(nurseUser).post("/api/directory/providers/" + id + "/confirm", "{}");
        assertThat(audited(op.id(), "directory.create", id, true)).isTrue();
        assertThat(audited(adminUser.id(), "directory.confirm", id, true)).isTrue();
        assertThat(audited(nurseUser.id(), "directory.confirm", id, false)).isTrue();
    }

    private boolean audited(String actor, String action, String resource, boolean allowed) {
        return db.getCollection("audit").find(and(eq("actor", actor), eq("action", action), eq("resource", resource),
                eq("allowed", allowed))).first() != null;
    }

    @Test
    void aCsvWithErrorsStoresNothingAndListsEveryBadRow() {
        ApiClient operator = login(newUser(Profession.OPERATOR));
        String town = town();
        String csv = "name,kind,areas,capabilities,acceptance,phone\r\n"
                + "よい訪看," + "訪問看護ステーション," + town + ",人工呼吸器;小児,可,086-111-2222\r\n"
                + ",pharmacy," + town + ",,可,\r\n"
                + "わるい薬局,spaceship," + town + ",テレポート,たぶん,abc\r\n";
        ApiClient.Response r = operator.postBytes("/api/directory/providers/import", csv.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("rows[3].name", "rows[4].kind", "rows[4].capabilities", "rows[4].acceptance",
                "rows[4].phone").doesNotContain("rows[2]");
        ApiClient nurse = login(newUser(Profession.NURSE));
        assertThat(names(nurse.get("/api/directory/providers?municipality=" + enc(town)).json())).isEmpty();
        // Unknown columns are refused before any row.
        ApiClient.Response header = operator.postBytes("/api/directory/providers/import",
                "name,kind,areas,acceptance,colour\r\n".getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(header.status()).isEqualTo(400);
        assertThat(header.body()).contains("header.colour");
        // Only the operator imports.
        assertThat(nurse.postBytes("/api/directory/providers/import", csv.getBytes(StandardCharsets.UTF_8), "text/csv").status())
                .isEqualTo(403);
    }

    @Test
    void anExportImportsBackUnchangedAndAnEditedCellUpdatesTheEntry() {
        ApiClient operator = login(newUser(Profession.OPERATOR));
        String town = town();
        String csv = "\uFEFFname,kind,areas,capabilities,acceptance,phone,note,hours\n"
                + "\"丸める訪看, 本店\",訪問看護ステーション," + town + ":中央小学校区;" + town + ":石井小学校区,人工呼吸器;24時間対応,要相談,０８６ー１１１ー２２２２,\"=SUM(A1)\n二行目\",月〜金\n";
        ApiClient.Response r = operator.postBytes("/api/directory/providers/import", csv.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("stored").asInt()).isEqualTo(1);
        String id = r.json().path("ids").get(0).asString();

        var export = operator.getBytes("/api/directory/providers/export.csv");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
        byte[] bytes = export.body();
        assertThat(bytes[0] & 0xFF).isEqualTo(0xEF); // UTF-8 byte-order mark for Excel
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("\r\n").contains("\"'=SUM(A1)\n二行目\"");
        String line = text.lines().filter(l -> l.startsWith("\"" + id + "\"")).findFirst().orElseThrow();
        assertThat(line).contains("\"丸める訪看, 本店\"", "ventilator;around_the_clock", "\"consult\"");
        // Full-width digits and the long-vowel dash of a Japanese list are stored as a plain number.
        assertThat(line).contains("\"086-111-2222\"");

        // This entry's record as exported (records end with CRLF; the note's own line break is LF), under
        // the header: other tests' entries in this shared database may carry dates of a moved clock.
        String[] records = text.split("\r\n");
        String own = records[0] + "\r\n" + java.util.Arrays.stream(records).filter(rec -> rec.startsWith("\"" + id + "\""))
                .findFirst().orElseThrow() + "\r\n";
        JsonNode before = operator.get("/api/directory/providers/" + id).json();
        ApiClient.Response again = operator.postBytes("/api/directory/providers/import", own.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("stored").asInt()).as("unchanged rows are skipped").isZero();
        JsonNode after = operator.get("/api/directory/providers/" + id).json();
        for (String f : List.of("name", "kind", "address", "areas", "hours", "phone", "capabilities", "acceptance", "note",
                "publicFields", "ageDays", "version", "confirmedAt")) {
            assertThat(after.path(f)).as(f).isEqualTo(before.path(f));
        }
        assertThat(after.path("note").asString()).isEqualTo("=SUM(A1)\n二行目");

        String edited = own.replace("\"consult\"", "\"accepting\"");
        assertThat(operator.postBytes("/api/directory/providers/import", edited.getBytes(StandardCharsets.UTF_8), "text/csv")
                .status()).isEqualTo(200);
        assertThat(operator.get("/api/directory/providers/" + id).json().path("acceptance").asString()).isEqualTo("accepting");
    }

    @Test
    void contactWindowsAreEachPersonsOwnAndValidated() {
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        ApiClient api = login(doctor);
        ApiClient.Response bad = api.put("/api/directory/contact-windows/me",
                "{\"slots\":[{\"day\":\"tuesday\",\"start\":\"25:00\",\"end\":\"14:00\",\"channel\":\"pigeon\"}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("slots[0].day", "slots[0].start", "slots[0].channel");
        ApiClient.Response ok = api.put("/api/directory/contact-windows/me",
                "{\"slots\":[{\"day\":\"tue\",\"start\":\"13:00\",\"end\":\"14:00\",\"channel\":\"phone\"},"
                        + "{\"day\":\"thu\",\"start\":\"13:00\",\"end\":\"14:00\",\"channel\":\"phone\"}],\"note\":\"外来後に\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        JsonNode seen = login(newUser(Profession.CARE_MANAGER)).get("/api/directory/contact-windows?userIds=" + doctor.id()).json();
        assertThat(seen.path("people").get(0).path("slots")).hasSize(2);
        assertThat(seen.path("people").get(0).path("note").asString()).isEqualTo("外来後に");
        // Family and facility administrators neither set their own nor read others'.
        assertThat(login(newUser(Profession.FAMILY)).get("/api/directory/contact-windows?userIds=" + doctor.id()).status())
                .isEqualTo(403);
        assertThat(login(newUser(Profession.FACILITY_ADMIN)).put("/api/directory/contact-windows/me", "{\"slots\":[]}").status())
                .isEqualTo(403);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
