package jp.renkei.server.auth;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import jp.renkei.protocol.Violation;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.error.DomainException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * SP-AUTH-03 (Q&A シQ-54 pattern c, with two factors): at least 12 characters (the guideline's minimum
 * is 8; 12 is Renkei's choice) of at least two kinds (letters, digits, symbols), not containing the
 * login id or the person's name, not a common password, and none of the last {@code passwordHistory}
 * passwords. No forced expiry. Breached-password lists need an outside service or a large list and
 * are left to the operator (docs/architecture.md).
 */
@Component
public class PasswordRules {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    /** Common passwords and Renkei's own words: a short list, the obvious choices. */
    private static final Set<String> COMMON = Set.of("password", "passw0rd", "123456789012", "qwertyuiop",
            "iloveyou", "renkei", "admin", "welcome", "letmein", "abc123", "111111", "000000", "password1",
            "1qaz2wsx", "zaq12wsx", "qwerty123", "sakura", "tokyo", "okayama");

    private final PasswordEncoder encoder;
    private final CredentialStore credentials;

    public PasswordRules(PasswordEncoder encoder, CredentialStore credentials) {
        this.encoder = encoder;
        this.credentials = credentials;
    }

    /**
     * Checks {@code password} for {@code account}; throws {@code INVALID_FIELD} on {@code field} with
     * the problem: {@code too_short}, {@code too_long}, {@code too_simple}, {@code contains_login},
     * {@code common}, {@code reused}.
     */
    public void check(UserAccount account, String password, String field) {
        String problem = problem(account, password);
        if (problem != null) {
            throw DomainException.invalid(List.of(new Violation(field, problem)));
        }
    }

    private String problem(UserAccount account, String raw) {
        if (raw == null) {
            return "required";
        }
        // The strength and common-password checks see the compatibility form (NFKC): full-width
        // "Ｐａｓｓｗｏｒｄ１２３４" is "Password1234". The password itself is stored as typed.
        String password = java.text.Normalizer.normalize(raw, java.text.Normalizer.Form.NFKC);
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return "too_short";
        }
        if (length > MAX_LENGTH) {
            return "too_long";
        }
        boolean letter = password.codePoints().anyMatch(Character::isLetter);
        boolean digit = password.codePoints().anyMatch(Character::isDigit);
        boolean other = password.codePoints().anyMatch(c -> !Character.isLetterOrDigit(c));
        if ((letter ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0) < 2) {
            return "too_simple";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String login = account.loginId() == null ? "" : account.loginId().toLowerCase(Locale.ROOT);
        if (login.length() >= 3 && lower.contains(login)) {
            return "contains_login";
        }
        String letters = lower.replaceAll("[^\\p{L}]", "");
        String digits = lower.replaceAll("[^\\p{N}]", "");
        for (String word : COMMON) {
            if (lower.equals(word) || (letters.equals(word) && !letters.isEmpty()) || digits.equals(word)
                    || lower.replaceAll("[^\\p{L}\\p{N}]", "").equals(word)) {
                return "common";
            }
        }
        if (account.passwordHash() != null && encoder.matches(raw, account.passwordHash())) {
            return "reused";
        }
        for (String old : credentials.passwordHistory(account.id())) {
            if (encoder.matches(raw, old)) {
                return "reused";
            }
        }
        return null;
    }
}
