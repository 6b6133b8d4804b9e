package jp.renkei.server.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ApiClient.Response;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestStompClient.Frame;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Changing and cancelling a whole recurring item (the series) with {@code baseVersion}: every occurrence
 * follows, one-off exceptions are dropped, retries are answered, an out-of-date version is refused,
 * and the change reaches staff and family live.
 */
class CalendarSeriesApiTest extends ServerTestBase {

    private static final String NOTE = "玄関の鍵は郵便受けの中";

    private final LocalDate monday = nextMonday();

    private static LocalDate nextMonday() {
        LocalDate d = LocalDate.now(CalendarRules.TOKYO).plusDays(1);
        while (d.getDayOfWeek() != DayOfWeek.MONDAY) {
            d = d.plusDays(1);
        }
        return d;
    }

    private String at(int plusDays, String time) {
        return monday.plusDays(plusDays) + "T" + time;
    }

    private String item(String start, String end) {
        return """
                {"category":"home_nursing","profession":"nurse","organization":"みどり訪問看護ステーション",
                 "start":"%s","end":"%s","rrule":"FREQ=WEEKLY;BYDAY=MO","visitorNote":"%s"}""".formatted(start, end, NOTE);
    }

    private String range() {
        return "?from=" + monday + "&to=" + monday.plusDays(27);
    }

    @Test
    void changingTheWholeSeriesMovesEveryOccurrenceAndDropsOneOffChanges() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount relative = newUser(Profession.FAMILY);
        String room = newPatientRoom(host, nurse);
        inviteFamily(host, room, relative);
        ApiClient api = login(nurse);
        String items = "/api/rooms/" + room + "/calendar/items";
        String itemId = api.post(items, "{\"txnId\":\"s1\",\"item\":" + item(at(0, "10:00"), at(0, "11:00")) + "}")
                .json().path("itemId").asString();
        // One occurrence moved on its own: version 2.
        Response moved = api.post(items + "/" + itemId + "/occurrences/move", "{\"txnId\":\"s2\",\"occurrence\":\""
                + at(7, "10:00") + "\",\"start\":\"" + at(8, "09:00") + "\",\"end\":\"" + at(8, "10:00") + "\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        JsonNode before = api.get("/api/rooms/" + room + "/calendar" + range()).json();
        int version = itemView(before, itemId).path("version").asInt();
        assertThat(version).isEqualTo(2);

        try (TestStompClient staff = connect(host); TestStompClient fam = connect(relative)) {
            staff.subscribe("/room/" + room, "r", Map.of("request-id", "sub-r"));
            assertThat(staff.reply("sub-r").path("type").asString()).isEqualTo("ok");
            fam.subscribe("/family/" + room, "f", Map.of("request-id", "sub-f"));
            assertThat(fam.reply("sub-f").path("type").asString()).isEqualTo("ok");

            String change = "{\"txnId\":\"s3\",\"baseVersion\":" + version + ",\"item\":"
                    + item(at(0, "14:00"), at(0, "15:00")) + "}";
            Response changed = api.put(items + "/" + itemId, change);
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(changed.json().path("itemId").asString()).isEqualTo(itemId);
            assertThat(changed.json().path("duplicate").asBoolean()).isFalse();
            long head = rooms.headOf(room);
            assertThat(changed.json().path("seq").asLong()).isEqualTo(head);

            Frame staffEvent = staff.await(f -> "MESSAGE".equals(f.command()) && f.body().contains("calendar.item.changed"));
            assertThat(staffEvent.json().path("content").path("version").asInt()).isEqualTo(3);
            assertThat(staffEvent.json().path("content").path("item").path("start").asString()).isEqualTo(at(0, "14:00"));
            Frame famEvent = fam.await(f -> "MESSAGE".equals(f.command()) && f.body().contains("calendar.item.changed"));
            assertThat(famEvent.json().path("item").path("start").asString()).isEqualTo(at(0, "14:00"));
            assertThat(famEvent.body()).doesNotContain(NOTE);

            // A retry is answered, not repeated.
            Response retry = api.put(items + "/" + itemId, change);
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.json().path("duplicate").asBoolean()).isTrue();
            assertThat(rooms.headOf(room)).isEqualTo(head);
        }

        // Every occurrence is at the new time, the one-off move is gone, the rule and note are kept.
        JsonNode after = api.get("/api/rooms/" + room + "/calendar" + range()).json();
        List<String> starts = new ArrayList<>();
        for (JsonNode o : after.path("occurrences")) {
            assertThat(o.path("itemId").asString()).isEqualTo(itemId);
            assertThat(o.path("status").asString()).isEqualTo("scheduled");
            assertThat(o.path("end").asString()).endsWith("T15:00");
            assertThat(o.path("version").asInt()).isEqualTo(3);
            starts.add(o.path("start").asString());
        }
        assertThat(starts).containsExactly(at(0, "14:00"), at(7, "14:00"), at(14, "14:00"), at(21, "14:00"));
        JsonNode view = itemView(after, itemId);
        assertThat(view.path("version").asInt()).isEqualTo(3);
        assertThat(view.path("item").path("rrule").asString()).isEqualTo("FREQ=WEEKLY;BYDAY=MO");
        assertThat(view.path("item").path("visitorNote").asString()).isEqualTo(NOTE);
        JsonNode famCal = login(relative).get("/api/rooms/" + room + "/family-calendar" + range()).json();
        assertThat(famCal.path("occurrences").size()).isEqualTo(4);
        assertThat(famCal.path("occurrences").get(1).path("start").asString()).isEqualTo(at(7, "14:00"));

        // The version the client edited is now old: refused, nothing stored.
        long head = rooms.headOf(room);
        Response stale = api.put(items + "/" + itemId, "{\"txnId\":\"s4\",\"baseVersion\":" + version + ",\"item\":"
                + item(at(0, "16:00"), at(0, "17:00")) + "}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().path("code").asString()).isEqualTo("STALE_VERSION");
        assertThat(rooms.headOf(room)).isEqualTo(head);
    }

    @Test
    void cancellingTheWholeSeriesRemovesEveryOccurrence() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(host, nurse);
        ApiClient api = login(nurse);
        String items = "/api/rooms/" + room + "/calendar/items";
        String itemId = api.post(items, "{\"txnId\":\"c1\",\"item\":" + item(at(0, "10:00"), at(0, "11:00")) + "}")
                .json().path("itemId").asString();
        String other = api.post(items, "{\"txnId\":\"c2\",\"item\":{\"category\":\"service_conference\",\"start\":\""
                + at(2, "14:00") + "\",\"end\":\"" + at(2, "15:00") + "\"}}").json().path("itemId").asString();

        Response cancelled = login(host).post(items + "/" + itemId + "/cancel", "{\"txnId\":\"c3\"}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);

        JsonNode cal = api.get("/api/rooms/" + room + "/calendar" + range()).json();
        assertThat(cal.path("occurrences").size()).isEqualTo(1);
        assertThat(cal.path("occurrences").get(0).path("itemId").asString()).isEqualTo(other);
        assertThat(cal.path("items").toString()).doesNotContain("\"" + itemId + "\"");
        // A cancelled item can no longer be changed.
        Response late = api.put(items + "/" + itemId, "{\"txnId\":\"c4\",\"baseVersion\":2,\"item\":"
                + item(at(0, "14:00"), at(0, "15:00")) + "}");
        assertThat(late.status()).isEqualTo(404);
        assertThat(late.json().path("code").asString()).isEqualTo("CALENDAR_ITEM_NOT_FOUND");
        assertThat(api.get("/api/rooms/" + room + "/events").json().toString()).contains("calendar.item.cancelled");
    }

    private static JsonNode itemView(JsonNode calendar, String itemId) {
        for (JsonNode i : calendar.path("items")) {
            if (i.path("itemId").asString().equals(itemId)) {
                return i;
            }
        }
        throw new AssertionError("no item " + itemId + " in " + calendar.path("items"));
    }
}
