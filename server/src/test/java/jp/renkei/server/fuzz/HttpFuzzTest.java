package jp.renkei.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jp.renkei.server.support.ApiClient;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzes every {@code /api/**} endpoint of a running server (session, login, logout, rooms, room
 * detail, members, events, directory) with mutated methods, path ids, query parameters, content types
 * and JSON bodies, as the room's member, as an outsider and without a login. Every response must be a
 * 2xx, or an error with the documented body {@code {code, message}} and a known code; never a 5xx or
 * internals; the outsider and the anonymous caller never get a 2xx on the member's room.
 */
class HttpFuzzTest extends FuzzTestBase {

    /** A request, before placeholders are resolved. */
    record Call(String method, String path, String query, String contentType, String body, boolean csrf) {
    }

    private ApiClient member;
    private ApiClient outsider;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Property(seed = "4001")
    void apiCallsFromAMember(@ForAll("calls") Call call) {
        if (member == null) {
            member = login(fx.member());
        }
        run(member, call, false);
    }

    @Property(seed = "4002")
    void apiCallsFromAnOutsider(@ForAll("calls") Call call) {
        if (outsider == null) {
            outsider = login(fx.outsider());
        }
        run(outsider, call, true);
    }

    @Property(seed = "4003")
    void apiCallsWithoutALogin(@ForAll("calls") Call call) {
        ApiClient anonymous = new ApiClient(port);
        anonymous.refreshCsrf();
        run(anonymous, call, true);
    }

    @Provide
    Arbitrary<Call> calls() {
        Arbitrary<String> id = Gen.id().map(HttpFuzzTest::segment);
        Arbitrary<String> path = Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(Arbitraries.of(
                        "/api/rooms/%s", "/api/rooms/%s/events", "/api/rooms/%s/members", "/api/rooms/%s/members/%s",
                        "/api/rooms/%s/members/%s/x", "/api/rooms/%s/", "/api/rooms/%s;jsessionid=x"), id, id)
                        .as((template, a, b) -> String.format(template, a, b))),
                Tuple.of(3, Arbitraries.of("/api/rooms", "/api/session", "/api/login", "/api/directory/users",
                        "/api/rooms/", "/api//rooms", "/api/rooms/..", "/api/rooms/%2e%2e/", "/api/Rooms", "/api/nope",
                        "/api/rooms/" + Gen.ROOM_A + "/events/..%2F..%2F", "/api/rooms/" + Gen.ROOM_A + "/%2e%2e/" + Gen.ROOM_B,
                        "/api/public/directory", "/api/public/directory/", "/api/directory/providers",
                        "/api/directory/providers/import", "/api/directory/contact-windows",
                        "/api/directory/contact-windows/me", "/api/directory/vocabulary/x")));
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("1", "0", "-1", "50", "100", "101", "2147483648",
                "9223372036854775808", "1.5", "abc", "", "$gt", "%00", "%E3%81%82", "a%20b"), Gen.id().map(HttpFuzzTest::segment));
        Arbitrary<String> query = Combinators.combine(Arbitraries.of("limit", "before", "q", "limit[$gt]", "q[]", "x", "capability",
                        "accepting", "municipality", "userIds"), value)
                .as((k, v) -> k + "=" + v).list().ofMaxSize(3).map(l -> String.join("&", l));
        Arbitrary<String> type = Arbitraries.of("application/json", "application/json", "text/plain",
                "application/x-www-form-urlencoded", "application/json; charset=ISO-8859-1", "multipart/form-data; boundary=x",
                "application/xml", "*/*", "");
        Arbitrary<String> body = Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(Arbitraries.of(0, 1, 2, 3), Gen.id(), Gen.mutations(), Gen.textChanges())
                        .as((kind, someId, m, t) -> Gen.body(template(kind, someId), m, t))),
                Tuple.of(1, Gen.nasty()),
                Tuple.of(1, Arbitraries.of(70_000, 200_000).map(n -> "{\"title\":\"" + "x".repeat(n) + "\"}")));
        return Combinators.combine(Arbitraries.of("GET", "GET", "POST", "POST", "DELETE", "PUT", "PATCH", "OPTIONS"),
                path, query, type, body, Arbitraries.of(true, true, true, false)).as(Call::new);
    }

    private static java.util.Map<String, Object> template(int kind, String someId) {
        return switch (kind) {
            case 0 -> Gen.map("kind", "patient", "title", "試験", "patient", Gen.map("name", "試験 太郎", "nameKana", "シケン タロウ",
                    "birthDate", "1940-01-01", "sex", "male", "careLevel", "要介護2", "area", "北区"));
            case 1 -> Gen.map("userId", someId);
            case 2 -> Gen.map("username", someId, "password", "Test-pass-2026");
            default -> Gen.map("roomId", someId, "seq", 1);
        };
    }

    /** Percent-encodes what a URI path cannot hold; leaves {@code . $ -} and the like as sent. */
    private static String segment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~$:{}".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    private void run(ApiClient who, Call call, boolean mustNotReachRoomA) {
        String path = Gen.resolve(call.path(), fx).replace("{", "%7B").replace("}", "%7D");
        String query = Gen.resolve(call.query(), fx).replace("{", "%7B").replace("}", "%7D");
        String body = Gen.resolve(call.body(), fx);
        // The member must not leave the room or log out mid-run: the oracle needs the fixture intact.
        if (!mustNotReachRoomA && (path.contains(fx.member().id()) && call.method().equals("DELETE")
                || path.startsWith("/api/logout"))) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path
                        + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(20))
                .header("Cookie", who.cookieHeader());
        if (!call.contentType().isEmpty()) {
            request.header("Content-Type", call.contentType());
        }
        if (call.csrf() && who.csrf() != null) {
            request.header("X-CSRF-TOKEN", who.csrf());
        }
        boolean hasBody = !call.method().equals("GET") && !call.method().equals("OPTIONS");
        request.method(call.method(), hasBody ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // A body over the limit may be refused before it is read: the server answers and closes.
            assertThat(body.length()).as("connection failed: %s", e).isGreaterThan(64 * 1024);
            Statistics.label("status").collect("closed (too large)");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int status = response.statusCode();
        String where = call.method() + " " + path + "?" + query + " -> " + status + " " + abbreviate(response.body());
        Statistics.label("status").collect(status);
        assertThat(status).as(where).isLessThan(500);
        assertNoInternals(where, response.body());
        if (status >= 400) {
            JsonNode json = ApiClient.JSON.readTree(response.body().isEmpty() ? "null" : response.body());
            assertThat(json != null && json.isObject()).as("%s: error body is {code, message}", where).isTrue();
            assertKnownCode(where, json.path("code").asString(null));
            assertThat(json.path("message").isString()).as(where).isTrue();
        }
        if (mustNotReachRoomA && path.contains(fx.roomA()) && !path.startsWith("/api/login")) {
            assertThat(status).as("policy bypass: %s", where).isGreaterThanOrEqualTo(400);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
