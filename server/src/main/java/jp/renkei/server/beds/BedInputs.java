package jp.renkei.server.beds;

import java.util.List;

import jp.renkei.protocol.Resources.PatientProfile;

/** HTTP bodies of the bed board (schemas http-bed-notice-input and http-bed-inquiry-input). */
final class BedInputs {

    private BedInputs() {
    }

    record NoticeInput(String bedType, Integer available, String availableFrom, String availableUntil,
                       List<String> accepts, String sex, String contact, String remarks, String expiresAt,
                       Long version) {
    }

    record InquiryInput(String ageBand, String sex, List<String> needs, String wantedDate, String note) {
    }

    record AnswerInput(String answer, String message) {
    }

    /** Consent to open a handoff patient room (SP-CON-01): who consented, how, when. */
    record Consent(String by, String method, String recordedAt) {
    }

    record HandoffInput(Consent consent, PatientProfile patient) {
    }
}
