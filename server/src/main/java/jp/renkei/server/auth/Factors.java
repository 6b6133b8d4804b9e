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
 * ({@link FactorGrantedAuthority}). SP-AUTH-02: every API call and the WebSocket need the password
 * <em>and</em> a second, distinct factor (TOTP or a passkey); a password-only session reaches only the
 * second-factor step.
 */
public final class Factors {

    public static final String PASSWORD = FactorGrantedAuthority.PASSWORD_AUTHORITY;
    /** Spring Security names no TOTP factor; this one follows its naming. */
    public static final String TOTP = "FACTOR_TOTP";
    public static final String WEBAUTHN = FactorGrantedAuthority.WEBAUTHN_AUTHORITY;

    private Factors() {
    }

    /** Whether {@code auth} holds the password and a second factor. */
    public static boolean complete(Authentication auth) {
        return auth != null && auth.isAuthenticated() && has(auth, PASSWORD) && (has(auth, TOTP) || has(auth, WEBAUTHN));
    }

    /** Whether {@code auth} holds the password but no second factor yet. */
    public static boolean passwordOnly(Authentication auth) {
        return auth != null && auth.isAuthenticated() && has(auth, PASSWORD) && !complete(auth);
    }

    /** The authorization rule for everything behind the login: both factors. */
    public static <T> AuthorizationManager<T> bothFactors() {
        return AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasAuthority(PASSWORD),
                AuthorizationManagers.anyOf(AuthorityAuthorizationManager.hasAuthority(TOTP),
                        AuthorityAuthorizationManager.hasAuthority(WEBAUTHN)));
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
