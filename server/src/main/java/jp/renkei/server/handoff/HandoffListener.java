package jp.renkei.server.handoff;

/**
 * Told of each handoff step that should reach people outside the current screen (Web Push by the
 * {@code notify} module). Ids only: never a patient's name or a sheet's contents (SP-MOB-04).
 */
public interface HandoffListener {

    /**
     * One step.
     *
     * @param handoffId        the sheet
     * @param step             {@code sent}, {@code reminder} (sent and not yet acknowledged), {@code received},
     *                         {@code answered} or {@code returned}
     * @param toOrganizationId the office to tell
     * @param byUserId         who took the step ({@code null} for a reminder); never told
     */
    record HandoffStep(String handoffId, String step, String toOrganizationId, String byUserId) {
    }

    void onHandoffStep(HandoffStep step);
}
