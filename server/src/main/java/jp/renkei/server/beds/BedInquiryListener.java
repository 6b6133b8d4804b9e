package jp.renkei.server.beds;

/**
 * Told of each step of a bed inquiry (照会): sent, answered, held, confirmed, released, expired. The
 * interface other modules use to follow inquiries (the notify module sends a push for a new inquiry to
 * the clinic and for an answer to the office) without seeing the inquiry itself.
 *
 * <p>Called while the board's lock is held: an implementation must be quick and hand any work to a
 * thread of its own.
 */
public interface BedInquiryListener {

    /**
     * One step of an inquiry: ids and the state only (the de-identified summary stays in the module).
     *
     * @param inquiryId the inquiry
     * @param clinicId  the clinic with beds that received it
     * @param officeId  the discharge office that sent it
     * @param action    the step: {@code inquire}, {@code accept}, {@code decline}, {@code discuss},
     *                  {@code hold}, {@code confirm}, {@code release}, {@code handoff}, {@code expire}
     * @param state     the state after the step: {@code pending} (sent), {@code accepted}, {@code declined},
     *                  {@code discuss}, {@code held}, {@code confirmed}, {@code released}, {@code expired}
     * @param byUserId  who took the step ({@code system} for the maintenance task)
     */
    record InquiryStep(String inquiryId, String clinicId, String officeId, String action, String state,
                       String byUserId) {
    }

    void onInquiryStep(InquiryStep step);
}
