package jp.renkei.server.room;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.Ids;
import jp.renkei.protocol.Limits;
import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.ServerMessages.ConsentRecorded;
import jp.renkei.protocol.Violation;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import org.springframework.stereotype.Component;

/**
 * Validates a consent record (SP-CON-01, 02): who consented (本人, or 代理人 with 続柄), how (書面 or
 * 口頭), when (not in the future, Japan time), the professions in scope, and the family accounts it names.
 */
@Component
public class ConsentRules {

    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final Set<String> CONSENTED_BY = Set.of("patient", "representative");
    private static final Set<String> METHODS = Set.of("written", "oral");

    private final AccountRepository accounts;
    private final Clock clock;

    public ConsentRules(AccountRepository accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * The event content for a valid {@code record}, or {@code null} with the problems added to
     * {@code violations} (field names prefixed with {@code prefix}).
     */
    public ConsentRecorded validate(ConsentRecord record, String prefix, List<Violation> violations) {
        int before = violations.size();
        if (record.consentedBy() == null) {
            violations.add(new Violation(prefix + "consentedBy", "required"));
        } else if (!CONSENTED_BY.contains(record.consentedBy())) {
            violations.add(new Violation(prefix + "consentedBy", "unknown_value"));
        }
        String relationship = record.relationship() == null ? null : record.relationship().strip();
        if ("representative".equals(record.consentedBy()) && (relationship == null || relationship.isEmpty())) {
            violations.add(new Violation(prefix + "relationship", "required"));
        } else if (relationship != null && relationship.codePointCount(0, relationship.length()) > Limits.MAX_RELATIONSHIP) {
            violations.add(new Violation(prefix + "relationship", "too_long"));
        }
        if (record.method() == null) {
            violations.add(new Violation(prefix + "method", "required"));
        } else if (!METHODS.contains(record.method())) {
            violations.add(new Violation(prefix + "method", "unknown_value"));
        }
        validateDate(record.date(), prefix + "date", violations);
        List<String> scope = record.scope() == null ? List.of() : record.scope();
        if (scope.size() > Profession.values().length) {
            violations.add(new Violation(prefix + "scope", "too_many"));
        } else {
            for (String p : scope) {
                Profession profession = Profession.fromWire(p);
                if (profession == null || !profession.isCareStaff()) {
                    violations.add(new Violation(prefix + "scope", "unknown_value"));
                    break;
                }
            }
        }
        List<String> family = record.familyUserIds() == null ? List.of() : record.familyUserIds();
        if (family.size() > Limits.MAX_CONSENT_FAMILY) {
            violations.add(new Violation(prefix + "familyUserIds", "too_many"));
        } else {
            for (String id : family) {
                UserAccount user = Ids.isValidUserId(id) ? accounts.findUser(id).orElse(null) : null;
                if (user == null || user.profession() != Profession.FAMILY) {
                    violations.add(new Violation(prefix + "familyUserIds", "not_a_family_account"));
                    break;
                }
            }
        }
        if (violations.size() > before) {
            return null;
        }
        return new ConsentRecorded(record.consentedBy(),
                "representative".equals(record.consentedBy()) ? relationship : null, record.method(), record.date(),
                List.copyOf(new LinkedHashSet<>(scope)), List.copyOf(new LinkedHashSet<>(family)));
    }

    /** Adds a violation unless {@code date} is an ISO date between 2000-01-01 and today in Japan. */
    void validateDate(String date, String field, List<Violation> violations) {
        if (date == null) {
            violations.add(new Violation(field, "required"));
            return;
        }
        try {
            LocalDate d = LocalDate.parse(date);
            if (d.isAfter(LocalDate.now(clock.withZone(JAPAN))) || d.getYear() < 2000) {
                violations.add(new Violation(field, "out_of_range"));
            }
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "bad_format"));
        }
    }
}
