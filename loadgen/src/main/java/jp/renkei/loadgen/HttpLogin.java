package jp.renkei.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Logs a seeded load-test account in over HTTP, as the web client does: the password, then a TOTP code
 * of the seeded secret (two factors, SP-AUTH-02). Completes with {session cookie header, CSRF token}.
 */
final class HttpLogin {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private HttpLogin() {
    }

    static CompletableFuture<String[]> logIn(HttpClient http, URI base, String login) {
        HttpRequest session = HttpRequest.newBuilder(base.resolve("/api/session")).timeout(TIMEOUT).GET().build();
        return http.sendAsync(session, HttpResponse.BodyHandlers.ofString()).thenCompose(s -> {
            String cookie = cookie(s, null);
            String body = "{\"username\":\"" + login + "\",\"password\":\"" + Topology.PASSWORD + "\"}";
            return http.sendAsync(post(base, "/api/login", body, csrfOf(s), cookie), HttpResponse.BodyHandlers.ofString());
        }).thenCompose(password -> {
            if (password.statusCode() != 200) {
                throw new IllegalStateException("login " + login + " failed: HTTP " + password.statusCode()
                        + " " + password.body());
            }
            String pending = cookie(password, password.request().headers().firstValue("Cookie").orElse(null));
            String body = "{\"code\":\"" + Topology.nextTotpCode(login) + "\"}";
            return http.sendAsync(post(base, "/api/login/totp", body, csrfOf(password), pending),
                    HttpResponse.BodyHandlers.ofString()).thenApply(totp -> {
                        if (totp.statusCode() != 200) {
                            throw new IllegalStateException("second factor of " + login + " failed: HTTP "
                                    + totp.statusCode() + " " + totp.body());
                        }
                        return new String[] {cookie(totp, pending), csrfOf(totp)};
                    });
        });
    }

    private static HttpRequest post(URI base, String path, String json, String csrf, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("X-CSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b.build();
    }

    private static String csrfOf(HttpResponse<String> r) {
        return LoadGenerator.JSON.readTree(r.body()).path("csrfToken").asString();
    }

    /** The {@code JSESSIONID} a response sets, or {@code previous} when it sets none. */
    static String cookie(HttpResponse<?> r, String previous) {
        for (String c : r.headers().allValues("set-cookie")) {
            int semi = c.indexOf(';');
            String pair = semi < 0 ? c : c.substring(0, semi);
            if (pair.startsWith("JSESSIONID=")) {
                return pair;
            }
        }
        return previous;
    }
}
