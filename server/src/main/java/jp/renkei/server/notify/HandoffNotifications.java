package jp.renkei.server.notify;

import jp.renkei.server.handoff.HandoffListener;
import org.springframework.stereotype.Component;

/**
 * Handoff sheets that notify: a sheet sent to an office and each reminder of one it has not acknowledged
 * notify that office's staff who may see it; an acknowledgement, answer or return notifies the sender's
 * office. Never the one who took the step. Runs on the caller's thread: it only hands the step over.
 */
@Component
class HandoffNotifications implements HandoffListener {

    private final Notifications notifications;

    HandoffNotifications(Notifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public void onHandoffStep(HandoffStep step) {
        notifications.submit(() -> notifications.toHandoffParty(step.toOrganizationId(), step.byUserId(),
                step.handoffId()));
    }
}
