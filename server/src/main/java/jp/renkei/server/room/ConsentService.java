package jp.renkei.server.room;

import java.util.ArrayList;
import java.util.List;

import jp.renkei.policy.Action;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.Resources.ConsentWithdrawal;
import jp.renkei.protocol.ServerMessages.ConsentRecorded;
import jp.renkei.protocol.ServerMessages.ConsentWithdrawn;
import jp.renkei.protocol.Violation;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.error.DomainException;
import org.springframework.stereotype.Service;

/**
 * Records and withdraws a patient's consent (SP-CON-01, 02). Both are room events, so the whole team sees
 * them in the timeline and the room's consent state is derived from the log like its membership.
 * Recording again replaces the record (e.g. to name another family member); withdrawal freezes the room.
 */
@Service
public class ConsentService {

    private final RoomLogs logs;
    private final RoomAccess access;
    private final ConsentRules rules;
    private final AccountRepository accounts;

    ConsentService(RoomLogs logs, RoomAccess access, ConsentRules rules, AccountRepository accounts) {
        this.logs = logs;
        this.access = access;
        this.rules = rules;
        this.accounts = accounts;
    }

    /** Records (or replaces) the consent of {@code roomId}; only its host may. Returns the event's seq. */
    public long record(UserAccount host, String roomId, ConsentRecord record) {
        access.require(host, roomId, Action.RECORD_CONSENT);
        List<Violation> violations = new ArrayList<>();
        ConsentRecorded content = record == null ? null : rules.validate(record, "", violations);
        if (content == null) {
            throw violations.isEmpty() ? DomainException.invalid("consent", "required") : DomainException.invalid(violations);
        }
        return logs.exclusive(roomId, () -> {
            Room room = access.require(host, roomId, Action.RECORD_CONSENT);
            requireMembersWithinScope(room, content.scope());
            return logs.append(roomId, EventKind.CONSENT_RECORDED, host.person(), content, null, CommandAudit.none()).seq();
        });
    }

    /**
     * A consent narrower than the team already in the room is refused (SP-CON-01): the host first
     * removes the members whose profession it no longer covers, each removal a visible event. The host,
     * who records the consent with the patient and cannot leave, is never counted; family members are
     * governed by the family the consent names (SP-CON-02), not by its scope.
     */
    private void requireMembersWithinScope(Room room, List<String> scope) {
        if (scope == null || scope.isEmpty()) {
            return;
        }
        Room.Consent narrowed = new Room.Consent(true, java.util.Set.of(), java.util.Set.copyOf(scope));
        List<Violation> outside = new ArrayList<>();
        for (String userId : room.members().keySet()) {
            if (userId.equals(room.hostUserId())) {
                continue;
            }
            Profession profession = accounts.findUser(userId).map(UserAccount::profession).orElse(null);
            if (profession != null && !narrowed.covers(profession)) {
                outside.add(new Violation("members." + userId, "outside_scope"));
            }
        }
        if (!outside.isEmpty()) {
            throw new DomainException(ErrorCode.CONSENT_SCOPE_CONFLICT, null, null, outside);
        }
    }

    /** Records that consent was withdrawn: the room becomes read-only (SP-CON-01). */
    public long withdraw(UserAccount host, String roomId, ConsentWithdrawal withdrawal) {
        access.require(host, roomId, Action.WITHDRAW_CONSENT);
        List<Violation> violations = new ArrayList<>();
        rules.validateDate(withdrawal == null ? null : withdrawal.date(), "date", violations);
        if (!violations.isEmpty()) {
            throw DomainException.invalid(violations);
        }
        return logs.exclusive(roomId, () -> {
            access.require(host, roomId, Action.WITHDRAW_CONSENT);
            return logs.append(roomId, EventKind.CONSENT_WITHDRAWN, host.person(),
                    new ConsentWithdrawn(withdrawal.date()), null, CommandAudit.none()).seq();
        });
    }
}
