package jp.renkei.server.account;

import java.security.Principal;
import java.util.List;
import java.util.Locale;

import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Resources.UserView;
import jp.renkei.server.web.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider directory: care staff of the region, to find whom to invite. Holds no patient data;
 * family accounts are never listed. Only care staff may search it.
 */
@RestController
@RequestMapping("/api/directory")
class DirectoryController {

    private static final int MAX_RESULTS = 50;

    private final AccountRepository accounts;
    private final AccountViews views;
    private final CurrentUser currentUser;

    DirectoryController(AccountRepository accounts, AccountViews views, CurrentUser currentUser) {
        this.accounts = accounts;
        this.views = views;
        this.currentUser = currentUser;
    }

    @GetMapping("/users")
    List<UserView> users(@RequestParam(name = "q", defaultValue = "") String query, Principal principal) {
        UserAccount me = currentUser.of(principal);
        if (!me.profession().isCareStaff()) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "profession_not_allowed", null);
        }
        if (query.length() > 50) {
            throw ApiException.invalid("q", "too_long");
        }
        String q = query.strip().toLowerCase(Locale.ROOT);
        return accounts.allUsers().stream()
                .filter(u -> u.active() && u.profession().isCareStaff())
                .map(views::user)
                .filter(u -> q.isEmpty() || u.name().toLowerCase(Locale.ROOT).contains(q)
                        || (u.organizationName() != null && u.organizationName().toLowerCase(Locale.ROOT).contains(q)))
                .limit(MAX_RESULTS)
                .toList();
    }
}
