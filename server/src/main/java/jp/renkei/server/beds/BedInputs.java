package jp.renkei.server.beds;

import java.util.List;

import jp.renkei.protocol.Resources.PatientProfile;

/** HTTP bodies of the bed board (schemas http-bed-notice-input and http-bed-inquiry-input). */
public final class BedInputs {

    private BedInputs() {
    }

    /** A notice as a clinic publishes or updates it (see {@link BedService#publish}). */
    public record NoticeInput(String bedType, Integer available, String availableFrom, String availableUntil,
                       List<String> accepts, String sex, String contact, String remarks, String expiresAt,
                       Long version) {
    }

    record InquiryInput(String ageBand, String sex, List<String> needs, String wantedDate, String note) {
    }

    record AnswerInput(String answer, String message) {
    }

    /**
     * Opening the handoff patient room: the patient and their consent, recorded with the room exactly as
     * {@code POST /api/rooms} records it (SP-CON-01, SP-CON-03).
     */
    record HandoffInput(jp.renkei.protocol.Resources.ConsentRecord consent, PatientProfile patient) {
    }
}
