package jp.renkei.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.springframework.test.context.TestContextManager;
import tools.jackson.databind.JsonNode;

/**
 * Base of the fuzz properties (issue 3, "Bad input"). jqwik runs the properties; this class asks
 * Spring's {@link TestContextManager} to inject the running server (the same cached context as every
 * {@link ServerTestBase} test), since jqwik does not run Jupiter's Spring extension.
 *
 * <p>The fixture: a patient room {@code roomA} of a host nurse and a member doctor, with notes posted
 * before any fuzzing; an outsider (a nurse of another room {@code roomB}); a bystander pharmacist in no
 * room. After each property the oracle checks that the server still answers (a fresh login, a STOMP
 * post and its delivery), that the notes stored before read back identical, that the room's sequence
 * numbers are gap-free up to its head, and that the outsider got into nothing.
 *
 * <p>Runs are reproducible: every property has a fixed seed, and the number of tries comes from
 * {@code jqwik.tries.default} in {@code junit-platform.properties}; run longer with, for example,
 * {@code mvn -pl server -am test -Dtest='*FuzzTest' -Djqwik.tries.default=5000}.
 */
abstract class FuzzTestBase extends ServerTestBase {

    /** Shared by all fuzz classes; rebuilt only if the server (context) changed. */
    private static Fixture fixture;

    protected Fixture fx;

    /** The users, rooms and notes every property starts from. */
    record Fixture(int port, UserAccount host, UserAccount member, UserAccount outsider, UserAccount bystander,
                   String roomA, String roomB, Map<Long, String> baseline) {
    }

    @BeforeProperty
    void wireSpringAndFixture() throws Exception {
        new TestContextManager(getClass()).prepareTestInstance(this);
        synchronized (FuzzTestBase.class) {
            if (fixture == null || fixture.port() != port) {
                fixture = createFixture();
            }
            fx = fixture;
        }
    }

    @AfterProperty
    void serverAnswersAndStoredDataIsIntact() {
        assertServerHealthyAndDataIntact();
    }

    private Fixture createFixture() {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount member = newUser(Profession.PHYSICIAN);
        UserAccount outsider = newUser(Profession.NURSE);
        UserAccount bystander = newUser(Profession.PHARMACIST);
        String roomA = newPatientRoom(host, member);
        String roomB = newPatientRoom(outsider);
        try (TestStompClient h = connect(host)) {
            h.call("/app/notes.post", Notes.post(roomA, "base-1", "退院後初回訪問。血圧 148/86。"));
            h.call("/app/notes.post", Notes.visit(roomA, "base-2"));
            h.call("/app/notes.post", Notes.post(roomA, "base-3", "夜間の不眠あり 😴 \"引用\" \\ </script>"));
        }
        Map<Long, String> baseline = new HashMap<>();
        for (JsonNode e : allEvents(login(host), roomA)) {
            baseline.put(e.path("seq").asLong(), e.toString());
        }
        assertThat(baseline).hasSizeGreaterThanOrEqualTo(3);
        return new Fixture(port, host, member, outsider, bystander, roomA, roomB, Map.copyOf(baseline));
    }

    /** Every event of a room, oldest first, read page by page over HTTP. */
    static List<JsonNode> allEvents(ApiClient api, String roomId) {
        List<JsonNode> out = new ArrayList<>();
        Long before = null;
        while (true) {
            ApiClient.Response r = api.get("/api/rooms/" + roomId + "/events?limit=100" + (before == null ? "" : "&before=" + before));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            List<JsonNode> page = new ArrayList<>();
            r.json().path("events").forEach(page::add);
            out.addAll(0, page);
            if (!r.json().path("hasMore").asBoolean() || page.isEmpty()) {
                return out;
            }
            before = page.get(0).path("seq").asLong();
        }
    }

    void assertServerHealthyAndDataIntact() {
        ApiClient host = login(fx.host());
        List<JsonNode> events = allEvents(host, fx.roomA());
        long head = host.get("/api/rooms/" + fx.roomA()).json().path("headSeq").asLong();
        assertThat(events).as("events 1..head, no gaps").hasSize((int) head);
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            assertThat(e.path("seq").asLong()).isEqualTo(i + 1);
            assertThat(e.path("eventId").asString()).isEqualTo(fx.roomA() + ":" + (i + 1));
            assertThat(e.path("sender").path("userId").asString()).as("outsider wrote into the room")
                    .isNotEqualTo(fx.outsider().id());
            String before = fx.baseline().get(e.path("seq").asLong());
            if (before != null) {
                assertThat(e.toString()).as("stored event %s unchanged", e.path("seq")).isEqualTo(before);
            }
        }
        assertThat(events.size()).isGreaterThanOrEqualTo(fx.baseline().size());
        JsonNode members = host.get("/api/rooms/" + fx.roomA()).json().path("members");
        assertThat(members.toString()).doesNotContain(fx.outsider().id());

        // The outsider still cannot see the room, and the room is not in their list.
        ApiClient outsider = login(fx.outsider());
        ApiClient.Response denied = outsider.get("/api/rooms/" + fx.roomA() + "/events");
        assertThat(denied.status()).isEqualTo(404);
        assertThat(denied.json().path("code").asString()).isEqualTo("ROOM_NOT_FOUND");
        assertThat(outsider.get("/api/rooms").body()).doesNotContain(fx.roomA());

        // A STOMP round trip: post, and receive it on the room's timeline.
        try (TestStompClient h = TestStompClient.connect(host).ready()) {
            h.subscribe("/room/" + fx.roomA(), "health", Map.of("request-id", "sub-health", "since-seq", Long.toString(head)));
            assertThat(h.reply("sub-health").path("type").asString()).isEqualTo("ok");
            JsonNode ok = h.call("/app/notes.post", Notes.post(fx.roomA(), "health-" + System.nanoTime(), "ファズ後の確認"));
            assertThat(ok.path("type").asString()).as(ok.toString()).isEqualTo("ok");
            assertThat(h.await(f -> "MESSAGE".equals(f.command()) && ("/room/" + fx.roomA()).equals(f.header("destination"))
                    && f.body().contains("ファズ後の確認")).body()).contains("\"type\":\"event\"");
        }
    }

    /** A documented error code other than INTERNAL (which would mean an unhandled failure). */
    static void assertKnownCode(String where, String code) {
        assertThat(code).as("%s: error code", where).isNotNull();
        assertThat(java.util.Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList())
                .as("%s: known error code", where).contains(code);
        assertThat(code).as("%s: an unhandled failure", where).isNotEqualTo(ErrorCode.INTERNAL.code());
    }

    /** No stack trace or exception class names in anything the server sends. */
    static void assertNoInternals(String where, String text) {
        assertThat(text).as("%s: leaks internals", where)
                .doesNotContain("Exception", "\tat ", "jp.renkei.server", "org.springframework", "java.lang");
    }
}
