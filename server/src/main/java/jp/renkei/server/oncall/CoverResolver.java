package jp.renkei.server.oncall;

import java.time.Instant;
import java.util.List;

/**
 * Who covers a patient now, from the room's care team and the on-call rota of its 主治医's
 * organisation: a cover period in force → the 副主治医; else a rota entry in force (nights, holidays) →
 * that physician; else the 主治医; else no one. A pure function of its arguments, so the rule is tested
 * at any instant (Japan time across midnight included) without moving a clock.
 */
final class CoverResolver {

    /** Why someone covers now. */
    enum Basis {
        /** A cover period of the 副主治医 is in force. */
        COVER("cover"),
        /** A rota entry of the 主治医's organisation is in force. */
        ON_CALL("on_call"),
        /** The 主治医, outside cover periods and rota entries. */
        ATTENDING("attending"),
        /** No 主治医 is set. */
        NONE("none");

        private final String wire;

        Basis(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }
    }

    /**
     * @param userId who covers, or {@code null} for {@link Basis#NONE}
     * @param until  when this answer ends (the cover period's or rota entry's end), or {@code null}
     * @param ref    the cover id or rota entry id, or {@code null}
     */
    record Covering(String userId, Basis basis, Instant until, String ref) {
    }

    private CoverResolver() {
    }

    static Covering resolve(CareTeam team, List<Rotas.Entry> attendingsRota, Instant now) {
        if (team.deputyId() != null) {
            for (CareTeam.Cover c : team.covers()) {
                if (c.covers(now)) {
                    return new Covering(team.deputyId(), Basis.COVER, c.to(), c.coverId());
                }
            }
        }
        if (team.attendingId() == null) {
            return new Covering(null, Basis.NONE, null, null);
        }
        for (Rotas.Entry e : attendingsRota) {
            if (e.covers(now)) {
                return new Covering(e.physicianId(), Basis.ON_CALL, e.to(), e.entryId());
            }
        }
        return new Covering(team.attendingId(), Basis.ATTENDING, null, null);
    }
}
