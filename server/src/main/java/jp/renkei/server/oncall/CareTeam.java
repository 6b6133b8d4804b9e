package jp.renkei.server.oncall;

import java.time.Instant;
import java.util.List;

/**
 * A patient room's care roles as derived from its log: the 主治医 (attending), the 副主治医 (deputy),
 * either possibly {@code null}, and the cover periods during which the deputy covers.
 */
record CareTeam(String roomId, String attendingId, String deputyId, List<Cover> covers) {

    CareTeam {
        covers = List.copyOf(covers);
    }

    static CareTeam empty(String roomId) {
        return new CareTeam(roomId, null, null, List.of());
    }

    /** From {@code from} (inclusive) until {@code to} (exclusive) the deputy covers. */
    record Cover(String coverId, Instant from, Instant to) {
        boolean covers(Instant at) {
            return !at.isBefore(from) && at.isBefore(to);
        }
    }
}
