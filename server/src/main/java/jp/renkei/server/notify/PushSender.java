package jp.renkei.server.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.notify.PushSubscriptions.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends one push message (RFC 8030) to one subscription: the body encrypted for the browser with
 * {@code aes128gcm} (RFC 8291) and a VAPID {@code Authorization: vapid t=…, k=…} header (RFC 8292),
 * both made by {@code com.interaso:webpush} ({@link WebPush#getBody}, {@link WebPush#getHeadersWithToken});
 * the request itself goes through the JDK's {@link HttpClient}, asynchronously, with a timeout. A push
 * service that answers 404 or 410 has ended the subscription: it is removed (and audited).
 *
 * <p>Library choice: {@code com.interaso:webpush} 1.3.0 is maintained (built with Kotlin 2.3, so
 * released December 2025 or later; Dependabot updates; tests against real browsers), small (about
 * 20 KiB) and uses JDK crypto only; its one dependency is the Kotlin standard library. Only its
 * encryption and token are used, so the HTTP client, timeouts and redirects are ours. {@code
 * nl.martijndwars:web-push} had its last release in 2021 and brings Apache's async HTTP client and
 * jose4j. {@code WebPushTest} checks the library's output against the RFCs independently.
 */
@Component
class PushSender {

    private static final Logger log = LoggerFactory.getLogger(PushSender.class);
    /** VAPID tokens are made for 12 h (the library's default, under RFC 8292's 24 h) and reused for 1 h. */
    private static final long TOKEN_REUSE_SECONDS = 3600;

    private final WebPush webPush;
    private final NotifySettings settings;
    private final PushSubscriptions subscriptions;
    private final AuditTrail audit;
    private final HttpClient http;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant madeAt) {
    }

    PushSender(VapidKeys vapid, NotifySettings settings, PushSubscriptions subscriptions, AuditTrail audit) {
        this.webPush = new WebPush(settings.subject(), vapid);
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.audit = audit;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends {@code payload} to {@code sub} of {@code userId}, with RFC 8030 urgency {@code high} or
     * {@code normal}; completes with the push service's status (0: not sent or no answer).
     */
    CompletableFuture<Integer> send(String userId, Subscription sub, byte[] payload, boolean high) {
        HttpRequest request;
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] body = webPush.getBody(payload, b64.decode(sub.p256dh()), b64.decode(sub.auth()));
            Map<String, String> headers = webPush.getHeadersWithToken(token(sub.endpoint()), settings.ttlSeconds(),
                    null, high ? WebPush.Urgency.High : WebPush.Urgency.Normal);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sub.endpoint()))
                    .timeout(settings.requestTimeout())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            request = b.build();
        } catch (RuntimeException e) {
            log.warn("push to subscription {} of user {} not sent: {}", sub.id(), userId, e.toString());
            return CompletableFuture.completedFuture(0);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> handled(userId, sub, r.statusCode()))
                .exceptionally(e -> {
                    log.info("push to subscription {} of user {} failed: {}", sub.id(), userId, e.toString());
                    return 0;
                });
    }

    private int handled(String userId, Subscription sub, int status) {
        if (status == 404 || status == 410) {
            if (subscriptions.remove(userId, sub.id())) {
                audit.record(new AuditEntry(userId, "notify.unsubscribe", "push-subscription", sub.id(), null, true,
                        "push_service_" + status, null));
            }
        } else if (status < 200 || status > 299) {
            log.info("push service answered {} for subscription {} of user {}", status, sub.id(), userId);
        }
        return status;
    }

    private String token(String endpoint) {
        String audience = webPush.getAudience(endpoint);
        Instant now = Instant.now();
        Token t = tokens.get(audience);
        if (t == null || t.madeAt().plusSeconds(TOKEN_REUSE_SECONDS).isBefore(now)) {
            t = new Token(webPush.getToken(audience, 12 * 3600), now);
            tokens.put(audience, t);
        }
        return t.value();
    }
}
