package jp.renkei.server.account;

import java.security.Principal;
import java.util.List;
import java.util.Locale;

import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Resources.UserView;
import jp.renkei.server.error.DomainException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider directory: care staff of the region, to find whom to invite. Holds no patient data;
 * family accounts are never listed with care staff. Only care staff may search it.
 *
 * <p>{@code profession=family} finds family accounts instead, for the host naming them in a patient's
 * consent (SP-CON-02): by name only, with at least {@link #MIN_FAMILY_QUERY} characters and at most
 * {@link #MAX_FAMILY_RESULTS} answers, so the family accounts cannot be listed wholesale. The search is
 * audited like every directory search ({@code directory.search}, AuditHttpFilter).
 */
@RestController
@RequestMapping("/api/directory")
class DirectoryController {

    private static final int MAX_RESULTS = 50;
    /** Family search (consent sheet): a name fragment of at least this many characters. */
    static final int MIN_FAMILY_QUERY = 2;
    /** Family search answers at most this many accounts. */
    static final int MAX_FAMILY_RESULTS = 10;

    private final AccountRepository accounts;
    private final AccountViews views;
    private final CurrentUser currentUser;

    DirectoryController(AccountRepository accounts, AccountViews views, CurrentUser currentUser) {
        this.accounts = accounts;
        this.views = views;
        this.currentUser = currentUser;
    }

    @GetMapping("/users")
    List<UserView> users(@RequestParam(name = "q", defaultValue = "") String query,
                         @RequestParam(name = "profession", required = false) String profession,
                         Principal principal) {
        UserAccount me = currentUser.of(principal);
        if (!me.profession().isCareStaff()) {
            throw new DomainException(ErrorCode.FORBIDDEN, null, "profession_not_allowed", null);
        }
        if (query.length() > 50) {
            throw DomainException.invalid("q", "too_long");
        }
        String q = query.strip().toLowerCase(Locale.ROOT);
        if (profession != null) {
            return family(q, profession);
        }
        return accounts.allUsers().stream()
                .filter(u -> u.active() && u.profession().isCareStaff())
                .map(views::user)
                .filter(u -> q.isEmpty() || u.name().toLowerCase(Locale.ROOT).contains(q)
                        || (u.organizationName() != null && u.organizationName().toLowerCase(Locale.ROOT).contains(q)))
                .limit(MAX_RESULTS)
                .toList();
    }

    /** Family accounts whose name contains {@code q} (SP-CON-02: naming family in the consent). */
    private List<UserView> family(String q, String profession) {
        if (!"family".equals(profession)) {
            throw DomainException.invalid("profession", "not_allowed");
        }
        if (q.codePointCount(0, q.length()) < MIN_FAMILY_QUERY) {
            throw DomainException.invalid("q", "too_short");
        }
        return accounts.allUsers().stream()
                .filter(u -> u.active() && u.profession() == jp.renkei.policy.Profession.FAMILY)
                .map(views::user)
                .filter(u -> u.name().toLowerCase(Locale.ROOT).contains(q))
                .limit(MAX_FAMILY_RESULTS)
                .toList();
    }
}
