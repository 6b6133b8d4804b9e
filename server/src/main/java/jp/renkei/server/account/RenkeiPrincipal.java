package jp.renkei.server.account;

import java.util.Collection;
import java.util.List;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The logged-in user. {@link #getUsername()} is the <em>user id</em>, not the login id, so that
 * {@code Principal.getName()} everywhere (HTTP and STOMP) names the account unambiguously.
 * Authorization never relies on what is stored here beyond the id: rooms ask the current account.
 */
public final class RenkeiPrincipal implements UserDetails, CredentialsContainer {

    private final String userId;
    private String passwordHash;
    private final boolean active;
    private final List<GrantedAuthority> authorities;

    public RenkeiPrincipal(UserAccount account) {
        this.userId = account.id();
        this.passwordHash = account.passwordHash();
        this.active = account.active();
        this.authorities = List.of(new SimpleGrantedAuthority("ROLE_" + account.profession().name()));
    }

    public String userId() {
        return userId;
    }

    @Override
    public String getUsername() {
        return userId;
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return authorities;
    }

    @Override
    public boolean isEnabled() {
        return active;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
