package jp.renkei.server.beds;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * An inquiry (照会) from a discharge office on a notice, with its whole exchange. De-identified summary
 * only: age band, sex, needs, wanted date, a short checked note.
 *
 * @param state     pending → accepted | declined | discuss; accepted → held → confirmed | released | expired;
 *                  discuss → accepted | declined
 * @param answeredAt the first answer's time (for "time to answer"), or {@code null}
 * @param answeredBy the clinic user who gave the first answer (invited to a handoff room)
 */
record BedInquiry(String id, String noticeId, String clinicId, String officeId, String officeName, String ageBand,
                  String sex, List<String> needs, LocalDate wantedDate, String note, String state,
                  Instant holdUntil, Instant createdAt, Instant answeredAt, String answeredBy, String roomId,
                  long version, List<Step> steps) {

    /** One step of the exchange, audited too. */
    record Step(Instant at, String by, String action, String message) {
    }

    BedInquiry next(String newState, Instant holdUntil, Step step, Instant answeredAt, String answeredBy,
                    String roomId) {
        List<Step> all = new ArrayList<>(steps);
        if (step != null) {
            all.add(step);
        }
        return new BedInquiry(id, noticeId, clinicId, officeId, officeName, ageBand, sex, needs, wantedDate, note,
                newState, holdUntil, createdAt, answeredAt, answeredBy, roomId, version + 1, List.copyOf(all));
    }
}
