package jp.renkei.server.staff;

import java.util.ArrayList;
import java.util.List;

import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.room.RoomRepository;
import jp.renkei.server.room.RoomService;
import jp.renkei.server.room.RoomService.LeaverRoom;
import org.springframework.stereotype.Service;
import jp.renkei.server.auth.AuthSessions;
import jp.renkei.server.auth.CredentialStore;
import jp.renkei.server.auth.EnrolmentLinks;
import jp.renkei.server.auth.Passkeys;

/**
 * Offboarding a leaver (退職処理, SP-AUTHZ-05), in this order: the account is disabled first (every
 * later check, HTTP or STOMP delivery, refuses it), then its password, second factors and open link
 * are revoked, every session on this node ends and its WebSockets close, and last the memberships end
 * as room events, each hosted room passing to another host (or to the archive). All of it happens
 * before the request returns, well within the control's 60 seconds.
 */
@Service
public class Offboarding {

    /** What offboarding did. */
    public record Result(String userId, int sessionsEnded, List<RoomOutcome> rooms) {
    }

    /**
     * What happened in one room, named as the administrator knows it: the patient's name for a patient
     * room (the room's title otherwise) and the new host's name, beside the ids.
     */
    public record RoomOutcome(String roomId, String roomKind, String roomName, String outcome, String newHostUserId,
                              String newHostName) {
    }

    private final AccountRepository accounts;
    private final CredentialStore credentials;
    private final Passkeys passkeys;
    private final EnrolmentLinks links;
    private final AuthSessions sessions;
    private final RoomRepository roomRepository;
    private final RoomService rooms;
    private final AuditTrail audit;

    Offboarding(AccountRepository accounts, CredentialStore credentials, Passkeys passkeys, EnrolmentLinks links,
                AuthSessions sessions, RoomRepository roomRepository, RoomService rooms, AuditTrail audit) {
        this.passkeys = passkeys;
        this.accounts = accounts;
        this.credentials = credentials;
        this.links = links;
        this.sessions = sessions;
        this.roomRepository = roomRepository;
        this.rooms = rooms;
        this.audit = audit;
    }

    /** Offboards {@code leaver}; the caller has checked {@code OFFBOARD_USER} with the policy. */
    public Result offboard(UserAccount admin, UserAccount leaver, String origin) {
        accounts.deactivate(leaver.id());
        credentials.revokeSecondFactors(leaver.id());
        passkeys.revokeAll(leaver.id());
        links.consume(leaver.id());
        int ended = sessions.endAllOf(leaver.id());
        UserAccount disabled = accounts.findUser(leaver.id()).orElse(leaver);
        List<RoomOutcome> done = new ArrayList<>();
        for (String roomId : roomRepository.roomIdsOf(leaver.id())) {
            LeaverRoom outcome = rooms.removeLeaver(admin, roomId, disabled);
            done.add(named(outcome));
            audit.record(new AuditEntry(admin.id(), "offboard.room", "room", roomId, roomId, true, outcome.outcome(),
                    origin));
        }
        audit.record(new AuditEntry(admin.id(), "offboard", "account", leaver.id(), null, true, "staff_admin", origin));
        return new Result(leaver.id(), ended, done);
    }

    private RoomOutcome named(LeaverRoom outcome) {
        var room = roomRepository.find(outcome.roomId()).orElse(null);
        String kind = room == null ? null : room.kind().name().toLowerCase(java.util.Locale.ROOT);
        String name = room == null ? null
                : room.patient() != null && room.patient().name() != null ? room.patient().name() : room.title();
        String hostName = outcome.newHostUserId() == null ? null
                : accounts.findUser(outcome.newHostUserId()).map(UserAccount::name).orElse(null);
        return new RoomOutcome(outcome.roomId(), kind, name, outcome.outcome(), outcome.newHostUserId(), hostName);
    }
}
