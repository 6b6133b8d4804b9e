package jp.renkei.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * A deliberately small STOMP 1.2 client over the JDK's WebSocket. Tests need to send frames byte for
 * byte (malformed, oversized) and to see every frame the server sends, which library clients hide.
 */
public final class TestStompClient implements AutoCloseable {

    /** A received frame. */
    public record Frame(String command, Map<String, String> headers, String body) {
        public JsonNode json() {
            return ApiClient.JSON.readTree(body);
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    private volatile WebSocket socket;
    private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicInteger ids = new AtomicInteger();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final List<Frame> seen = new ArrayList<>();

    private volatile String closeReason;

    private TestStompClient() {
    }

    /** Opens the socket with the API client's session cookie and sends CONNECT with its CSRF token. */
    public static TestStompClient connect(ApiClient api) {
        return connect(api, api.csrf(), null);
    }

    public static TestStompClient connect(ApiClient api, String csrfToken, String origin) {
        return connect(api, csrfToken, origin, Map.of());
    }

    /** Connects with extra CONNECT headers (e.g. {@code heart-beat}). */
    public static TestStompClient connect(ApiClient api, String csrfToken, String origin, Map<String, String> extra) {
        TestStompClient client = new TestStompClient();
        var builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Cookie", api.cookieHeader())
                .connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        client.socket = builder.buildAsync(URI.create("ws://localhost:" + api.port() + "/ws"), client.listener()).join();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept-version", "1.2");
        headers.put("host", "localhost");
        if (csrfToken != null) {
            headers.put("X-CSRF-TOKEN", csrfToken);
        }
        headers.putAll(extra);
        client.sendFrame("CONNECT", headers, "");
        return client;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                TestStompClient.this.onText(data);
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeReason = reason;
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
            }
        };
    }

    /** Waits for CONNECTED, then subscribes to replies and inbox. */
    public TestStompClient ready() {
        Frame connected = await(f -> f.command().equals("CONNECTED") || f.command().equals("ERROR"));
        if (!connected.command().equals("CONNECTED")) {
            throw new IllegalStateException("not connected: " + connected);
        }
        subscribe("/me/replies", "replies", Map.of());
        // Frames are handled in order, so once the inbox's ok arrives both subscriptions are live.
        subscribe("/me/inbox", "inbox", Map.of("request-id", "inbox-ready"));
        reply("inbox-ready");
        return this;
    }

    public void subscribe(String destination, String id, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("destination", destination);
        headers.put("id", id);
        headers.putAll(extra);
        sendFrame("SUBSCRIBE", headers, "");
    }

    public void unsubscribe(String id) {
        sendFrame("UNSUBSCRIBE", Map.of("id", id), "");
    }

    /** Sends a command and returns its request id. */
    public String send(String destination, String json) {
        String requestId = "req-" + ids.incrementAndGet();
        sendFrame("SEND", Map.of("destination", destination, "request-id", requestId,
                "content-type", "application/json"), json);
        return requestId;
    }

    /** Sends a command and waits for its reply on /me/replies. */
    public JsonNode call(String destination, String json) {
        String requestId = send(destination, json);
        return reply(requestId);
    }

    public JsonNode reply(String requestId) {
        return await(f -> "MESSAGE".equals(f.command()) && "replies".equals(f.header("subscription"))
                && requestId.equals(f.json().path("requestId").asString(null))).json();
    }

    public void sendFrame(String command, Map<String, String> headers, String body) {
        StringBuilder sb = new StringBuilder(command).append('\n');
        headers.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
        sb.append('\n').append(body).append('\0');
        sendRaw(sb.toString());
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame (not yet returned by an await) matching {@code match}, within 10 seconds. */
    public Frame await(Predicate<Frame> match) {
        return await(match, 10_000);
    }

    public Frame await(Predicate<Frame> match, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (seen) {
            for (int i = 0; i < seen.size(); i++) {
                if (match.test(seen.get(i))) {
                    return seen.remove(i);
                }
            }
        }
        while (true) {
            long left = deadline - System.currentTimeMillis();
            Frame f;
            try {
                f = left <= 0 ? null : frames.poll(left, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (f == null) {
                throw new AssertionError("no matching frame within " + timeoutMillis + " ms; unmatched: " + seen);
            }
            if (match.test(f)) {
                return f;
            }
            synchronized (seen) {
                seen.add(f);
            }
        }
    }

    /** Every frame received so far and not yet awaited, plus those arriving within {@code millis}. */
    public List<Frame> drain(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        List<Frame> out;
        synchronized (seen) {
            out = new ArrayList<>(seen);
            seen.clear();
        }
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return out;
            }
            try {
                Frame f = frames.poll(left, TimeUnit.MILLISECONDS);
                if (f != null) {
                    out.add(f);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return out;
            }
        }
    }

    /** The reason the server gave when it closed the socket (e.g. {@code device_revoked}), or null. */
    public String closeReason() {
        return closeReason;
    }

    /** The close status code once the server closed the socket, or {@code null} if still open after the wait. */
    public Integer closedWithin(long millis) {
        try {
            return closed.get(millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            socket.abort();
        }
    }

    private synchronized void onText(CharSequence data) {
        partial.append(data);
        int nul;
        while ((nul = partial.indexOf("\0")) >= 0) {
            String raw = partial.substring(0, nul);
            partial.delete(0, nul + 1);
            String trimmed = raw.replaceFirst("^[\r\n]+", "");
            if (trimmed.isEmpty()) {
                continue; // heart-beat
            }
            frames.add(parse(trimmed));
        }
    }

    private static Frame parse(String raw) {
        int split = raw.indexOf("\n\n");
        String head = split < 0 ? raw : raw.substring(0, split);
        String body = split < 0 ? "" : raw.substring(split + 2);
        String[] lines = head.split("\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(unescape(lines[i].substring(0, colon)), unescape(lines[i].substring(colon + 1)));
            }
        }
        return new Frame(lines[0].strip(), headers, new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    private static String unescape(String s) {
        return s.replace("\\c", ":").replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\");
    }
}
