package jp.renkei.server.account;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Loads accounts by login id for password authentication. */
@Service
class AccountUserDetailsService implements UserDetailsService {

    private final AccountRepository accounts;

    AccountUserDetailsService(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String loginId) {
        // The message never reaches the client: every failure answers the same AUTH_FAILED (SP-AUTH-04).
        return accounts.findByLogin(loginId).map(RenkeiPrincipal::new)
                .orElseThrow(() -> new UsernameNotFoundException("unknown login"));
    }
}
