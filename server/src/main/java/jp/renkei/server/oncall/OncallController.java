package jp.renkei.server.oncall;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.renkei.policy.Action;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Ids;
import jp.renkei.protocol.Timestamps;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.oncall.EscalationStore.Escalation;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomAccess;
import jp.renkei.server.room.RoomCache;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who covers a patient over HTTP (docs/protocol.md, "On call"): a room's care team and who covers now,
 * cover periods, organisations' on-call rotas, an urgent note's escalation status and one's own
 * content-free alerts. Thin: the services ask the policy and audit.
 */
@RestController
class OncallController {

    private final CurrentUser currentUser;
    private final CareTeamService careTeams;
    private final RotaService rotas;
    private final Escalations escalations;
    private final Alerts alerts;
    private final RoomAccess access;
    private final RoomCache rooms;
    private final AccountRepository accounts;

    OncallController(CurrentUser currentUser, CareTeamService careTeams, RotaService rotas, Escalations escalations,
                     Alerts alerts, RoomAccess access, RoomCache rooms, AccountRepository accounts) {
        this.currentUser = currentUser;
        this.careTeams = careTeams;
        this.rotas = rotas;
        this.escalations = escalations;
        this.alerts = alerts;
        this.access = access;
        this.rooms = rooms;
        this.accounts = accounts;
    }

    @GetMapping("/api/rooms/{roomId}/care-team")
    Map<String, Object> careTeam(@PathVariable String roomId, Principal principal) {
        return careTeams.view(currentUser.of(principal), roomId);
    }

    @PutMapping("/api/rooms/{roomId}/care-team/roles")
    Map<String, Object> setRoles(@PathVariable String roomId,
                                 @RequestBody(required = false) CareTeamService.RolesInput body, Principal principal) {
        UserAccount user = currentUser.of(principal);
        careTeams.setRoles(user, roomId, body);
        return careTeams.view(user, roomId);
    }

    @PostMapping("/api/rooms/{roomId}/care-team/covers")
    ResponseEntity<Map<String, Object>> addCover(@PathVariable String roomId,
                                                 @RequestBody(required = false) CareTeamService.CoverInput body,
                                                 Principal principal) {
        UserAccount user = currentUser.of(principal);
        String coverId = careTeams.addCover(user, roomId, body);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("coverId", coverId);
        out.put("careTeam", careTeams.view(user, roomId));
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    @DeleteMapping("/api/rooms/{roomId}/care-team/covers/{coverId}")
    ResponseEntity<Void> removeCover(@PathVariable String roomId, @PathVariable String coverId, Principal principal) {
        careTeams.removeCover(currentUser.of(principal), roomId, coverId);
        return ResponseEntity.noContent().build();
    }

    /** An urgent note's escalation as its room's members see it (policy {@code READ_TIMELINE}). */
    @GetMapping("/api/rooms/{roomId}/urgent/{noteId}")
    Map<String, Object> urgent(@PathVariable String roomId, @PathVariable String noteId, Principal principal) {
        access.require(currentUser.of(principal), roomId, Action.READ_TIMELINE);
        if (Ids.seqOf(roomId, noteId) < 1) {
            throw new DomainException(ErrorCode.NOTE_NOT_FOUND);
        }
        Escalation e = escalations.of(noteId).filter(x -> x.roomId().equals(roomId))
                .orElseThrow(() -> new DomainException(ErrorCode.NOTE_NOT_FOUND));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("noteId", e.noteId());
        out.put("status", e.ackBy() != null ? "acknowledged" : e.step() >= 4 ? "escalated" : "pending");
        out.put("step", e.step() == 0 ? null : Escalations.STEPS[Math.min(e.step(), 4)]);
        out.put("lastStepAt", e.lastStepAt() == null ? null : Timestamps.format(e.lastStepAt()));
        out.put("nextStepAt", e.ackBy() == null && e.step() < 4 ? Timestamps.format(e.nextDue()) : null);
        out.put("minutes", e.minutes());
        out.put("notified", accounts.findUsers(e.notified()).values().stream().map(UserAccount::person).toList());
        out.put("acknowledgedBy", e.ackBy() == null ? null : accounts.findUser(e.ackBy()).map(UserAccount::person).orElse(null));
        out.put("acknowledgedAt", e.ackAt() == null ? null : Timestamps.format(e.ackAt()));
        return out;
    }

    /** What the signed-in user may do with their organisation's rota (the screens follow). */
    @GetMapping("/api/oncall/me")
    Map<String, Object> me(Principal principal) {
        UserAccount user = currentUser.of(principal);
        String orgId = user.organizationId();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("organizationId", orgId);
        out.put("canViewRota", orgId != null && rotas.may(user, Action.VIEW_ONCALL_ROTA, orgId));
        out.put("canEditRota", orgId != null && rotas.may(user, Action.EDIT_ONCALL_ROTA, orgId));
        // Alerts whose urgent note nobody it was meant for has acknowledged yet.
        out.put("alerts", alerts.of(user.id()).stream()
                .filter(a -> escalations.of(a.noteId()).map(e -> e.ackBy() == null).orElse(false)).count());
        return out;
    }

    @GetMapping("/api/oncall/rotas/{orgId}")
    Map<String, Object> rota(@PathVariable String orgId, Principal principal) {
        return rotas.view(currentUser.of(principal), orgId);
    }

    @PostMapping("/api/oncall/rotas/{orgId}/entries")
    ResponseEntity<Map<String, Object>> addEntry(@PathVariable String orgId,
                                                 @RequestBody(required = false) RotaService.EntryInput body,
                                                 Principal principal) {
        UserAccount user = currentUser.of(principal);
        String entryId = rotas.add(user, orgId, body);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entryId", entryId);
        out.put("rota", rotas.view(user, orgId));
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    @DeleteMapping("/api/oncall/rotas/{orgId}/entries/{entryId}")
    ResponseEntity<Void> removeEntry(@PathVariable String orgId, @PathVariable String entryId, Principal principal) {
        rotas.remove(currentUser.of(principal), orgId, entryId);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/api/oncall/rotas/{orgId}/settings")
    Map<String, Object> settings(@PathVariable String orgId,
                                 @RequestBody(required = false) RotaService.SettingsInput body, Principal principal) {
        UserAccount user = currentUser.of(principal);
        rotas.settings(user, orgId, body);
        return rotas.view(user, orgId);
    }

    /**
     * The signed-in user's content-free alerts: when, who sent the note and which step, never the room or
     * the note; a room id only for someone who may read that room now.
     */
    @GetMapping("/api/oncall/alerts")
    Map<String, Object> alerts(Principal principal) {
        UserAccount user = currentUser.of(principal);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Alerts.Alert a : alerts.of(user.id())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", Timestamps.format(a.at()));
            m.put("step", a.step());
            m.put("sender", accounts.findUser(a.senderId()).map(UserAccount::person).orElse(null));
            Escalation e = escalations.of(a.noteId()).orElse(null);
            m.put("acknowledged", e != null && e.ackBy() != null);
            Room room = rooms.get(a.roomId()).orElse(null);
            m.put("roomId", room != null && access.allows(user, room, Action.READ_TIMELINE) ? room.id() : null);
            out.add(m);
        }
        return Map.of("alerts", out);
    }
}
