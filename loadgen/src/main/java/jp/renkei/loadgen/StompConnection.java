package jp.renkei.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * STOMP 1.2 over the JDK's WebSocket (the approach of the server's TestStompClient, made
 * asynchronous): frames are handed to a {@link Handler} in the order received, on the HTTP client's
 * executor, one at a time per connection; frames to send are queued, because the JDK WebSocket allows
 * one outstanding send at a time.
 */
final class StompConnection {

    /** Receives the frames of one connection, one at a time. */
    interface Handler {
        void onFrame(StompConnection connection, StompFrame frame);

        default void onClosed(StompConnection connection, int status, String reason) {
        }
    }

    private final Handler handler;
    private final StringBuilder partial = new StringBuilder();
    private final ConcurrentLinkedQueue<String> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile WebSocket socket;
    private volatile Throwable failure;

    private StompConnection(Handler handler) {
        this.handler = handler;
    }

    /** Opens the WebSocket; the caller then sends CONNECT. */
    static CompletableFuture<StompConnection> open(HttpClient http, URI uri, Map<String, String> handshakeHeaders,
                                                   List<String> subprotocols, Handler handler) {
        StompConnection c = new StompConnection(handler);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
        handshakeHeaders.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        return builder.buildAsync(uri, c.listener()).thenApply(ws -> {
            c.socket = ws;
            return c;
        });
    }

    void send(String command, Map<String, String> headers, String body) {
        sendRaw(StompFrame.encode(command, headers, body));
    }

    void sendRaw(String frame) {
        outbox.add(frame);
        pump();
    }

    private void pump() {
        while (true) {
            if (closed.get() || !sending.compareAndSet(false, true)) {
                return;
            }
            String next = outbox.poll();
            if (next == null) {
                sending.set(false);
                if (outbox.isEmpty()) {
                    return;
                }
                continue;
            }
            socket.sendText(next, true).whenComplete((ws, error) -> {
                if (error != null) {
                    failure = error;
                }
                sending.set(false);
                pump();
            });
            return;
        }
    }

    Throwable failure() {
        return failure;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes politely (WebSocket close), or aborts if that does not complete in time. */
    CompletableFuture<Void> close() {
        WebSocket ws = socket;
        if (ws == null || !closed.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                .orTimeout(5, TimeUnit.SECONDS)
                .handle((w, e) -> {
                    if (e != null) {
                        ws.abort();
                    }
                    return null;
                });
    }

    /** Closes every connection (nulls skipped) within 20 s in total, then aborts any still open. */
    static void closeAll(List<StompConnection> connections) {
        List<CompletableFuture<Void>> closes = new ArrayList<>();
        for (StompConnection c : connections) {
            if (c != null) {
                closes.add(c.close());
            }
        }
        try {
            CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            for (StompConnection c : connections) {
                if (c != null) {
                    c.abort();
                }
            }
        }
    }

    void abort() {
        closed.set(true);
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                received(data);
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.set(true);
                handler.onClosed(StompConnection.this, statusCode, reason);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                failure = error;
                closed.set(true);
                handler.onClosed(StompConnection.this, -1, String.valueOf(error));
            }
        };
    }

    /** Called one message part at a time (the JDK serialises listener calls per socket). */
    private void received(CharSequence data) {
        partial.append(data);
        int from = 0;
        int nul;
        while ((nul = partial.indexOf("\0", from)) >= 0) {
            StompFrame f = parse(partial, from, nul);
            from = nul + 1;
            if (f != null) {
                handler.onFrame(this, f);
            }
        }
        partial.delete(0, from);
    }

    /** Parses the frame in {@code s[start, end)}; {@code null} for heart-beats. */
    static StompFrame parse(CharSequence s, int start, int end) {
        int i = start;
        while (i < end && (s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            i++; // heart-beats (end-of-lines) between frames
        }
        if (i >= end) {
            return null;
        }
        int eol = indexOf(s, '\n', i, end);
        if (eol < 0) {
            eol = end;
        }
        String command = trimCr(s, i, eol);
        Map<String, String> headers = new HashMap<>(16);
        int line = eol + 1;
        while (line < end) {
            int next = indexOf(s, '\n', line, end);
            if (next < 0) {
                next = end;
            }
            if (next == line || (next == line + 1 && s.charAt(line) == '\r')) {
                line = next + 1;
                break; // blank line: the body follows
            }
            int colon = indexOf(s, ':', line, next);
            if (colon > line) {
                headers.putIfAbsent(unescape(s.subSequence(line, colon).toString()),
                        unescape(trimCr(s, colon + 1, next)));
            }
            line = next + 1;
        }
        String body = line < end ? s.subSequence(line, end).toString() : "";
        return new StompFrame(command, headers, body);
    }

    private static int indexOf(CharSequence s, char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static String trimCr(CharSequence s, int from, int to) {
        if (to > from && s.charAt(to - 1) == '\r') {
            to--;
        }
        return s.subSequence(from, to).toString();
    }

    private static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        return v.replace("\\c", ":").replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\");
    }
}
