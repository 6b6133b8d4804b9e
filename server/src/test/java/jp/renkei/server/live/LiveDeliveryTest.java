package jp.renkei.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestStompClient.Frame;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Posting, live delivery, resume and idempotency over real WebSocket connections. */
class LiveDeliveryTest extends ServerTestBase {

    @Test
    void aPostReachesEveryMemberLiveAndTheSenderGetsItsSeq() {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(nurse, doctor);
        try (TestStompClient n = connect(nurse); TestStompClient d = connect(doctor)) {
            long head = subscribe(n, room, "s1", null);
            subscribe(d, room, "s1", null);

            JsonNode reply = n.call("/app/notes.post", Notes.visit(room, "t-1"));

            assertThat(reply.path("type").asString()).isEqualTo("ok");
            assertThat(reply.path("result").path("seq").asLong()).isEqualTo(head + 1);
            assertThat(reply.path("result").path("duplicate").asBoolean()).isFalse();
            for (TestStompClient c : List.of(n, d)) {
                Frame f = c.await(roomEvent(room));
                assertThat(f.header("seq")).isEqualTo(Long.toString(head + 1));
                JsonNode e = f.json();
                assertThat(e.path("kind").asString()).isEqualTo("note.posted");
                assertThat(e.path("sender").path("userId").asString()).isEqualTo(nurse.id());
                assertThat(e.path("content").path("noteId").asString()).isEqualTo(room + ":" + (head + 1));
                assertThat(e.path("content").path("note").path("urgent").asBoolean()).isTrue();
                assertThat(e.path("content").path("note").path("visit").path("vitals").path("spo2").asInt()).isEqualTo(91);
            }
        }
    }

    @Test
    void aRetriedPostIsStoredOnceAndAnsweredWithTheOriginalSeq() {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        try (TestStompClient n = connect(nurse)) {
            long head = subscribe(n, room, "s1", null);
            JsonNode first = n.call("/app/notes.post", Notes.post(room, "same-txn", "血圧 138/82"));
            JsonNode retry = n.call("/app/notes.post", Notes.post(room, "same-txn", "血圧 138/82"));

            assertThat(retry.path("result").path("seq").asLong()).isEqualTo(first.path("result").path("seq").asLong());
            assertThat(retry.path("result").path("duplicate").asBoolean()).isTrue();
            List<Frame> events = n.drain(500).stream().filter(roomEvent(room)).toList();
            assertThat(events).hasSize(1);
            assertThat(login(nurse).get("/api/rooms/" + room).json().path("headSeq").asLong()).isEqualTo(head + 1);
        }
    }

    @Test
    void aReconnectingClientGetsEverythingItMissedInOrderExactlyOnce() {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount pharmacist = newUser(Profession.PHARMACIST);
        String room = newPatientRoom(nurse, pharmacist);
        long seen;
        try (TestStompClient p = connect(pharmacist)) {
            seen = subscribe(p, room, "s1", null);
        }
        try (TestStompClient n = connect(nurse)) {
            for (int i = 1; i <= 30; i++) {
                assertThat(n.call("/app/notes.post", Notes.post(room, "m-" + i, "申し送り " + i)).path("type").asString())
                        .isEqualTo("ok");
            }
        }
        try (TestStompClient p = connect(pharmacist)) {
            subscribe(p, room, "s2", seen);
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                seqs.add(Long.parseLong(p.await(roomEvent(room)).header("seq")));
            }
            assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize(30);
            assertThat(seqs.get(0)).isEqualTo(seen + 1);
            assertThat(p.drain(300).stream().filter(roomEvent(room))).isEmpty();
        }
    }

    @Test
    void catchUpAndLiveEventsInterleaveWithoutLossOrDuplicates() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(nurse, doctor);
        try (TestStompClient n = connect(nurse)) {
            for (int i = 0; i < 40; i++) {
                n.send("/app/notes.post", Notes.post(room, "pre-" + i, "記録 " + i));
            }
            n.drain(300);
            long base = login(doctor).get("/api/rooms/" + room).json().path("headSeq").asLong();
            try (TestStompClient d = connect(doctor)) {
                // Subscribe from the start while the nurse keeps posting.
                Thread poster = new Thread(() -> {
                    for (int i = 0; i < 40; i++) {
                        n.send("/app/notes.post", Notes.post(room, "live-" + i, "記録 live " + i));
                    }
                });
                poster.start();
                d.subscribe("/room/" + room, "s1", Map.of("since-seq", "0", "request-id", "sub"));
                poster.join();
                List<Long> seqs = new ArrayList<>();
                long expected = base + 40;
                while (seqs.size() < expected) {
                    seqs.add(Long.parseLong(d.await(roomEvent(room)).header("seq")));
                }
                assertThat(seqs).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, expected).boxed().toList());
            }
        }
    }

    @Test
    void editsKeepTheOriginalAndRefuseStaleVersions() {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(nurse, doctor);
        try (TestStompClient n = connect(nurse); TestStompClient d = connect(doctor)) {
            String noteId = n.call("/app/notes.post", Notes.post(room, "orig", "体温 37.2")).path("result").path("eventId").asString();
            java.util.function.Function<String, String> edit = txnId -> "{\"roomId\":\"" + room + "\",\"noteId\":\"" + noteId
                    + "\",\"baseVersion\":1,\"txnId\":\"" + txnId + "\",\"note\":{\"kind\":\"free\",\"text\":\"体温 37.8（訂正）\"}}";

            JsonNode byOther = d.call("/app/notes.edit", edit.apply("e1"));
            JsonNode byAuthor = n.call("/app/notes.edit", edit.apply("e2"));
            JsonNode stale = n.call("/app/notes.edit", edit.apply("e3"));

            assertThat(byOther.path("code").asString()).as(byOther.toString()).isEqualTo("FORBIDDEN");
            assertThat(byOther.path("reason").asString()).isEqualTo("not_author");
            assertThat(byAuthor.path("type").asString()).as(byAuthor.toString()).isEqualTo("ok");
            assertThat(stale.path("code").asString()).isEqualTo("STALE_VERSION");
            JsonNode page = login(doctor).get("/api/rooms/" + room + "/events").json();
            List<String> texts = new ArrayList<>();
            for (JsonNode e : page.path("events")) {
                if (e.path("content").has("note")) {
                    texts.add(e.path("kind").asString() + ":" + e.path("content").path("note").path("text").asString());
                }
            }
            assertThat(texts).containsExactly("note.posted:体温 37.2", "note.edited:体温 37.8（訂正）");
        }
    }

    @Test
    void acknowledgementsAreOncePerUserAndReadMarkersOnlyMoveForward() {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(nurse, doctor);
        try (TestStompClient n = connect(nurse); TestStompClient d = connect(doctor)) {
            subscribe(n, room, "s1", null);
            JsonNode posted = n.call("/app/notes.post", Notes.post(room, "q1", "主治医へ: 夜間の不眠について相談です"));
            String noteId = posted.path("result").path("eventId").asString();
            long seq = posted.path("result").path("seq").asLong();
            String ack = "{\"roomId\":\"" + room + "\",\"noteId\":\"" + noteId + "\"}";

            JsonNode first = d.call("/app/notes.ack", ack);
            JsonNode again = d.call("/app/notes.ack", ack);
            assertThat(first.path("result").path("duplicate").asBoolean()).isFalse();
            assertThat(again.path("result").path("duplicate").asBoolean()).isTrue();
            assertThat(again.path("result").path("seq").asLong()).isEqualTo(first.path("result").path("seq").asLong());

            JsonNode read = d.call("/app/rooms.read", "{\"roomId\":\"" + room + "\",\"seq\":" + seq + "}");
            JsonNode back = d.call("/app/rooms.read", "{\"roomId\":\"" + room + "\",\"seq\":1}");
            assertThat(read.path("result").path("readSeq").asLong()).isEqualTo(seq);
            assertThat(back.path("result").path("readSeq").asLong()).isEqualTo(seq);
            Frame receipt = n.await(f -> "MESSAGE".equals(f.command()) && f.body().contains("\"receipt\""));
            assertThat(receipt.json().path("userId").asString()).isEqualTo(doctor.id());
            assertThat(receipt.json().path("readSeq").asLong()).isEqualTo(seq);
            JsonNode members = login(nurse).get("/api/rooms/" + room).json().path("members");
            boolean doctorRead = false;
            for (JsonNode m : members) {
                if (m.path("person").path("userId").asString().equals(doctor.id())) {
                    doctorRead = m.path("readSeq").asLong() == seq;
                }
            }
            assertThat(doctorRead).isTrue();
        }
    }

    @Test
    void theInboxCarriesUnreadCountsAndNewRooms() {
        UserAccount manager = newUser(Profession.CARE_MANAGER);
        UserAccount helper = newUser(Profession.CARE_WORKER);
        try (TestStompClient h = connect(helper)) {
            String room = newPatientRoom(manager, helper);
            Frame added = h.await(f -> "inbox".equals(f.header("subscription")) && f.body().contains("room.added"));
            assertThat(added.json().path("roomId").asString()).isEqualTo(room);
            try (TestStompClient m = connect(manager)) {
                m.call("/app/notes.post", Notes.post(room, "a", "明日の訪問は 10時に変更です"));
            }
            Frame activity = h.await(f -> "inbox".equals(f.header("subscription"))
                    && f.json().path("type").asString().equals("room.activity") && f.json().path("unread").asLong() == 1);
            assertThat(activity.json().path("roomId").asString()).isEqualTo(room);
        }
    }

    static long subscribe(TestStompClient c, String room, String id, Long since) {
        Map<String, String> headers = since == null ? Map.of("request-id", "sub-" + id)
                : Map.of("request-id", "sub-" + id, "since-seq", Long.toString(since));
        c.subscribe("/room/" + room, id, headers);
        JsonNode reply = c.reply("sub-" + id);
        assertThat(reply.path("type").asString()).as(reply.toString()).isEqualTo("ok");
        return reply.path("result").path("headSeq").asLong();
    }

    static java.util.function.Predicate<Frame> roomEvent(String room) {
        return f -> "MESSAGE".equals(f.command()) && ("/room/" + room).equals(f.header("destination"))
                && f.body().contains("\"type\":\"event\"");
    }
}
