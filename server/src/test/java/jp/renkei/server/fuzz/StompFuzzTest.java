package jp.renkei.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jp.renkei.protocol.Limits;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestStompClient.Frame;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzes the STOMP surface of a running server: raw frames (unknown commands, header names and values
 * with NUL, CR, LF, bad escapes, huge headers, wrong content-length, binary garbage, oversized frames),
 * commands with mutated JSON bodies (invalid JSON, wrong types, extra fields, huge strings, forged and
 * foreign ids), and subscriptions to forged destinations. Sent as the room's member (deep paths) and as
 * an outsider (policy).
 *
 * <p>After every case a probe command is sent on the same connection; frames are handled in order, so
 * its reply means the case was fully handled. Every frame received must be a documented reply
 * ({@code ok}, or {@code error} with a known code), a STOMP ERROR with a known {@code code} header
 * followed by a close, or a close 1009 for an oversized frame; never INTERNAL or a stack trace; the
 * outsider never gets an {@code ok} for, or a MESSAGE from, the member's room.
 */
class StompFuzzTest extends FuzzTestBase {

    private static final AtomicInteger PROBES = new AtomicInteger();
    private static final List<String> COMMANDS = List.of("/app/notes.post", "/app/notes.edit", "/app/notes.ack", "/app/rooms.read");

    private Session member;
    private Session outsider;

    @AfterProperty
    void closeSessions() {
        for (Session s : new Session[] {member, outsider}) {
            if (s != null && s.client != null) {
                s.client.close();
            }
        }
    }

    // ---- properties ----

    @Property(seed = "3001")
    void rawFramesFromAMember(@ForAll("frames") String frame) {
        run(member(), frame);
    }

    @Property(seed = "3002")
    void rawFramesFromAnOutsider(@ForAll("frames") String frame) {
        run(outsider(), frame);
    }

    @Property(seed = "3003")
    void commandBodiesFromAMember(@ForAll("commands") String frame) {
        run(member(), frame);
    }

    @Property(seed = "3004")
    void commandBodiesFromAnOutsider(@ForAll("commands") String frame) {
        run(outsider(), frame);
    }

    @Property(seed = "3005")
    void subscriptionsFromAnOutsider(@ForAll("subscriptions") String frame) {
        run(outsider(), frame);
    }

    // ---- generators ----

    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> command = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("SEND", "SUBSCRIBE", "UNSUBSCRIBE")),
                Tuple.of(2, Arbitraries.of("CONNECT", "STOMP", "ACK", "NACK", "BEGIN", "COMMIT", "ABORT", "send",
                        "MESSAGE", "ERROR", "RECEIPT", "CONNECTED", "SEND ", " SEND", "SEND\r")),
                Tuple.of(2, Gen.nasty()));
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of("destination", "id", "request-id", "content-type", "since-seq", "receipt",
                        "ack", "transaction", "heart-beat", "accept-version", "host", "X-CSRF-TOKEN", "subscription",
                        "message-id", "login", "passcode")),
                Tuple.of(2, Gen.nasty()));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("/app/notes.post", "/app/notes.edit", "/app/notes.ack", "/app/rooms.read",
                        "/room/" + Gen.ROOM_A, "/room/" + Gen.ROOM_B, "/me/replies", "/me/inbox", "/topic/x",
                        "/unused-broker/x", "/user/queue/x", "application/json", "text/plain", "fuzz-1", "0", "1")),
                Tuple.of(2, Gen.id()),
                Tuple.of(3, Gen.nasty()),
                Tuple.of(1, Arbitraries.of(4_000, 9_000, 70_000).map("h"::repeat)));
        Arbitrary<List<Map.Entry<String, String>>> headers = Combinators.combine(name, value).as(Map::entry).list().ofMaxSize(6);
        Arbitrary<String> body = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just("")),
                Tuple.of(3, commandBodies()),
                Tuple.of(2, Gen.nasty()),
                Tuple.of(1, Arbitraries.bytes().list().ofMaxSize(200)
                        .map(bs -> { StringBuilder sb = new StringBuilder(); bs.forEach(b -> sb.append((char) (b & 0xff))); return sb.toString(); })));
        // content-length: absent, right, short, long by a little (the frame is incomplete), absurd, junk
        Arbitrary<Integer> lengthMode = Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2)), Tuple.of(1, Arbitraries.just(3)),
                Tuple.of(1, Arbitraries.just(4)), Tuple.of(1, Arbitraries.just(5)));
        return Combinators.combine(command, headers, body, lengthMode).as((c, hs, b, mode) -> {
            StringBuilder sb = new StringBuilder(c).append('\n');
            hs.forEach(h -> sb.append(h.getKey()).append(':').append(h.getValue()).append('\n'));
            int bytes = b.getBytes(StandardCharsets.UTF_8).length;
            switch (mode) {
                case 1 -> sb.append("content-length:").append(bytes).append('\n');
                case 2 -> sb.append("content-length:").append(Math.max(0, bytes - 3)).append('\n');
                case 3 -> sb.append("content-length:").append(bytes + 5).append('\n');
                case 4 -> sb.append("content-length:").append("99999999999").append('\n');
                case 5 -> sb.append("content-length:").append("-1").append('\n');
                default -> { }
            }
            return sb.append('\n').append(b).append('\0').toString();
        });
    }

    @Provide
    Arbitrary<String> commands() {
        Arbitrary<String> destination = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(COMMANDS)),
                Tuple.of(1, Arbitraries.of("/app/notes.delete", "/app/../app/notes.post", "/app/notes.post/", "/APP/notes.post")));
        return Combinators.combine(destination, commandBodies(), Arbitraries.of("application/json", "text/plain", ""))
                .as((d, b, type) -> frame("SEND", Map.of("destination", d, "request-id", "fuzz", "content-type", type), b));
    }

    @Provide
    Arbitrary<String> subscriptions() {
        Arbitrary<String> destination = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("/room/" + Gen.ROOM_A, "/room/" + Gen.ROOM_A + "/", "/room//" + Gen.ROOM_A,
                        "/room/" + Gen.ROOM_A + "%00", "/room/" + Gen.ROOM_A.toLowerCase(), "/room/" + Gen.ROOM_B,
                        "/room/", "/room/*", "/room/**", "/room/r-*", "/me/replies", "/me/inbox", "/me/../room/" + Gen.ROOM_A,
                        "/user/" + Gen.MEMBER + "/me/inbox", "/unused-broker/x", "/topic/room/" + Gen.ROOM_A)),
                Tuple.of(2, Gen.id().map(id -> "/room/" + id)),
                Tuple.of(1, Gen.nasty()));
        Arbitrary<String> since = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("")),
                Tuple.of(3, Arbitraries.of("0", "1", "-1", "99999999999", "999999999999999999999", "1e3", "0x10", " 1", "１")),
                Tuple.of(1, Gen.nasty()));
        Arbitrary<String> subId = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("s1", "s2", "replies", "inbox")),
                Tuple.of(1, Gen.nasty()));
        return Combinators.combine(destination, since, subId).as((d, s, id) -> {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("destination", d);
            h.put("id", id);
            h.put("request-id", "fuzz");
            if (!s.isEmpty()) {
                h.put("since-seq", s);
            }
            return frame("SUBSCRIBE", h, "");
        });
    }

    private static Arbitrary<String> commandBodies() {
        return Combinators.combine(Arbitraries.of(COMMANDS), Gen.id(), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Gen.mutations(), Gen.textChanges()).as((d, room, txn, m, t) -> Gen.body(Gen.commandTemplate(d, room, txn), m, t));
    }

    private static String frame(String command, Map<String, String> headers, String body) {
        StringBuilder sb = new StringBuilder(command).append('\n');
        headers.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
        return sb.append('\n').append(body).append('\0').toString();
    }

    // ---- running a case and the oracle ----

    /** One user's STOMP connection, reopened after the server closes it. */
    private final class Session {
        final UserAccount user;
        final ApiClient api;
        TestStompClient client;

        Session(UserAccount user) {
            this.user = user;
            this.api = login(user);
        }

        TestStompClient open() {
            if (client == null || client.closedWithin(0) != null) {
                client = TestStompClient.connect(api).ready();
            }
            return client;
        }

        void reset() {
            if (client != null) {
                client.close();
            }
            client = null;
        }
    }

    private Session member() {
        if (member == null) {
            member = new Session(fx.member());
        }
        return member;
    }

    private Session outsider() {
        if (outsider == null) {
            outsider = new Session(fx.outsider());
        }
        return outsider;
    }

    private void run(Session session, String generated) {
        String frame = Gen.resolve(generated, fx);
        boolean outsiderActs = session.user.id().equals(fx.outsider().id());
        TestStompClient c = session.open();
        try {
            c.sendRaw(frame);
        } catch (RuntimeException closedWhileSending) {
            // The server may close mid-send (an oversized frame); judged by the close code below.
        }
        String probe = "probe-" + PROBES.incrementAndGet();
        Frame answer;
        try {
            // The case may have dropped the replies subscription; subscribing again is harmless.
            c.subscribe("/me/replies", "replies", Map.of());
            c.sendFrame("SEND", Map.of("destination", "/app/rooms.read", "request-id", probe,
                    "content-type", "application/json"), "{\"roomId\":\"r-probe0000\",\"seq\":1}");
            answer = c.await(f -> f.command().equals("ERROR") || (f.command().equals("MESSAGE") && f.body().contains(probe)), 1000);
        } catch (RuntimeException | AssertionError noAnswer) {
            answer = null; // closed while sending the probe, or no answer in time
        }
        // Frames before the answer are kept by await; without an answer, collect what is still queued.
        List<Frame> frames = new java.util.ArrayList<>(c.drain(answer == null ? 300 : 0));
        if (answer != null) {
            frames.add(answer);
        }
        Frame error = null;
        for (Frame f : frames) {
            check(f, outsiderActs);
            if (f.command().equals("ERROR")) {
                error = f;
            }
        }
        if (error != null) {
            Statistics.label("outcome").collect("ERROR " + error.header("code"));
            assertThat(c.closedWithin(5000)).as("connection closes after ERROR").isNotNull();
            session.reset();
            return;
        }
        if (answer == null) {
            Integer closed = c.closedWithin(500);
            if (closed == null) {
                // Still open and silent: the frame is incomplete (content-length beyond the data, a NUL
                // inside the headers) and the decoder waits for the rest. Legitimate; start afresh.
                Statistics.label("outcome").collect("waiting for more data");
                session.reset();
                return;
            }
            boolean oversized = frame.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_FRAME_BYTES;
            // Lone surrogates cannot be sent as UTF-8: the server closes with 1007 (invalid payload).
            boolean invalidText = !StandardCharsets.UTF_8.newEncoder().canEncode(frame);
            boolean disconnect = frame.startsWith("DISCONNECT");
            assertThat(oversized || invalidText || disconnect).as("closed (%s) without an ERROR frame", closed).isTrue();
            if (oversized && !invalidText) {
                assertThat(closed).as("oversized frame closes with 1009").isEqualTo(1009);
            }
            if (invalidText) {
                assertThat(closed).as("invalid text closes with 1007 or 1009").isIn(1007, 1009);
            }
            Statistics.label("outcome").collect("closed " + closed);
            session.reset();
            return;
        }
        Statistics.label("outcome").collect(frames.stream().filter(f -> f != frames.get(frames.size() - 1))
                .map(f -> f.command().equals("MESSAGE")
                        ? f.json().path("type").asString("event") + " " + f.json().path("code").asString("") : f.command())
                .findFirst().orElse("no reply"));
    }

    private void check(Frame f, boolean outsiderActs) {
        String where = f.command() + " " + f.headers();
        assertNoInternals(where, f.body() + f.headers());
        switch (f.command()) {
            case "ERROR" -> assertKnownCode(where, f.header("code"));
            case "MESSAGE" -> {
                String destination = f.header("destination");
                if (destination != null && destination.startsWith("/room/")) {
                    if (outsiderActs) {
                        assertThat(destination).as("outsider received a room message").isNotEqualTo("/room/" + fx.roomA());
                    }
                    return;
                }
                JsonNode json = f.json();
                if (json.path("type").asString("").equals("error")) {
                    assertKnownCode(where + " " + f.body(), json.path("code").asString(null));
                    assertThat(json.path("message").isString()).isTrue();
                } else if (json.path("type").asString("").equals("ok") && outsiderActs) {
                    tools.jackson.databind.node.ObjectNode result = (tools.jackson.databind.node.ObjectNode) json.deepCopy();
                    result.remove("requestId"); // echoes the client's own header
                    assertThat(result.toString()).as("outsider got ok touching the member's room").doesNotContain(fx.roomA());
                }
            }
            case "RECEIPT", "CONNECTED" -> { }
            default -> throw new AssertionError("unexpected frame " + where);
        }
    }
}
