package jp.renkei.server.notify;

import jp.renkei.server.auth.AuthSessions;
import jp.renkei.server.auth.Passkeys;
import jp.renkei.server.notify.PushSubscriptions.Subscription;
import org.springframework.stereotype.Component;

/**
 * How long a browser's push subscription lasts: as long as the sign-in it was made on (SP-MOB-01,
 * SP-AUTH-06). On a registered device (signed in with its passkey) that is until the passkey is revoked,
 * the user signs out there or is offboarded: the session may end after its lifetime, the phone keeps
 * being told that something arrived and unlocks with the passkey. On a device without a passkey (a shared
 * PC) it is the session itself: once it ends (sign-out, idle timeout, lifetime, a restart) nothing more is
 * sent to that browser. Checked when a notification is about to be sent; a subscription that has ended
 * is removed then.
 */
@Component
class SubscriptionLifetime {

    private final AuthSessions sessions;
    private final Passkeys passkeys;

    SubscriptionLifetime(AuthSessions sessions, Passkeys passkeys) {
        this.sessions = sessions;
        this.passkeys = passkeys;
    }

    /** What to store with a subscription made on HTTP session {@code sessionId}: {credentialId, sessionHandle}. */
    String[] bindingOf(String sessionId) {
        String credential = sessions.deviceCredentialOf(sessionId);
        return credential != null ? new String[] {credential, null} : new String[] {null, sessions.handleOf(sessionId)};
    }

    /** Whether {@code sub} of {@code userId} may still be sent to. */
    boolean isCurrent(String userId, Subscription sub) {
        if (sub.credentialId() != null) {
            return passkeys.isRegistered(userId, sub.credentialId());
        }
        return sessions.isSignedIn(sub.sessionHandle(), userId);
    }
}
