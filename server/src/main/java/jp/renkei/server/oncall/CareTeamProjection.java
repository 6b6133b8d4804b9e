package jp.renkei.server.oncall;

import java.time.Instant;

import jp.renkei.server.room.EventProjection;
import jp.renkei.server.room.StoredEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@link CareTeams} in step with the room log: {@code care.roles.changed}, {@code care.cover.added},
 * {@code care.cover.removed}; a 主治医 or 副主治医 who leaves the room (or is removed) loses the role.
 * Idempotent, as every {@link EventProjection} must be.
 */
@Component
class CareTeamProjection implements EventProjection {

    private final CareTeams teams;
    private final JsonMapper json;

    CareTeamProjection(CareTeams teams, JsonMapper json) {
        this.teams = teams;
        this.json = json;
    }

    @Override
    public void apply(StoredEvent e) {
        switch (e.kind()) {
            case CARE_ROLES_CHANGED -> {
                JsonNode body = json.readTree(e.body());
                teams.setRoles(e.roomId(), userId(body.path("attending")), userId(body.path("deputy")));
            }
            case CARE_COVER_ADDED -> {
                JsonNode body = json.readTree(e.body());
                teams.addCover(e.roomId(), body.path("coverId").asString(), Instant.parse(body.path("from").asString()),
                        Instant.parse(body.path("to").asString()));
            }
            case CARE_COVER_REMOVED -> teams.removeCover(e.roomId(), json.readTree(e.body()).path("coverId").asString());
            case MEMBER_REMOVED, MEMBER_LEFT -> {
                String gone = json.readTree(e.body()).path("userId").asString();
                CareTeam team = teams.of(e.roomId());
                if (gone.equals(team.attendingId()) || gone.equals(team.deputyId())) {
                    teams.setRoles(e.roomId(), gone.equals(team.attendingId()) ? null : team.attendingId(),
                            gone.equals(team.deputyId()) ? null : team.deputyId());
                }
            }
            default -> {
                // Not a care-team event.
            }
        }
    }

    private static String userId(JsonNode person) {
        return person == null || person.isNull() || person.isMissingNode() ? null : person.path("userId").asString(null);
    }
}
