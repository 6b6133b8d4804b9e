package jp.renkei.server.oncall;

import jp.renkei.protocol.EventKind;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomEventListener;
import jp.renkei.server.room.StoredEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Wakes the escalation thread when a note is posted or acknowledged, so an urgent note's addressees are
 * told at once (not at the next scheduled tick) and an acknowledgement is shown promptly. Only hands
 * over: it runs on the appending thread under the room's write lock. The escalation is looked up lazily
 * because it appends to rooms itself.
 */
@Component
class UrgentNoteListener implements RoomEventListener {

    private final ObjectProvider<Escalations> escalations;

    UrgentNoteListener(ObjectProvider<Escalations> escalations) {
        this.escalations = escalations;
    }

    @Override
    public void onEvent(StoredEvent event, Room roomAfter) {
        if (event.kind() == EventKind.NOTE_POSTED && event.body().contains("\"urgent\":true")
                || event.kind() == EventKind.NOTE_ACKNOWLEDGED) {
            Escalations e = escalations.getIfAvailable();
            if (e != null) {
                e.tickSoon();
            }
        }
    }
}
