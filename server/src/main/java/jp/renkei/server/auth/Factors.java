package jp.renkei.server.auth;

import java.util.Collection;
import java.util.List;

import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authentication factors a session holds, as Spring Security 7 factor authorities
 * ({@link FactorGrantedAuthority}). SP-AUTH-02: every API call and the WebSocket need two distinct
 * factors: the password <em>and</em> a second factor (TOTP or a passkey), or a passkey <em>with user
 * verification</em> alone (the device-bound key is possession; the fingerprint, face or device PIN that
 * the authenticator checked is inherence or knowledge). A password-only session, and a passkey without
 * user verification, reach only the second-factor step.
 */
public final class Factors {

    public static final String PASSWORD = FactorGrantedAuthority.PASSWORD_AUTHORITY;
    /** Spring Security names no TOTP factor; this one follows its naming. */
    public static final String TOTP = "FACTOR_TOTP";
    public static final String WEBAUTHN = FactorGrantedAuthority.WEBAUTHN_AUTHORITY;
    /**
     * The authenticator verified its user (the UV flag of a passkey assertion made with
     * {@code userVerification: required}): with {@link #WEBAUTHN}, a second factor of its own.
     */
    public static final String USER_VERIFICATION = "FACTOR_USER_VERIFICATION";

    private Factors() {
    }

    /** Whether {@code auth} holds the password and a second factor, or a user-verified passkey. */
    public static boolean complete(Authentication auth) {
        return auth != null && auth.isAuthenticated()
                && ((has(auth, PASSWORD) && (has(auth, TOTP) || has(auth, WEBAUTHN)))
                || (has(auth, WEBAUTHN) && has(auth, USER_VERIFICATION)));
    }

    /** Whether {@code auth} holds the password but no second factor yet. */
    public static boolean passwordOnly(Authentication auth) {
        return auth != null && auth.isAuthenticated() && has(auth, PASSWORD) && !complete(auth);
    }

    /** The authorization rule for everything behind the login: two factors (see {@link #complete}). */
    public static <T> AuthorizationManager<T> bothFactors() {
        return AuthorizationManagers.anyOf(
                AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasAuthority(PASSWORD),
                        AuthorizationManagers.anyOf(AuthorityAuthorizationManager.hasAuthority(TOTP),
                                AuthorityAuthorizationManager.hasAuthority(WEBAUTHN))),
                AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasAuthority(WEBAUTHN),
                        AuthorityAuthorizationManager.hasAuthority(USER_VERIFICATION)));
    }

    /** The authorities of a session: the profession role and the factors given, each with its time. */
    static List<GrantedAuthority> authorities(String role, Collection<String> factors) {
        List<GrantedAuthority> out = new java.util.ArrayList<>();
        out.add(new SimpleGrantedAuthority(role));
        for (String f : factors) {
            out.add(FactorGrantedAuthority.withAuthority(f).build());
        }
        return out;
    }

    private static boolean has(Authentication auth, String authority) {
        for (GrantedAuthority a : auth.getAuthorities()) {
            if (authority.equals(a.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
