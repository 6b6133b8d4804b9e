package jp.renkei.server.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.interaso.webpush.VapidKeys;
import jp.renkei.protocol.Violation;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.notify.NotifyPreferences.Preferences;
import jp.renkei.server.notify.PushSubscriptions.Subscription;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Web Push over HTTP (protocol.md §18): the VAPID public key for {@code PushManager.subscribe}, saving
 * and deleting this browser's subscription, the user's notification settings, and resolving a
 * notification's opaque id. Every endpoint needs a signed-in user; changes are audited (SP-AUD-01).
 */
@RestController
class NotifyController {

    static final int MAX_ENDPOINT = 2048;
    static final int MAX_DEVICE = 64;

    private final CurrentUser currentUser;
    private final VapidKeys vapid;
    private final NotifySettings settings;
    private final PushSubscriptions subscriptions;
    private final NotifyPreferences preferences;
    private final Notifications notifications;
    private final AuditTrail audit;
    private final SubscriptionLifetime lifetime;

    NotifyController(CurrentUser currentUser, VapidKeys vapid, NotifySettings settings, PushSubscriptions subscriptions,
                     NotifyPreferences preferences, Notifications notifications, AuditTrail audit,
                     SubscriptionLifetime lifetime) {
        this.lifetime = lifetime;
        this.currentUser = currentUser;
        this.vapid = vapid;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.preferences = preferences;
        this.notifications = notifications;
        this.audit = audit;
    }

    /** The browser's {@code PushSubscription.toJSON()}, less {@code expirationTime}, with a device label. */
    record SubscriptionInput(String endpoint, Keys keys, String device) {
    }

    record Keys(String p256dh, String auth) {
    }

    record EndpointInput(String endpoint) {
    }

    record QuietHours(Boolean enabled, String start, String end) {
    }

    record SettingsInput(Map<String, Boolean> kinds, QuietHours quietHours) {
    }

    @GetMapping("/api/notify/vapid-key")
    Map<String, String> vapidKey() {
        return Map.of("publicKey", Base64.getUrlEncoder().withoutPadding().encodeToString(vapid.getApplicationServerKey()));
    }

    @PutMapping("/api/notify/subscription")
    ResponseEntity<Map<String, String>> subscribe(@RequestBody SubscriptionInput in, Principal principal,
                                                  HttpServletRequest request) {
        UserAccount user = currentUser.of(principal);
        List<Violation> v = new ArrayList<>();
        if (in == null) {
            throw DomainException.invalid("body", "required");
        }
        String endpoint = checkEndpoint(in.endpoint(), v);
        byte[] p256dh = in.keys() == null ? null : base64url(in.keys().p256dh());
        byte[] auth = in.keys() == null ? null : base64url(in.keys().auth());
        if (in.keys() == null) {
            v.add(new Violation("keys", "required"));
        } else {
            if (p256dh == null || p256dh.length != 65 || !onCurve(p256dh)) {
                v.add(new Violation("keys.p256dh", p256dh == null && in.keys().p256dh() == null ? "required" : "bad_format"));
            }
            if (auth == null || auth.length != 16) {
                v.add(new Violation("keys.auth", auth == null && in.keys().auth() == null ? "required" : "bad_format"));
            }
        }
        if (in.device() != null && (in.device().length() > MAX_DEVICE || in.device().chars().anyMatch(Character::isISOControl))) {
            v.add(new Violation("device", in.device().length() > MAX_DEVICE ? "too_long" : "bad_format"));
        }
        if (!v.isEmpty()) {
            audit.record(new AuditEntry(user.id(), "notify.subscribe", "push-subscription", null, null, false,
                    "INVALID_FIELD", null));
            throw DomainException.invalid(v);
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String id = PushSubscriptions.idOf(endpoint);
        HttpSession session = request.getSession(false);
        String[] binding = lifetime.bindingOf(session == null ? null : session.getId());
        subscriptions.save(user.id(), new Subscription(id, endpoint, b64.encodeToString(p256dh), b64.encodeToString(auth),
                in.device(), Instant.now(), binding[0], binding[1]), settings.maxSubscriptionsPerUser())
                .ifPresent(previous -> audit.record(new AuditEntry(previous, "notify.unsubscribe", "push-subscription",
                        id, null, true, "moved_to_another_user", null)));
        audit.record(new AuditEntry(user.id(), "notify.subscribe", "push-subscription", id, null, true, "self", null));
        return ResponseEntity.ok(Map.of("id", id));
    }

    @DeleteMapping("/api/notify/subscription")
    ResponseEntity<Void> unsubscribe(@RequestBody EndpointInput in, Principal principal) {
        UserAccount user = currentUser.of(principal);
        if (in == null || in.endpoint() == null || in.endpoint().length() > MAX_ENDPOINT) {
            throw DomainException.invalid("endpoint", in == null || in.endpoint() == null ? "required" : "too_long");
        }
        String id = PushSubscriptions.idOf(in.endpoint());
        boolean removed = subscriptions.remove(user.id(), id);
        audit.record(new AuditEntry(user.id(), "notify.unsubscribe", "push-subscription", id, null, true,
                removed ? "self" : "not_subscribed", null));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/notify/settings")
    Map<String, Object> settings(Principal principal) {
        return view(preferences.of(currentUser.of(principal).id()));
    }

    @PutMapping("/api/notify/settings")
    Map<String, Object> saveSettings(@RequestBody SettingsInput in, Principal principal) {
        UserAccount user = currentUser.of(principal);
        if (in == null) {
            throw DomainException.invalid("body", "required");
        }
        Preferences current = preferences.of(user.id());
        List<Violation> v = new ArrayList<>();
        Set<NotifyKind> off = EnumSet.noneOf(NotifyKind.class);
        off.addAll(current.off());
        if (in.kinds() != null) {
            for (Map.Entry<String, Boolean> e : in.kinds().entrySet()) {
                NotifyKind kind = kindOf(e.getKey());
                if (kind == null || e.getValue() == null) {
                    // The field names only a known kind: client text is not echoed.
                    v.add(new Violation(kind == null ? "kinds" : "kinds." + kind.wire(), kind == null ? "unknown" : "required"));
                } else if (e.getValue()) {
                    off.remove(kind);
                } else {
                    off.add(kind);
                }
            }
        }
        boolean quiet = current.quiet();
        LocalTime start = current.quietStart();
        LocalTime end = current.quietEnd();
        if (in.quietHours() != null) {
            if (in.quietHours().enabled() != null) {
                quiet = in.quietHours().enabled();
            }
            start = in.quietHours().start() == null ? start : time(in.quietHours().start(), "quietHours.start", v);
            end = in.quietHours().end() == null ? end : time(in.quietHours().end(), "quietHours.end", v);
        }
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        Preferences saved = new Preferences(off, quiet, start, end);
        preferences.save(user.id(), saved);
        audit.record(new AuditEntry(user.id(), "notify.settings", "notify-settings", user.id(), null, true, "self", null));
        return view(saved);
    }

    @GetMapping("/api/notify/targets/{id}")
    Map<String, String> resolve(@PathVariable String id, Principal principal) {
        return notifications.resolve(currentUser.of(principal), id);
    }

    private Map<String, Object> view(Preferences p) {
        Map<String, Boolean> kinds = new LinkedHashMap<>();
        for (NotifyKind k : NotifyKind.values()) {
            kinds.put(k.wire(), p.wants(k));
        }
        Map<String, Object> quiet = new LinkedHashMap<>();
        quiet.put("enabled", p.quiet());
        quiet.put("start", p.quietStart().toString());
        quiet.put("end", p.quietEnd().toString());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kinds", kinds);
        out.put("quietHours", quiet);
        out.put("zone", settings.zone().getId());
        return out;
    }

    private static NotifyKind kindOf(String wire) {
        for (NotifyKind k : NotifyKind.values()) {
            if (k.wire().equals(wire)) {
                return k;
            }
        }
        return null;
    }

    private static LocalTime time(String s, String field, List<Violation> v) {
        if (s.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            try {
                return LocalTime.parse(s);
            } catch (DateTimeParseException e) {
                // falls through
            }
        }
        v.add(new Violation(field, "bad_format"));
        return null;
    }

    /** An https URL of an allowed push service; http only to this machine, and only when configured. */
    private String checkEndpoint(String endpoint, List<Violation> v) {
        if (endpoint == null) {
            v.add(new Violation("endpoint", "required"));
            return null;
        }
        if (endpoint.length() > MAX_ENDPOINT) {
            v.add(new Violation("endpoint", "too_long"));
            return null;
        }
        try {
            URI uri = new URI(endpoint);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            boolean local = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
            boolean ok = uri.getUserInfo() == null && uri.getFragment() == null && !host.isEmpty()
                    && (scheme.equals("https") && (local ? settings.allowInsecureEndpoints() : allowedHost(host))
                        || scheme.equals("http") && local && settings.allowInsecureEndpoints());
            if (!ok) {
                v.add(new Violation("endpoint", "not_allowed"));
                return null;
            }
            return endpoint;
        } catch (URISyntaxException e) {
            v.add(new Violation("endpoint", "bad_format"));
            return null;
        }
    }

    private boolean allowedHost(String host) {
        if (settings.allowedHostSuffixes().isEmpty()) {
            return true;
        }
        for (String suffix : settings.allowedHostSuffixes()) {
            String s = suffix.toLowerCase(Locale.ROOT);
            if (host.equals(s) || host.endsWith("." + s)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] base64url(String s) {
        if (s == null || s.length() > 200) {
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(s.replace("=", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean onCurve(byte[] point) {
        try {
            return point[0] == 4 && ECNamedCurveTable.getByName("secp256r1").getCurve().decodePoint(point).isValid();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
