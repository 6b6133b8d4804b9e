package jp.renkei.server.notify;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of Web Push ({@code renkei.notify.*}).
 *
 * @param enabled                 send pushes at all (subscriptions are kept either way)
 * @param vapidKeyFile            the VAPID key pair (P-256); empty: {@code vapid.key} in the embedded data
 *                                folder, generated on first start, owner-only
 * @param subject                 the VAPID {@code sub} claim: how a push service reaches the operator
 *                                ({@code mailto:} or {@code https:})
 * @param allowedHostSuffixes     push services the server will POST to (host equal to or ending in
 *                                {@code .suffix}); empty: any https host. Keeps the server from being
 *                                made to send requests anywhere (SSRF)
 * @param allowInsecureEndpoints  accept {@code http://127.0.0.1}, {@code http://localhost} endpoints
 *                                (tests and development only; never in production)
 * @param zone                    time zone of every user's quiet hours (Japan time)
 * @param ttlSeconds              how long a push service keeps an undelivered message
 * @param targetLifetime          how long the opaque id of a notification can be resolved
 * @param requestTimeout          timeout of one request to a push service
 * @param maxSubscriptionsPerUser browsers per user; the oldest is dropped beyond it
 * @param queueCapacity           notifications waiting to be sent; beyond it new ones are dropped (logged)
 */
@ConfigurationProperties("renkei.notify")
public record NotifySettings(@DefaultValue("true") boolean enabled,
                             Path vapidKeyFile,
                             @DefaultValue("mailto:operator@renkei.invalid") String subject,
                             @DefaultValue({"fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com",
                                     "notify.windows.com"}) List<String> allowedHostSuffixes,
                             @DefaultValue("false") boolean allowInsecureEndpoints,
                             @DefaultValue("Asia/Tokyo") ZoneId zone,
                             @DefaultValue("86400") int ttlSeconds,
                             @DefaultValue("7d") Duration targetLifetime,
                             @DefaultValue("10s") Duration requestTimeout,
                             @DefaultValue("10") int maxSubscriptionsPerUser,
                             @DefaultValue("10000") int queueCapacity) {

    public NotifySettings {
        if (!subject.startsWith("mailto:") && !subject.startsWith("https://")) {
            throw new IllegalArgumentException("renkei.notify.subject must start with mailto: or https://");
        }
        allowedHostSuffixes = List.copyOf(allowedHostSuffixes);
    }
}
