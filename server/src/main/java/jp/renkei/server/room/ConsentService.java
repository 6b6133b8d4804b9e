package jp.renkei.server.room;

import java.util.ArrayList;
import java.util.List;

import jp.renkei.policy.Action;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.Resources.ConsentWithdrawal;
import jp.renkei.protocol.ServerMessages.ConsentRecorded;
import jp.renkei.protocol.ServerMessages.ConsentWithdrawn;
import jp.renkei.protocol.Violation;
import jp.renkei.server.audit.CommandAudit;
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

    ConsentService(RoomLogs logs, RoomAccess access, ConsentRules rules) {
        this.logs = logs;
        this.access = access;
        this.rules = rules;
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
            access.require(host, roomId, Action.RECORD_CONSENT);
            return logs.append(roomId, EventKind.CONSENT_RECORDED, host.person(), content, null, CommandAudit.none()).seq();
        });
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
