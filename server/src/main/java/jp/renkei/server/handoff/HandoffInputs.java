package jp.renkei.server.handoff;

import java.util.List;

import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.Resources.PatientProfile;
import tools.jackson.databind.JsonNode;

/** Request bodies of the handoff API (docs/protocol.md, handoff section). */
public final class HandoffInputs {

    private HandoffInputs() {
    }

    /**
     * A new sheet (a draft). {@code roomId} or, for a discharge sheet without a room, {@code patient} and
     * {@code consent}; {@code receiverOrganizationId} or, for discharge, {@code noCareManager: true}.
     */
    public record CreateInput(String kind, String templateId, Integer templateVersion, String roomId,
                       String receiverOrganizationId, Boolean noCareManager, String admittedAt,
                       PatientProfile patient, ConsentRecord consent, JsonNode content) {
    }

    /** New contents, on the version the writer started from. */
    public record EditInput(Integer baseVersion, JsonNode content) {
    }

    /** 受け取りました; {@code openRoom}: the receiving home team opens the patient's room now. */
    public record ReceiveInput(Boolean openRoom) {
    }

    /** The receiver's answer: {@code answered} (回答) or {@code returned} (差し戻し, message required). */
    public record AnswerInput(String outcome, String message) {
    }

    /** The discharge conference on the room's calendar (Japan local times, yyyy-MM-ddTHH:mm). */
    public record ConferenceInput(String txnId, String start, String end, String place, List<String> attendees) {
    }

    /** An office's business hours: days MON…SUN, open and close HH:mm. */
    public record HoursInput(List<String> days, String open, String close) {
    }
}
