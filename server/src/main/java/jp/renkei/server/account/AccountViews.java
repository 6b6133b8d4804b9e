package jp.renkei.server.account;

import jp.renkei.protocol.Resources.UserView;
import org.springframework.stereotype.Component;

/** Maps accounts to what the API shows of them. */
@Component
public class AccountViews {

    private final AccountRepository accounts;

    AccountViews(AccountRepository accounts) {
        this.accounts = accounts;
    }

    public UserView user(UserAccount account) {
        var org = accounts.findOrganization(account.organizationId());
        return new UserView(account.id(), account.name(), account.profession().wire(), account.organizationId(),
                org.map(Organization::name).orElse(null), org.map(o -> o.kind().wire()).orElse(null));
    }
}
