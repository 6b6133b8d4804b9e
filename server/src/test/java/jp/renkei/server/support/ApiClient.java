package jp.renkei.server.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP client that behaves like the web client: keeps the session cookie, fetches the CSRF token
 * from {@code /api/session} and sends it on unsafe requests.
 */
public final class ApiClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final CookieManager cookies;
    private final HttpClient http;
    private String csrf;

    public ApiClient(int port) {
        this(port, new CookieManager());
    }

    private ApiClient(int port, CookieManager cookies) {
        this.base = "http://localhost:" + port;
        this.cookies = cookies;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * The same browser talking to another server on this host (another node of a cluster): the cookies are
     * shared (cookies do not depend on the port), and so is the current CSRF token.
     */
    public ApiClient onPort(int otherPort) {
        ApiClient other = new ApiClient(otherPort, cookies);
        other.csrf = csrf;
        return other;
    }

    /** Logs in with the password and a TOTP code of {@link TestTotp#SECRET}; throws if the server refuses. */
    public ApiClient login(String username, String password) {
        return login(username, password, TestTotp.SECRET);
    }

    /** Logs in with the password and a TOTP code of {@code totpSecret} (two steps, SP-AUTH-02). */
    public ApiClient login(String username, String password, String totpSecret) {
        loginPassword(username, password);
        Response r = post("/api/login/totp", "{\"code\":\"" + TestTotp.nextCode(username, totpSecret) + "\"}");
        if (r.status() != 200) {
            throw new IllegalStateException("second factor failed: " + r.status() + " " + r.body());
        }
        csrf = r.json().path("csrfToken").asString();
        return this;
    }

    /** The password step alone: the session then holds only the password factor. */
    public Response loginPassword(String username, String password) {
        refreshCsrf();
        Response r = post("/api/login", "{\"username\":" + JSON.writeValueAsString(username)
                + ",\"password\":" + JSON.writeValueAsString(password) + "}");
        if (r.status() != 200) {
            throw new IllegalStateException("login failed: " + r.status() + " " + r.body());
        }
        csrf = r.json().path("csrfToken").asString();
        return r;
    }

    public void refreshCsrf() {
        csrf = get("/api/session").json().path("csrfToken").asString();
    }

    /** Uses {@code token} as the CSRF token from now on (tests of refused requests). */
    public ApiClient withCsrf(String token) {
        this.csrf = token;
        return this;
    }

    public String csrf() {
        return csrf;
    }

    /** The session cookie header value, for the WebSocket handshake. */
    public String cookieHeader() {
        StringBuilder sb = new StringBuilder();
        for (var c : cookies.getCookieStore().getCookies()) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(c.getName()).append('=').append(c.getValue());
        }
        return sb.toString();
    }

    public int port() {
        return URI.create(base).getPort();
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("X-CSRF-TOKEN", csrf == null ? "" : csrf)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** POSTs raw bytes (photo uploads) with the CSRF token. */
    public Response postBytes(String path, byte[] body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .header("X-CSRF-TOKEN", csrf == null ? "" : csrf)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("X-CSRF-TOKEN", csrf == null ? "" : csrf)
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** GETs a binary resource (photos). */
    public HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("X-CSRF-TOKEN", csrf == null ? "" : csrf)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("X-CSRF-TOKEN", csrf == null ? "" : csrf)
                .DELETE());
    }

    /** DELETE with a JSON body (e.g. the push subscription to delete). */
    public Response delete(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("X-CSRF-TOKEN", csrf == null ? "" : csrf)
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json)));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response: status and body. */
    public record Response(int status, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }
}
