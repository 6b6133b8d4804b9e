package jp.renkei.server.live;

import static jp.renkei.server.live.LiveDeliveryTest.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestStompClient.Frame;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bad frames and bodies get a documented error; the connection and stored data survive. */
class LiveBadInputTest extends ServerTestBase {

    @Test
    void badBodiesAreAnsweredWithCodesAndTheConnectionKeepsWorking() {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        try (TestStompClient n = connect(nurse)) {
            assertThat(code(n.call("/app/notes.post", "{not json"))).isEqualTo("MALFORMED_JSON");
            assertThat(code(n.call("/app/notes.post", "[1,2]"))).isEqualTo("MALFORMED_JSON");
            assertThat(code(n.call("/app/notes.post", ""))).isEqualTo("MALFORMED_JSON");
            JsonNode wrongType = n.call("/app/notes.post", "{\"roomId\":\"" + room + "\",\"txnId\":\"t\",\"note\":{\"kind\":\"free\",\"text\":[]}}");
            assertThat(code(wrongType)).isEqualTo("INVALID_FIELD");
            assertThat(wrongType.path("violations").get(0).path("field").asString()).isEqualTo("note.text");
            JsonNode tooLong = n.call("/app/notes.post", Notes.post(room, "t", "あ".repeat(4001)));
            assertThat(tooLong.path("violations").get(0).path("problem").asString()).isEqualTo("too_long");
            JsonNode badVitals = n.call("/app/notes.post", "{\"roomId\":\"" + room + "\",\"txnId\":\"v\",\"note\":{\"kind\":\"visit\","
                    + "\"visit\":{\"vitals\":{\"spo2\":140,\"temperature\":36.55}}}}");
            assertThat(badVitals.path("violations").toString()).contains("note.visit.vitals.spo2", "out_of_range",
                    "note.visit.vitals.temperature", "bad_format");
            assertThat(code(n.call("/app/notes.post", Notes.post(room, "has space", "x")))).isEqualTo("INVALID_FIELD");
            JsonNode coerced = n.call("/app/notes.post", "{\"roomId\":\"" + room + "\",\"txnId\":\"c\",\"note\":{\"kind\":\"visit\","
                    + "\"text\":110,\"visit\":{\"vitals\":{\"pulse\":72.5}}}}");
            assertThat(coerced.path("violations").toString()).as("no silent coercion").contains("bad_type");
            assertThat(code(n.call("/app/notes.post", Notes.post("r-../../etc", "t", "x")))).isEqualTo("ROOM_NOT_FOUND");
            assertThat(code(n.call("/app/nope", "{}"))).isEqualTo("UNKNOWN_DESTINATION");
            n.sendFrame("SEND", Map.of("destination", "/app/notes.post"), Notes.post(room, "t", "x"));
            Frame noId = n.await(f -> "replies".equals(f.header("subscription")) && f.body().contains("MISSING_REQUEST_ID"));
            assertThat(noId.json().path("requestId").isNull() || noId.json().path("requestId").isMissingNode()).isTrue();

            assertThat(n.call("/app/notes.post", Notes.post(room, "fine", "問題なし")).path("type").asString()).isEqualTo("ok");
        }
    }

    /**
     * STOMP 1.2 requires the server to close the connection after an ERROR frame; the client is told
     * why (a code header), nothing stored is lost, and a new connection resumes where it left off.
     */
    @Test
    void anUnparsableFrameGetsAnErrorCodeAndTheClientResumesOnANewConnection() {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        long seq;
        try (TestStompClient n = connect(nurse)) {
            seq = n.call("/app/notes.post", Notes.post(room, "before-bad-frame", "壊れたフレームの前")).path("result").path("seq").asLong();
            n.sendRaw("SEND\ndestination:/app/notes.post\nthis line is not a header\n\nxx\0");
            Frame error = n.await(f -> f.command().equals("ERROR"));
            assertThat(error.header("code")).isEqualTo("MALFORMED_FRAME");
            assertThat(n.closedWithin(5000)).isEqualTo(1002);
        }
        try (TestStompClient again = connect(nurse)) {
            subscribe(again, room, "s", seq - 1);
            assertThat(again.await(LiveDeliveryTest.roomEvent(room)).body()).contains("壊れたフレームの前");
            assertThat(again.call("/app/notes.post", Notes.post(room, "after", "続けて投稿")).path("type").asString())
                    .isEqualTo("ok");
        }
    }

    @Test
    void anOversizedFrameClosesOnlyThatConnectionAndStoredNotesSurvive() {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        long stored;
        try (TestStompClient n = connect(nurse)) {
            stored = n.call("/app/notes.post", Notes.post(room, "keep", "残すべき記録")).path("result").path("seq").asLong();
            n.send("/app/notes.post", Notes.post(room, "huge", "x".repeat(70 * 1024)));
            assertThat(n.closedWithin(5000)).isEqualTo(1009);
        }
        try (TestStompClient again = connect(nurse)) {
            subscribe(again, room, "s", 0L);
            boolean found = false;
            for (long i = 1; i <= stored; i++) {
                Frame f = again.await(LiveDeliveryTest.roomEvent(room));
                found |= f.body().contains("残すべき記録");
            }
            assertThat(found).isTrue();
        }
    }

    @Test
    void badSubscriptionHeadersAreRefused() {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        try (TestStompClient n = connect(nurse)) {
            n.subscribe("/room/" + room, "a", Map.of("request-id", "a", "since-seq", "-1"));
            n.subscribe("/room/" + room, "b", Map.of("request-id", "b", "since-seq", "999999"));
            n.subscribe("/elsewhere", "c", Map.of("request-id", "c"));
            assertThat(code(n.reply("a"))).isEqualTo("INVALID_FIELD");
            assertThat(code(n.reply("b"))).isEqualTo("INVALID_SEQ");
            assertThat(code(n.reply("c"))).isEqualTo("UNKNOWN_DESTINATION");
        }
    }

    private static String code(JsonNode reply) {
        return reply.path("code").asString();
    }
}
