package jp.renkei.server.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication settings ({@code renkei.auth.*}). The defaults are the values of
 * shared/security-controls.md; they are Renkei's design choices and stay configurable.
 *
 * @param idleTimeout        SP-AUTH-06: a fully logged-in session without a passkey (a shared PC, password +
 *                           TOTP) ends after this long without activity
 * @param absoluteLifetime   SP-AUTH-06: every session ends after this long in any case (a working day)
 * @param secondFactorWindow how long a password-only session may take to give its second factor
 * @param lockoutFailures    SP-AUTH-04: failures within {@code lockoutWindow} that lock a login id
 * @param lockoutWindow      SP-AUTH-04: the window in which failures are counted
 * @param lockoutDuration    SP-AUTH-04: how long a locked login id stays locked
 * @param linkLifetime       SP-AUTH-05: enrolment and reset links expire after this
 * @param passwordHistory    SP-AUTH-03: how many earlier passwords may not be reused
 * @param sweepInterval      how often expired sessions are looked for (their WebSockets closed)
 * @param totpIssuer         the issuer shown in authenticator apps
 * @param lockAfter          SP-AUTH-06: a session on a registered device (signed in or unlocked with a
 *                           passkey) locks after this long without activity, instead of ending; only the
 *                           passkey with user verification unlocks it
 */
@ConfigurationProperties("renkei.auth")
public record AuthProperties(
        @DefaultValue("15m") Duration idleTimeout,
        @DefaultValue("12h") Duration absoluteLifetime,
        @DefaultValue("5m") Duration secondFactorWindow,
        @DefaultValue("5") int lockoutFailures,
        @DefaultValue("15m") Duration lockoutWindow,
        @DefaultValue("15m") Duration lockoutDuration,
        @DefaultValue("24h") Duration linkLifetime,
        @DefaultValue("10") int passwordHistory,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("Renkei") String totpIssuer,
        @DefaultValue("5m") Duration lockAfter) {
}
