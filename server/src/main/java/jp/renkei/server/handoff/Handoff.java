package jp.renkei.server.handoff;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A handoff sheet's metadata and history (collection {@code handoffs}, {@code _id} = id). No patient
 * data here: the patient, the contents and the answer are sealed in {@code handoff_versions}. Each change
 * is a new {@link Step} appended with the next {@code rev}, written only if the stored {@code rev} is
 * still the one read (two writers cannot both win); steps are never changed or removed.
 *
 * @param keyScope        the key the contents are sealed under: the room's, or the sheet's own id when
 *                        it was written without a room
 * @param consentRecorded for a sheet without a room: the sender recorded the patient's consent to share it
 * @param version         the latest content version (an edit adds one)
 * @param admittedAt      admission sheets: the recorded admission date-time
 * @param plannedDischarge discharge sheets: the planned discharge date (copied from the contents for the inbox)
 * @param flags           e.g. {@code care_manager_undecided}
 */
public record Handoff(String id, String kind, String templateId, int templateVersion, String senderOrgId,
               String receiverOrgId, String roomId, String keyScope, boolean consentRecorded, String state,
               int version, long rev, Instant createdAt, Instant admittedAt, Instant dueI, Instant dueII,
               Instant sentAt, Instant receivedAt, String receivedBy, Instant answeredAt, LocalDate plannedDischarge,
               List<String> flags, Instant remindedAt, String conferenceItemId, List<Step> steps) {

    static final String DRAFT = "draft";
    static final String SENT = "sent";
    static final String RECEIVED = "received";
    static final String ANSWERED = "answered";
    static final String RETURNED = "returned";

    /**
     * One transition: who, when, what (created, edited, sent, received, answered, returned, room_opened,
     * conference, reminded) and the content version it concerns.
     */
    record Step(Instant at, String by, String orgId, String action, int version) {
    }

    Handoff next(String state, int version, Step step, Changes c) {
        List<Step> all = new ArrayList<>(steps);
        if (step != null) {
            all.add(step);
        }
        return new Handoff(id, kind, templateId, templateVersion, senderOrgId, receiverOrgId,
                c.roomId != null ? c.roomId : roomId, keyScope, consentRecorded, state, version, rev + 1, createdAt,
                admittedAt, dueI, dueII, c.sentAt != null ? c.sentAt : sentAt,
                c.receivedAt != null ? c.receivedAt : receivedAt, c.receivedBy != null ? c.receivedBy : receivedBy,
                c.answeredAt != null ? c.answeredAt : answeredAt,
                c.plannedDischarge != null ? c.plannedDischarge : plannedDischarge, flags,
                c.remindedAt != null ? c.remindedAt : remindedAt,
                c.conferenceItemId != null ? c.conferenceItemId : conferenceItemId, List.copyOf(all));
    }

    /** The fields a transition may set (null: unchanged). */
    static final class Changes {
        String roomId;
        Instant sentAt;
        Instant receivedAt;
        String receivedBy;
        Instant answeredAt;
        LocalDate plannedDischarge;
        Instant remindedAt;
        String conferenceItemId;
    }

    boolean admission() {
        return "admission".equals(kind);
    }

    AdmissionDeadlines deadlines() {
        return dueI == null ? null : new AdmissionDeadlines(dueI, dueII);
    }
}
