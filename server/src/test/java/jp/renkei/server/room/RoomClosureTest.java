package jp.renkei.server.room;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.store.Collections;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ApiClient.Response;
import jp.renkei.server.support.MovableClock;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static com.mongodb.client.model.Filters.eq;
import static jp.renkei.server.live.LiveDeliveryTestAccess.roomEvent;
import static jp.renkei.server.live.LiveDeliveryTestAccess.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When care ends (SP-RET-02): the host closes the room with a reason and date; it becomes read-only (reading and
 * read markers stay), the family keeps its view for the configured 3 days (on the movable clock), the iCalendar
 * feed leaves the room out, and the host may reopen it. Bad input and other people change nothing.
 */
@Import(MovableClock.class)
@TestPropertySource(properties = {"renkei.closure.family-access-days=3", "renkei.auth.idle-timeout=30d",
        "renkei.auth.absolute-lifetime=30d"})
class RoomClosureTest extends ServerTestBase {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    @Autowired
    private AuditTrail audit;
    @Autowired
    private MongoDatabase db;

    @AfterEach
    void resetClock() {
        MovableClock.reset();
    }

    private static String today() {
        return LocalDate.now(JAPAN).toString();
    }

    private static String close(String reason, String note, String date) {
        return "{\"reason\":" + (reason == null ? "null" : "\"" + reason + "\"") + ",\"note\":"
                + (note == null ? "null" : "\"" + note + "\"") + ",\"date\":" + (date == null ? "null" : "\"" + date + "\"")
                + "}";
    }

    private List<String> auditActions(String actor) {
        audit.sync();
        return db.getCollection(Collections.AUDIT).find(eq("actor", actor)).into(new java.util.ArrayList<Document>())
                .stream().map(d -> d.getString("action") + (d.getBoolean("allowed") ? "" : "!")).toList();
    }

    @Test
    void aClosedRoomIsReadOnlyButReadableAndTheTeamSeesItLive() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(host, nurse);
        ApiClient hostApi = login(host);
        ApiClient nurseApi = login(nurse);
        try (TestStompClient n = connect(nurse)) {
            JsonNode posted = n.call("/app/notes.post", Notes.post(room, "t1", "最後の訪問でした"));
            assertThat(posted.path("type").asString()).isEqualTo("ok");
            subscribe(n, room, "s", null);

            Response closed = hostApi.post("/api/rooms/" + room + "/closure", close("home_death", null, today()));
            assertThat(closed.status()).as(closed.body()).isEqualTo(200);
            JsonNode closure = closed.json().path("closure");
            assertThat(closure.path("reason").asString()).isEqualTo("home_death");
            assertThat(closure.path("date").asString()).isEqualTo(today());
            assertThat(closure.path("retentionUntil").asString())
                    .isEqualTo(LocalDate.now(JAPAN).plusYears(5).toString());
            assertThat(closed.json().path("archived").asBoolean()).isTrue();

            // Delivered live to the members, in order, as a room event.
            JsonNode event = n.await(roomEvent(room)).json();
            assertThat(event.path("kind").asString()).isEqualTo("room.closed");
            assertThat(event.path("content").path("reason").asString()).isEqualTo("home_death");

            // Writes are refused with the documented error; reading and read markers still work.
            JsonNode refused = n.call("/app/notes.post", Notes.post(room, "t2", "終了後の記録"));
            assertThat(refused.path("code").asString()).isEqualTo("ROOM_CLOSED");
            assertThat(refused.path("reason").asString()).isEqualTo("room_closed");
            String noteId = posted.path("result").path("eventId").asString();
            assertThat(n.call("/app/notes.ack", "{\"roomId\":\"" + room + "\",\"noteId\":\"" + noteId + "\"}")
                    .path("code").asString()).isEqualTo("ROOM_CLOSED");
            long head = hostApi.get("/api/rooms/" + room).json().path("headSeq").asLong();
            assertThat(n.call("/app/rooms.read", "{\"roomId\":\"" + room + "\",\"seq\":" + head + "}")
                    .path("type").asString()).isEqualTo("ok");
        }
        Response events = nurseApi.get("/api/rooms/" + room + "/events");
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.body()).contains("最後の訪問でした", "room.closed");
        JsonNode listed = nurseApi.get("/api/rooms").json();
        JsonNode mine = null;
        for (JsonNode r : listed) {
            if (r.path("roomId").asString().equals(room)) {
                mine = r;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("archived").asBoolean()).isTrue();
        assertThat(mine.path("closure").path("reason").asString()).isEqualTo("home_death");
        // Inviting and photo rules are refused too; closing twice is a conflict.
        assertThat(hostApi.post("/api/rooms/" + room + "/members", "{\"userId\":\"" + newUser(Profession.PHARMACIST).id()
                + "\"}").json().path("code").asString()).isEqualTo("ROOM_CLOSED");
        Response again = hostApi.post("/api/rooms/" + room + "/closure", close("moved", null, today()));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("code").asString()).isEqualTo("ROOM_CLOSED");
        assertThat(auditActions(host.id())).contains("room.close");
    }

    @Test
    void onlyTheHostClosesAndBadInputChangesNothing() {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount relative = newUser(Profession.FAMILY);
        UserAccount stranger = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(host, nurse);
        inviteFamily(host, room, relative);
        ApiClient hostApi = login(host);
        String path = "/api/rooms/" + room + "/closure";
        String ok = close("home_death", null, today());

        Response byMember = login(nurse).post(path, ok);
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.json().path("reason").asString()).isEqualTo("not_host");
        assertThat(login(relative).post(path, ok).json().path("reason").asString()).isEqualTo("family_staff_channel");
        assertThat(login(stranger).post(path, ok).status()).isEqualTo(404);
        assertThat(auditActions(nurse.id())).contains("CLOSE_ROOM!");

        String huge = "あ".repeat(201);
        Map<String, String> bad = Map.of(
                close("died", null, today()), "unknown_value",
                close(null, null, today()), "required",
                close("home_death", null, LocalDate.now(JAPAN).plusDays(1).toString()), "out_of_range",
                close("home_death", null, "2026-02-30"), "bad_format",
                close("home_death", null, "1999-01-01"), "out_of_range",
                close("other", huge, today()), "too_long",
                close("other", "  ", today()), "required",
                close("moved", "娘さん宅へ", today()), "not_allowed",
                close("home_death", null, null), "required");
        long head = hostApi.get("/api/rooms/" + room).json().path("headSeq").asLong();
        bad.forEach((body, problem) -> {
            Response r = hostApi.post(path, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().path("code").asString()).isEqualTo("INVALID_FIELD");
            assertThat(r.json().path("violations").toString()).as(body).contains(problem);
        });
        assertThat(hostApi.post(path, "{\"reason\":\"other\",\"note\":3,\"date\":\"" + today() + "\"}").status())
                .isEqualTo(400);
        JsonNode after = hostApi.get("/api/rooms/" + room).json();
        assertThat(after.path("headSeq").asLong()).isEqualTo(head);
        assertThat(after.path("closure").isNull() || after.path("closure").isMissingNode()).as(after.toString()).isTrue();
        assertThat(after.path("archived").asBoolean()).isFalse();

        // その他 with its text is accepted and shown to the team.
        Response other = hostApi.post(path, close("other", "ご家族の希望で終了", today()));
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().path("closure").path("note").asString()).isEqualTo("ご家族の希望で終了");
    }

    @Test
    void theFamilyKeepsItsViewForTheConfiguredDaysAndTheFeedStopsAtOnce() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount relative = newUser(Profession.FAMILY);
        String room = newPatientRoom(host, nurse);
        inviteFamily(host, room, relative);
        ApiClient hostApi = login(host);
        ApiClient nurseApi = login(nurse);
        ApiClient fam = login(relative);
        LocalDate tomorrow = LocalDate.now(JAPAN).plusDays(1);
        assertThat(nurseApi.post("/api/rooms/" + room + "/calendar/items", """
                {"txnId":"v1","item":{"category":"home_nursing","profession":"nurse","organization":"みどり訪問看護",
                 "start":"%sT10:00","end":"%sT11:00","rrule":"FREQ=DAILY"}}""".formatted(tomorrow, tomorrow)).status())
                .isEqualTo(201);
        String feed = nurseApi.post("/api/calendar-feed", "").json().path("path").asString();
        ApiClient anonymous = new ApiClient(port);
        assertThat(anonymous.get(feed).body()).contains("BEGIN:VEVENT");
        String familyCalendar = "/api/rooms/" + room + "/family-calendar?from=" + tomorrow + "&to=" + tomorrow.plusDays(6);
        assertThat(fam.get(familyCalendar).status()).isEqualTo(200);

        TestStompClient famLive = connect(relative);
        famLive.subscribe("/family/" + room, "f", Map.of("request-id", "sub-f"));
        assertThat(famLive.reply("sub-f").path("type").asString()).isEqualTo("ok");
        assertThat(hostApi.post("/api/rooms/" + room + "/closure", close("facility_admission", null, today())).status())
                .isEqualTo(200);
        // The feed leaves the closed room out at once; the room itself is still readable.
        assertThat(anonymous.get(feed).body()).startsWith("BEGIN:VCALENDAR").doesNotContain("BEGIN:VEVENT");
        assertThat(nurseApi.get("/api/rooms/" + room + "/calendar?from=" + tomorrow + "&to=" + tomorrow).status())
                .isEqualTo(200);
        // The family keeps its view for 3 days...
        assertThat(fam.get(familyCalendar).status()).isEqualTo(200);
        assertThat(fam.get("/api/family/rooms").body()).contains(room);
        MovableClock.advance(Duration.ofDays(2));
        assertThat(fam.get(familyCalendar).status()).isEqualTo(200);
        // ...and not a moment longer.
        MovableClock.advance(Duration.ofDays(1).plusMinutes(1));
        Response ended = fam.get(familyCalendar);
        assertThat(ended.status()).isEqualTo(403);
        assertThat(ended.json().path("reason").asString()).isEqualTo("family_access_ended");
        assertThat(fam.get("/api/family/rooms").body()).doesNotContain(room);
        assertThat(nurseApi.get("/api/rooms/" + room + "/events").status()).isEqualTo(200);
        // The family's live view is revoked at the next event (the nurse leaves the closed room).
        assertThat(nurseApi.delete("/api/rooms/" + room + "/members/" + nurse.id()).status()).isEqualTo(204);
        assertThat(famLive.await(frame -> frame.body().contains("\"revoked\"")).body()).contains(room);
        famLive.close();
    }

    @Test
    void theHostReopensAndTheFamilyReturnsOnlyThroughANewInvitation() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount relative = newUser(Profession.FAMILY);
        String room = newPatientRoom(host, nurse);
        inviteFamily(host, room, relative);
        ApiClient hostApi = login(host);
        ApiClient fam = login(relative);
        String reopen = "/api/rooms/" + room + "/closure/reopen";
        Response notClosed = hostApi.post(reopen, "{}");
        assertThat(notClosed.status()).isEqualTo(409);
        assertThat(notClosed.json().path("code").asString()).isEqualTo("ROOM_NOT_CLOSED");

        assertThat(hostApi.post("/api/rooms/" + room + "/closure", close("long_term_hospitalization", null, today()))
                .status()).isEqualTo(200);
        assertThat(login(nurse).post(reopen, "{}").json().path("reason").asString()).isEqualTo("not_host");
        MovableClock.advance(Duration.ofDays(4));
        assertThat(fam.get("/api/family/rooms").body()).doesNotContain(room);

        Response reopened = hostApi.post(reopen, "{}");
        assertThat(reopened.status()).as(reopened.body()).isEqualTo(200);
        assertThat(reopened.json().path("closure").isNull() || reopened.json().path("closure").isMissingNode()).isTrue();
        assertThat(reopened.json().path("archived").asBoolean()).isFalse();
        assertThat(reopened.json().path("members").toString()).doesNotContain(relative.id());
        String events = hostApi.get("/api/rooms/" + room + "/events").body();
        assertThat(events).contains("room.reopened", "member.removed", relative.id());
        assertThat(fam.get("/api/family/rooms").body()).doesNotContain(room);
        try (TestStompClient n = connect(nurse)) {
            assertThat(n.call("/app/notes.post", Notes.post(room, "t9", "退院して在宅へ戻りました")).path("type").asString())
                    .isEqualTo("ok");
        }
        // A new invitation (the consent in force still names the relative) brings the family back.
        assertThat(hostApi.post("/api/rooms/" + room + "/members", "{\"userId\":\"" + relative.id() + "\"}").status())
                .isEqualTo(201);
        assertThat(fam.get("/api/family/rooms").body()).contains(room);
        assertThat(auditActions(host.id())).contains("room.close", "room.reopen");
    }
}
