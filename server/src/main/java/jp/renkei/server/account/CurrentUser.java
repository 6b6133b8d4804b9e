package jp.renkei.server.account;

import java.security.Principal;

import jp.renkei.server.error.DomainException;
import jp.renkei.protocol.ErrorCode;
import org.springframework.stereotype.Component;

/** Resolves the account behind a request's or a STOMP session's principal, checked on every use. */
@Component
public class CurrentUser {

    private final AccountRepository accounts;

    public CurrentUser(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /**
     * The current account of {@code principal}.
     *
     * @throws DomainException {@link ErrorCode#UNAUTHENTICATED} if there is no principal or the account is gone
     */
    public UserAccount of(Principal principal) {
        if (principal == null) {
            throw new DomainException(ErrorCode.UNAUTHENTICATED);
        }
        return accounts.findUser(principal.getName())
                .orElseThrow(() -> new DomainException(ErrorCode.UNAUTHENTICATED));
    }
}
