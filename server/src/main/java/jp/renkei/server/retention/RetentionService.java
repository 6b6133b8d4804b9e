package jp.renkei.server.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.policy.Target;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Limits;
import jp.renkei.protocol.Resources.PurgeResult;
import jp.renkei.protocol.Resources.RetentionDue;
import jp.renkei.protocol.ServerMessages.RoomPurged;
import jp.renkei.protocol.Timestamps;
import jp.renkei.protocol.Violation;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.crypto.RoomKeys;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.room.RetentionPeriod;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.room.RoomLogs;
import jp.renkei.server.room.RoomRepository;
import jp.renkei.server.room.RoomRepository.ClosureRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The purge of closed rooms whose retention period has ended (SP-RET-01, SP-RET-03). Nothing is purged by a
 * timer: the application's {@link Clock} decides what is due, and a facility administrator of the host's
 * organisation (or the operator) confirms the ids. A purge appends {@code room.purged} (so members see it and
 * the log says who decided), then destroys the room's key ({@link RoomKeys#destroy}): every sealed record of
 * the room, in the database and in backups, becomes unreadable. The audit trail keeps the decision.
 */
@Service
public class RetentionService {

    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);
    private static final java.time.ZoneId JAPAN = java.time.ZoneId.of("Asia/Tokyo");

    private final RoomRepository rooms;
    private final RoomCache cache;
    private final RoomLogs logs;
    private final RoomKeys keys;
    private final AccountRepository accounts;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final RetentionPeriod period;
    private final Clock clock;

    RetentionService(RoomRepository rooms, RoomCache cache, RoomLogs logs, RoomKeys keys, AccountRepository accounts,
                     AccessPolicy policy, AuditTrail audit, RetentionPeriod period, Clock clock) {
        this.rooms = rooms;
        this.cache = cache;
        this.logs = logs;
        this.keys = keys;
        this.accounts = accounts;
        this.policy = policy;
        this.audit = audit;
        this.period = period;
        this.clock = clock;
    }

    /** The rooms due for purge that {@code user} may purge, oldest first. Refused to anyone but admins. */
    public List<RetentionDue> due(UserAccount user) {
        requireAllowed(user, user.organizationId(), "retention.due", null);
        List<RetentionDue> out = new ArrayList<>(dueRooms(user).values());
        audit.record(new AuditEntry(user.id(), "retention.due", "retention", null, null, true,
                "count=" + out.size(), null));
        return out;
    }

    /**
     * Purges the confirmed rooms. Every id must be due and the caller's to purge, or nothing is purged: an id
     * that is due but hosted by another organisation is a policy denial (403), any other id {@code not_due}.
     */
    public PurgeResult purge(UserAccount user, List<String> roomIds) {
        requireAllowed(user, user.organizationId(), "room.purge", null);
        if (roomIds == null || roomIds.isEmpty()) {
            throw DomainException.invalid("roomIds", "required");
        }
        if (roomIds.size() > Limits.MAX_PURGE_BATCH) {
            throw DomainException.invalid("roomIds", "too_many");
        }
        Map<String, RetentionDue> mine = dueRooms(user);
        Map<String, ClosureRow> allDue = new LinkedHashMap<>();
        for (ClosureRow row : rooms.closures()) {
            if (row.purgedAt() == null && isDue(row)) {
                allDue.put(row.roomId(), row);
            }
        }
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < roomIds.size(); i++) {
            String id = roomIds.get(i);
            if (mine.containsKey(id)) {
                continue;
            }
            if (allDue.containsKey(id)) {
                requireAllowed(user, allDue.get(id).hostOrganizationId(), "room.purge", id); // throws: another org
            }
            violations.add(new Violation("roomIds[" + i + "]", "not_due"));
        }
        if (!violations.isEmpty()) {
            audit.record(new AuditEntry(user.id(), "room.purge", "retention", null, null, false, "not_due", null));
            throw DomainException.invalid(violations);
        }
        List<PurgeResult.PurgedRoom> purged = new ArrayList<>();
        for (String roomId : roomIds.stream().distinct().toList()) {
            Instant at = clock.instant();
            boolean done = logs.exclusive(roomId, () -> {
                // Checked again under the room's write lock: a room reopened (or closed again with another
                // date) since the list was read is left alone and not reported as purged.
                var room = cache.get(roomId).orElse(null);
                if (room == null || !room.closed() || room.purged() || !LocalDate.now(clock.withZone(JAPAN))
                        .isAfter(period.until(room.closure().date(), room.closure().hostOrganizationId(), accounts))) {
                    return false;
                }
                // The event first (members receive it while the room is still readable), then the room is
                // marked purged and its key destroyed.
                logs.append(roomId, EventKind.ROOM_PURGED, user.person(), new RoomPurged(Timestamps.format(at)), null,
                        CommandAudit.of(new AuditEntry(user.id(), "room.purge", "room", roomId, roomId, true,
                                "retention_ended", null)), at);
                finish(roomId, at);
                return true;
            });
            if (done) {
                purged.add(new PurgeResult.PurgedRoom(roomId, Timestamps.format(at)));
            }
        }
        return new PurgeResult(purged);
    }

    /**
     * A purge interrupted after its {@code room.purged} event was applied (the process stopped before the room
     * was marked purged or its key destroyed) is finished at startup, before anyone can read the room again.
     * (If the process stopped even before the event was applied, the log re-applies it on the room's first
     * use and the administrator sees the room neither due nor purged until the next start.)
     */
    @EventListener(ApplicationReadyEvent.class)
    void finishInterruptedPurges() {
        for (ClosureRow row : rooms.closures()) {
            if (row.purgedAt() != null && (!keys.isDestroyed(row.roomId())
                    || cache.get(row.roomId()).map(r -> !r.purged()).orElse(false))) {
                log.warn("Finishing the interrupted purge of {}", row.roomId());
                finish(row.roomId(), row.purgedAt());
            }
        }
    }

    /** Marks the room purged and destroys its key (crypto-shredding, SP-RET-03). Idempotent. */
    private void finish(String roomId, Instant at) {
        rooms.markPurged(roomId, at);
        keys.destroy(roomId);
        cache.refresh(roomId);
    }

    private Map<String, RetentionDue> dueRooms(UserAccount user) {
        List<ClosureRow> rows = new ArrayList<>(rooms.closures());
        rows.sort(Comparator.comparing(ClosureRow::date).thenComparing(ClosureRow::roomId));
        Map<String, RetentionDue> out = new LinkedHashMap<>();
        for (ClosureRow row : rows) {
            if (row.purgedAt() != null || !isDue(row)
                    || !policy.decide(user.subject(), Action.PURGE_ROOM, null, null,
                    Target.organization(row.hostOrganizationId())).allowed()) {
                continue;
            }
            var room = cache.get(row.roomId()).orElse(null);
            String hostId = room == null ? null : room.hostUserId();
            String hostName = hostId == null ? null : accounts.findUser(hostId).map(UserAccount::name).orElse(null);
            out.put(row.roomId(), new RetentionDue(row.roomId(), hostId, hostName, row.hostOrganizationId(),
                    row.reason(), row.date().toString(), until(row).toString()));
        }
        return out;
    }

    private LocalDate until(ClosureRow row) {
        return period.until(row.date(), row.hostOrganizationId(), accounts);
    }

    /** Due from the day after the last day of the retention period (Japan time, on the application's clock). */
    private boolean isDue(ClosureRow row) {
        return LocalDate.now(clock.withZone(JAPAN)).isAfter(until(row));
    }

    private void requireAllowed(UserAccount user, String organizationId, String action, String roomId) {
        Decision d = policy.decide(user.subject(), Action.PURGE_ROOM, null, null, Target.organization(organizationId));
        if (!d.allowed()) {
            audit.record(new AuditEntry(user.id(), action, "room", roomId, roomId, false, d.reason().code(), null));
            throw new DomainException(ErrorCode.FORBIDDEN, null, d.reason().code(), null);
        }
    }
}
