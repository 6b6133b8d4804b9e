package jp.renkei.server.oncall;

import java.time.Instant;

import jp.renkei.server.account.UserAccount;
import org.springframework.stereotype.Component;

/**
 * The way other modules (the demo data) set up care teams and rotas: the same checks, events and audit
 * entries as the HTTP API, acting as the given user.
 */
@Component
public class OncallSetup {

    private final CareTeamService careTeams;
    private final RotaService rotas;

    OncallSetup(CareTeamService careTeams, RotaService rotas) {
        this.careTeams = careTeams;
        this.rotas = rotas;
    }

    /** Sets the room's 主治医 and 副主治医 as {@code by} (the host or the 主治医). */
    public void setRoles(UserAccount by, String roomId, String attendingUserId, String deputyUserId) {
        careTeams.setRoles(by, roomId, new CareTeamService.RolesInput(attendingUserId, deputyUserId));
    }

    /** Adds a cover period of the 副主治医 as {@code by}; returns its id. */
    public String addCover(UserAccount by, String roomId, Instant from, Instant to) {
        return careTeams.addCover(by, roomId, new CareTeamService.CoverInput(from.toString(), to.toString()));
    }

    /** Adds a rota entry as the organisation's facility administrator; returns its id. */
    public String addRotaEntry(UserAccount admin, String organizationId, Instant from, Instant to, String physicianUserId) {
        return rotas.add(admin, organizationId, new RotaService.EntryInput(from.toString(), to.toString(), physicianUserId));
    }
}
