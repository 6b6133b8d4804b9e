package jp.renkei.server.room;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jp.renkei.policy.Action;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Limits;
import jp.renkei.protocol.Resources.CloseRoom;
import jp.renkei.protocol.ServerMessages.MemberGone;
import jp.renkei.protocol.ServerMessages.RoomClosed;
import jp.renkei.protocol.ServerMessages.RoomReopened;
import jp.renkei.protocol.Timestamps;
import jp.renkei.protocol.Violation;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.error.DomainException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * When care ends (SP-RET-02): the host closes a patient room with a reason and the day care ended, and may
 * reopen it before the purge. Both are room events (so the log, live delivery and the room's state agree),
 * each carrying its audit entry. The family's access ends {@code renkei.closure.family-access-days} after
 * the closure (0: at once), measured on the application's {@link Clock}; the policy checks it at every
 * request and delivery, so no timer is needed.
 */
@Service
public class ClosureService {

    /** The closure reasons: 在宅看取り, 施設入所, 長期入院, 転居, その他. */
    public static final Set<String> REASONS = Set.of("home_death", "facility_admission", "long_term_hospitalization",
            "moved", "other");

    private final RoomLogs logs;
    private final RoomAccess access;
    private final AccountRepository accounts;
    private final Clock clock;
    private final Duration familyAccess;

    ClosureService(RoomLogs logs, RoomAccess access, AccountRepository accounts, Clock clock,
                   @Value("${renkei.closure.family-access-days:0}") int familyAccessDays) {
        if (familyAccessDays < 0 || familyAccessDays > 365) {
            throw new IllegalArgumentException("renkei.closure.family-access-days must be 0 to 365");
        }
        this.logs = logs;
        this.access = access;
        this.accounts = accounts;
        this.clock = clock;
        this.familyAccess = Duration.ofDays(familyAccessDays);
    }

    /** Closes the room; only its host may. Nothing changes if the request is refused. */
    public long close(UserAccount host, String roomId, CloseRoom request) {
        Room before = access.require(host, roomId, Action.CLOSE_ROOM);
        RoomClosed content = validate(request, before);
        return logs.exclusive(roomId, () -> {
            access.require(host, roomId, Action.CLOSE_ROOM);
            return logs.append(roomId, EventKind.ROOM_CLOSED, host.person(), content, null,
                    CommandAudit.of(new AuditEntry(host.id(), "room.close", "room", roomId, roomId, true,
                            "room_host", null)), clock.instant()).seq();
        });
    }

    /**
     * Reopens a closed room (the patient came home). Family members whose access had already ended are removed
     * first, each a {@code member.removed} event: they come back only through a new invitation, which checks
     * the consent in force again (INV-3, INV-4).
     */
    public long reopen(UserAccount host, String roomId) {
        return logs.exclusive(roomId, () -> {
            Room room = access.require(host, roomId, Action.REOPEN_ROOM);
            Instant now = clock.instant();
            List<String> removed = new ArrayList<>();
            if (room.closure().familyAccessEnded(now)) {
                for (UserAccount member : accounts.findUsers(room.members().keySet()).values()) {
                    if (member.profession() == Profession.FAMILY) {
                        logs.append(roomId, EventKind.MEMBER_REMOVED, host.person(), new MemberGone(member.id()), null,
                                CommandAudit.of(new AuditEntry(host.id(), "member.remove", "member", member.id(),
                                        roomId, true, "family_access_ended", null)), now);
                        removed.add(member.id());
                    }
                }
            }
            removed.sort(null);
            return logs.append(roomId, EventKind.ROOM_REOPENED, host.person(), new RoomReopened(removed), null,
                    CommandAudit.of(new AuditEntry(host.id(), "room.reopen", "room", roomId, roomId, true,
                            "room_host", null)), now).seq();
        });
    }

    private RoomClosed validate(CloseRoom request, Room room) {
        List<Violation> violations = new ArrayList<>();
        if (request == null) {
            throw DomainException.invalid("reason", "required");
        }
        String reason = request.reason();
        if (reason == null) {
            violations.add(new Violation("reason", "required"));
        } else if (!REASONS.contains(reason)) {
            violations.add(new Violation("reason", "unknown_value"));
        }
        String note = request.note() == null ? null : request.note().strip();
        if ("other".equals(reason)) {
            if (note == null || note.isEmpty()) {
                violations.add(new Violation("note", "required"));
            } else if (note.codePointCount(0, note.length()) > Limits.MAX_CLOSURE_NOTE) {
                violations.add(new Violation("note", "too_long"));
            }
        } else if (request.note() != null) {
            violations.add(new Violation("note", request.note().codePointCount(0, request.note().length())
                    > Limits.MAX_CLOSURE_NOTE ? "too_long" : "not_allowed"));
        }
        if (request.date() == null) {
            violations.add(new Violation("date", "required"));
        } else {
            try {
                LocalDate date = LocalDate.parse(request.date());
                LocalDate today = LocalDate.now(clock.withZone(ConsentRules.JAPAN));
                LocalDate created = room.createdAt() == null ? null
                        : room.createdAt().atZone(ConsentRules.JAPAN).toLocalDate();
                if (date.isAfter(today) || (created != null && date.isBefore(created)) || date.getYear() < 2000) {
                    violations.add(new Violation("date", "out_of_range"));
                }
            } catch (DateTimeParseException e) {
                violations.add(new Violation("date", "bad_format"));
            }
        }
        if (!violations.isEmpty()) {
            throw DomainException.invalid(violations);
        }
        return new RoomClosed(reason, "other".equals(reason) ? note : null, request.date(),
                Timestamps.format(clock.instant().plus(familyAccess)));
    }
}
