package jp.renkei.server.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ApiClient.Response;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestStompClient.Frame;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The visit calendar over HTTP and STOMP: staff and family views, live delivery, bad input, feeds. */
class CalendarApiTest extends ServerTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    jp.renkei.server.audit.AuditTrail audit;
    @org.springframework.beans.factory.annotation.Autowired
    com.mongodb.client.MongoDatabase db;

    private static final String NOTE = "褥瘡の処置あり、体重測定をお願いします";

    private final LocalDate monday = nextMonday();

    private static LocalDate nextMonday() {
        LocalDate d = LocalDate.now(CalendarRules.TOKYO).plusDays(1);
        while (d.getDayOfWeek() != java.time.DayOfWeek.MONDAY) {
            d = d.plusDays(1);
        }
        return d;
    }

    private String at(int plusDays, String time) {
        return monday.plusDays(plusDays) + "T" + time;
    }

    private String visitJson(String txnId, String start, String end, String rrule) {
        return """
                {"txnId":"%s","item":{"category":"home_nursing","profession":"nurse",
                 "organization":"みどり訪問看護ステーション","start":"%s","end":"%s",%s"visitorNote":"%s"}}"""
                .formatted(txnId, start, end, rrule == null ? "" : "\"rrule\":\"" + rrule + "\",", NOTE);
    }

    private String range() {
        return "?from=" + monday.minusDays(1) + "&to=" + monday.plusDays(20);
    }

    record Setup(UserAccount host, UserAccount nurse, UserAccount relative, String room) {
    }

    private Setup setup() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount relative = newUser(Profession.FAMILY);
        String room = newPatientRoom(host, nurse);
        inviteFamily(host, room, relative);
        return new Setup(host, nurse, relative, room);
    }

    @Test
    void staffSeeNotesFamilySeeWhoComesWhenAndChangesReachBothLive() {
        Setup s = setup();
        try (TestStompClient staff = connect(s.host()); TestStompClient fam = connect(s.relative())) {
            staff.subscribe("/room/" + s.room(), "r", Map.of("request-id", "sub-r"));
            assertThat(staff.reply("sub-r").path("type").asString()).isEqualTo("ok");
            fam.subscribe("/family/" + s.room(), "f", Map.of("request-id", "sub-f"));
            assertThat(fam.reply("sub-f").path("type").asString()).isEqualTo("ok");

            ApiClient nurse = login(s.nurse());
            Response added = nurse.post("/api/rooms/" + s.room() + "/calendar/items",
                    visitJson("t1", at(0, "10:00"), at(0, "11:00"), "FREQ=WEEKLY;BYDAY=MO,TH"));
            assertThat(added.status()).as(added.body()).isEqualTo(201);
            String itemId = added.json().path("itemId").asString();

            Frame staffEvent = staff.await(f -> "MESSAGE".equals(f.command()) && f.body().contains("calendar.item.added"));
            assertThat(staffEvent.json().path("content").path("itemId").asString()).isEqualTo(itemId);
            assertThat(staffEvent.json().path("content").path("item").path("visitorNote").asString()).isEqualTo(NOTE);
            Frame famEvent = fam.await(f -> "MESSAGE".equals(f.command()) && "f".equals(f.header("subscription")));
            assertThat(famEvent.json().path("type").asString()).isEqualTo("family.calendar");
            assertThat(famEvent.json().path("itemId").asString()).isEqualTo(itemId);
            assertThat(famEvent.json().path("item").path("organization").asString()).isEqualTo("みどり訪問看護ステーション");
            assertThat(famEvent.body()).doesNotContain(NOTE).doesNotContain("visitorNote").doesNotContain("sender");

            // A note goes to staff only; then a move reaches the family, with nothing in between.
            login(s.host()).post("/api/rooms/" + s.room() + "/calendar/items/" + itemId + "/occurrences/move",
                    "{\"txnId\":\"m0\",\"occurrence\":\"" + at(3, "10:00") + "\",\"start\":\"" + at(3, "15:00")
                            + "\",\"end\":\"" + at(3, "16:00") + "\"}");
            staff.call("/app/notes.post", Notes.post(s.room(), "n1", "家族には見せない記録"));
            Response moved = nurse.post("/api/rooms/" + s.room() + "/calendar/items/" + itemId + "/occurrences/move",
                    "{\"txnId\":\"m1\",\"occurrence\":\"" + at(7, "10:00") + "\",\"start\":\"" + at(8, "14:00")
                            + "\",\"end\":\"" + at(8, "15:00") + "\"}");
            assertThat(moved.status()).as(moved.body()).isEqualTo(200);
            List<Frame> famFrames = fam.drain(1500).stream()
                    .filter(f -> "MESSAGE".equals(f.command()) && "f".equals(f.header("subscription"))).toList();
            assertThat(famFrames).hasSize(2);
            assertThat(famFrames).allSatisfy(f -> assertThat(f.body()).doesNotContain("家族には見せない記録"));
            assertThat(famFrames.get(1).json().path("kind").asString()).isEqualTo("calendar.occurrence.moved");
            assertThat(famFrames.get(1).json().path("start").asString()).isEqualTo(at(8, "14:00"));
            assertThat(Long.parseLong(famFrames.get(1).header("seq")))
                    .isGreaterThan(Long.parseLong(famFrames.get(0).header("seq")));

            // Staff view: notes and statuses; family view: the same times without notes.
            JsonNode cal = nurse.get("/api/rooms/" + s.room() + "/calendar" + range()).json();
            JsonNode moved7 = find(cal.path("occurrences"), at(7, "10:00"));
            assertThat(moved7.path("status").asString()).isEqualTo("moved");
            assertThat(moved7.path("start").asString()).isEqualTo(at(8, "14:00"));
            assertThat(moved7.path("visitorNote").asString()).isEqualTo(NOTE);
            Response famCal = login(s.relative()).get("/api/rooms/" + s.room() + "/family-calendar" + range());
            assertThat(famCal.status()).isEqualTo(200);
            assertThat(famCal.body()).doesNotContain(NOTE).doesNotContain("visitorNote");
            assertThat(find(famCal.json().path("occurrences"), at(7, "10:00")).path("start").asString())
                    .isEqualTo(at(8, "14:00"));
            // The timeline has every change with its author.
            JsonNode page = nurse.get("/api/rooms/" + s.room() + "/events").json();
            assertThat(page.toString()).contains("calendar.item.added", "calendar.occurrence.moved");
        }
    }

    /**
     * Who comes (担当者) reaches the family only where the team chose it for that visit: the name, or
     * visitorShown with no name (担当者未定); by default only the kind of visit and the office.
     */
    @Test
    void theFamilySeesWhoComesOnlyWhereTheTeamAllowsIt() {
        Setup s = setup();
        ApiClient nurse = login(s.nurse());
        String base = "/api/rooms/" + s.room() + "/calendar/items";
        String item = """
                {"txnId":"%s","item":{"category":"home_nursing","profession":"nurse","organization":"みどり訪問看護ステーション",
                 "start":"%s","end":"%s","visitor":%s,"visitorForFamily":%s}}""";
        assertThat(nurse.post(base, item.formatted("v1", at(0, "09:00"), at(0, "10:00"), "\"山本 直子\"", "true")).status())
                .isEqualTo(201);
        assertThat(nurse.post(base, item.formatted("v2", at(1, "09:00"), at(1, "10:00"), "null", "true")).status())
                .isEqualTo(201);
        assertThat(nurse.post(base, item.formatted("v3", at(2, "09:00"), at(2, "10:00"), "\"小林 恵\"", "null")).status())
                .isEqualTo(201);

        JsonNode staff = nurse.get("/api/rooms/" + s.room() + "/calendar" + range()).json().path("occurrences");
        assertThat(find(staff, at(2, "09:00")).path("visitor").asString()).isEqualTo("小林 恵");
        assertThat(find(staff, at(2, "09:00")).path("visitorForFamily").asBoolean()).isFalse();

        Response fam = login(s.relative()).get("/api/rooms/" + s.room() + "/family-calendar" + range());
        JsonNode occ = fam.json().path("occurrences");
        assertThat(find(occ, at(0, "09:00")).path("visitor").asString()).isEqualTo("山本 直子");
        assertThat(find(occ, at(0, "09:00")).path("visitorShown").asBoolean()).isTrue();
        assertThat(find(occ, at(1, "09:00")).path("visitorShown").asBoolean()).isTrue();
        assertThat(find(occ, at(1, "09:00")).path("visitor").asString(null)).isNull();
        assertThat(find(occ, at(2, "09:00")).path("visitorShown").asBoolean()).isFalse();
        assertThat(fam.body()).as("a name the team did not share").doesNotContain("小林 恵");
    }

    @Test
    void familyNeverReachesTheStaffCalendarOrTimelineAndStrangersLearnNothing() {
        Setup s = setup();
        UserAccount stranger = newUser(Profession.NURSE);
        ApiClient fam = login(s.relative());
        ApiClient out = login(stranger);
        String base = "/api/rooms/" + s.room();
        Response staffCal = fam.get(base + "/calendar" + range());
        assertThat(staffCal.status()).isEqualTo(403);
        assertThat(staffCal.json().path("reason").asString()).isEqualTo("family_staff_channel");
        assertThat(fam.post(base + "/calendar/items", visitJson("f1", at(0, "10:00"), at(0, "11:00"), null)).status())
                .isEqualTo(403);
        assertThat(out.get(base + "/calendar" + range()).status()).isEqualTo(404);
        assertThat(out.get(base + "/family-calendar" + range()).status()).isEqualTo(404);
        assertThat(out.post(base + "/calendar/items", visitJson("s1", at(0, "10:00"), at(0, "11:00"), null)).status())
                .isEqualTo(404);
        assertThat(fam.get("/api/family/rooms").json().toString()).contains(s.room());
        assertThat(out.get("/api/family/rooms").json().toString()).doesNotContain(s.room());
        try (TestStompClient f = connect(s.relative()); TestStompClient o = connect(stranger)) {
            f.subscribe("/room/" + s.room(), "x", Map.of("request-id", "sub-x"));
            JsonNode denied = f.reply("sub-x");
            assertThat(denied.path("code").asString()).isEqualTo("FORBIDDEN");
            assertThat(denied.path("reason").asString()).isEqualTo("family_staff_channel");
            o.subscribe("/family/" + s.room(), "y", Map.of("request-id", "sub-y"));
            assertThat(o.reply("sub-y").path("code").asString()).isEqualTo("ROOM_NOT_FOUND");
        }
    }

    @Test
    void retriesAreAnsweredNotRepeatedAndBadInputStoresNothing() {
        Setup s = setup();
        ApiClient nurse = login(s.nurse());
        String items = "/api/rooms/" + s.room() + "/calendar/items";
        Response first = nurse.post(items, visitJson("same", at(0, "09:00"), at(0, "10:00"), null));
        Response again = nurse.post(items, visitJson("same", at(0, "09:00"), at(0, "10:00"), null));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("duplicate").asBoolean()).isTrue();
        assertThat(again.json().path("itemId").asString()).isEqualTo(first.json().path("itemId").asString());
        long head = rooms.headOf(s.room());

        assertError(nurse.post(items, visitJson("b1", at(0, "09:00"), at(0, "10:00"), "FREQ=HOURLY")), 400, "INVALID_RECURRENCE");
        assertError(nurse.post(items, visitJson("b2", at(0, "09:00"), at(0, "10:00"), "FREQ=DAILY;COUNT=99999")), 400, "INVALID_RECURRENCE");
        assertError(nurse.post(items, visitJson("b3", at(0, "10:00"), at(0, "09:00"), null)), 400, "INVALID_TIME_RANGE");
        assertError(nurse.post(items, visitJson("b4", at(0, "10:00"), at(2, "09:00"), null)), 400, "INVALID_TIME_RANGE");
        assertError(nurse.post(items, "{\"txnId\":\"b5\",\"item\":{\"category\":\"home_nursing\"}}"), 400, "INVALID_FIELD");
        assertError(nurse.get("/api/rooms/" + s.room() + "/calendar?from=2026-01-01&to=2026-12-31"), 400, "RANGE_TOO_LARGE");
        assertError(nurse.get("/api/agenda?from=2026-01-01&to=2027-12-31"), 400, "RANGE_TOO_LARGE");
        String itemId = first.json().path("itemId").asString();
        assertError(nurse.post(items + "/" + itemId + "/occurrences/cancel",
                "{\"txnId\":\"b6\",\"occurrence\":\"" + at(1, "09:00") + "\"}"), 404, "OCCURRENCE_NOT_FOUND");
        assertError(nurse.post(items + "/" + s.room() + ":999/cancel", "{\"txnId\":\"b7\"}"), 404, "CALENDAR_ITEM_NOT_FOUND");
        assertError(nurse.put(items + "/" + itemId, visitJson("b8", at(0, "09:00"), at(0, "10:00"), null)
                .replace("{\"txnId\"", "{\"baseVersion\":7,\"txnId\"")), 409, "STALE_VERSION");
        assertThat(rooms.headOf(s.room())).as("nothing stored").isEqualTo(head);
        // The add's entry rode on its event's insert and names the new item (the event's id); the retry
        // stored nothing and added no entry.
        audit.sync();
        assertThat(db.getCollection(jp.renkei.server.store.Collections.AUDIT)
                .find(com.mongodb.client.model.Filters.and(com.mongodb.client.model.Filters.eq("actor", s.nurse().id()),
                        com.mongodb.client.model.Filters.eq("action", "calendar.add")))
                .into(new java.util.ArrayList<>()))
                .singleElement().satisfies(d -> assertThat(d.getString("resource")).isEqualTo(itemId));
    }

    @Test
    void overlapsAreMarkedCancellationsShownAndTheAgendaSpansRooms() {
        Setup s = setup();
        String other = newPatientRoom(s.host(), s.nurse());
        ApiClient nurse = login(s.nurse());
        String items = "/api/rooms/" + s.room() + "/calendar/items";
        nurse.post(items, visitJson("o1", at(0, "10:00"), at(0, "11:00"), null));
        nurse.post(items, "{\"txnId\":\"o2\",\"item\":{\"category\":\"home_care\",\"profession\":\"care_worker\","
                + "\"start\":\"" + at(0, "10:30") + "\",\"end\":\"" + at(0, "11:30") + "\"}}");
        String third = nurse.post(items, visitJson("o3", at(1, "10:00"), at(1, "11:00"), null)).json().path("itemId").asString();
        nurse.post(items + "/" + third + "/occurrences/cancel", "{\"txnId\":\"o4\",\"occurrence\":\"" + at(1, "10:00") + "\"}");
        login(s.host()).post("/api/rooms/" + other + "/calendar/items",
                "{\"txnId\":\"c1\",\"item\":{\"category\":\"service_conference\",\"start\":\"" + at(2, "14:00")
                        + "\",\"end\":\"" + at(2, "15:00") + "\"}}");

        JsonNode occ = nurse.get("/api/rooms/" + s.room() + "/calendar" + range()).json().path("occurrences");
        assertThat(occ.size()).isEqualTo(3);
        assertThat(occ.get(0).path("overlap").asBoolean()).isTrue();
        assertThat(occ.get(1).path("overlap").asBoolean()).isTrue();
        assertThat(occ.get(2).path("status").asString()).isEqualTo("cancelled");
        assertThat(occ.get(2).path("overlap").asBoolean()).isFalse();

        JsonNode agenda = nurse.get("/api/agenda?from=" + monday + "&to=" + monday.plusDays(6)).json().path("occurrences");
        assertThat(agenda.size()).isEqualTo(4);
        assertThat(agenda.toString()).contains(other, s.room(), "service_conference");
        JsonNode famAgenda = login(s.relative()).get("/api/agenda?from=" + monday + "&to=" + monday.plusDays(6)).json();
        assertThat(famAgenda.path("occurrences").size()).isEqualTo(3);
        assertThat(famAgenda.toString()).doesNotContain(NOTE).doesNotContain(other);
    }

    @Test
    void theFeedCarriesNoClinicalContentAndCanBeRevokedAndRegenerated() {
        Setup s = setup();
        ApiClient nurse = login(s.nurse());
        nurse.post("/api/rooms/" + s.room() + "/calendar/items", visitJson("v1", at(0, "10:00"), at(0, "11:00"),
                "FREQ=WEEKLY;BYDAY=MO"));
        assertThat(nurse.get("/api/calendar-feed").json().path("active").asBoolean()).isFalse();
        Response created = nurse.post("/api/calendar-feed", "");
        assertThat(created.status()).isEqualTo(201);
        String path = created.json().path("path").asString();
        assertThat(path).matches("/ical/[A-Za-z0-9_-]{43}\\.ics");

        ApiClient anonymous = new ApiClient(port);
        Response ics = anonymous.get(path);
        assertThat(ics.status()).isEqualTo(200);
        assertThat(ics.body()).startsWith("BEGIN:VCALENDAR").contains("BEGIN:VEVENT")
                .contains("SUMMARY:訪問看護 (みどり訪問看護ステーション)")
                .doesNotContain(NOTE).doesNotContain("試験").doesNotContain("花子");
        // Family feed: the same visits.
        String famPath = login(s.relative()).post("/api/calendar-feed", "").json().path("path").asString();
        assertThat(anonymous.get(famPath).body()).contains("SUMMARY:訪問看護").doesNotContain(NOTE);

        assertThat(nurse.delete("/api/calendar-feed").status()).isEqualTo(204);
        assertError(anonymous.get(path), 404, "FEED_NOT_FOUND");
        String next = nurse.post("/api/calendar-feed", "").json().path("path").asString();
        assertThat(next).isNotEqualTo(path);
        assertThat(anonymous.get(next).status()).isEqualTo(200);
        assertError(anonymous.get(path), 404, "FEED_NOT_FOUND");
        assertError(anonymous.get("/ical/not-a-secret.ics"), 404, "FEED_NOT_FOUND");
    }

    private static JsonNode find(JsonNode occurrences, String occurrence) {
        for (JsonNode o : occurrences) {
            if (o.path("occurrence").asString().equals(occurrence)) {
                return o;
            }
        }
        throw new AssertionError("no occurrence " + occurrence + " in " + occurrences);
    }

    private static void assertError(Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("code").asString()).as(r.body()).isEqualTo(code);
    }
}
