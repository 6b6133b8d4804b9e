package jp.renkei.server.notify;

import jp.renkei.server.beds.BedInquiryListener;
import org.springframework.stereotype.Component;

/**
 * Bed inquiries (照会) that notify: a new inquiry notifies the clinic's staff who may answer it, an
 * answer (accept, decline, discuss) notifies the inquiring office's staff. Never the one who took the
 * step. Runs under the board's lock: it only hands the step to the notify thread.
 */
@Component
class BedNotifications implements BedInquiryListener {

    private final Notifications notifications;

    BedNotifications(Notifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public void onInquiryStep(InquiryStep step) {
        String action = step.action() == null ? "" : step.action();
        String to = switch (action) {
            case "inquire" -> step.clinicId();
            case "accept", "decline", "discuss" -> step.officeId();
            default -> null;
        };
        if (to != null) {
            notifications.submit(() -> notifications.toBedParty(to, step.byUserId(), step.inquiryId(), step.clinicId(),
                    step.officeId()));
        }
    }
}
