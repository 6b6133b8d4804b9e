package jp.renkei.server.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Ids;
import jp.renkei.server.room.EventRepository;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomEventListener;
import jp.renkei.server.room.StoredEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What in a room notifies whom: a note that mentions me ({@code mention}), any urgent note
 * ({@code urgent}, every member), an acknowledgement of my note ({@code ack}), 緊急閲覧 opened in my
 * room ({@code emergency}, every member). Never the author of the event. Edits notify nobody (the
 * first version already did).
 *
 * <p>As a {@link RoomEventListener} it runs on the appending thread, usually under the room's write
 * lock: it only hands the event to the notify thread ({@link Notifications#submit}), where the body is
 * read and every check is made.
 */
@Component
class RoomNotifications implements RoomEventListener {

    /**
     * Events stamped further back than this are not news: the demo data's back-dated notes, or a
     * cluster's catch-up feed after an outage, notify no one.
     */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private final Notifications notifications;
    private final EventRepository events;
    private final JsonMapper json;

    /** Present when urgent notes are routed elsewhere; looked up when needed (the router appends to rooms). */
    private final org.springframework.beans.factory.ObjectProvider<UrgentNoteRouting> urgentRouting;

    RoomNotifications(Notifications notifications, EventRepository events, JsonMapper json,
                      org.springframework.beans.factory.ObjectProvider<UrgentNoteRouting> urgentRouting) {
        this.urgentRouting = urgentRouting;
        this.notifications = notifications;
        this.events = events;
        this.json = json;
    }

    @Override
    public void onEvent(StoredEvent event, Room roomAfter) {
        EventKind kind = event.kind();
        boolean news = event.ts() == null || event.ts().isAfter(Instant.now().minus(MAX_AGE));
        if (news && (kind == EventKind.NOTE_POSTED || kind == EventKind.NOTE_ACKNOWLEDGED
                || kind == EventKind.EMERGENCY_OPENED)) {
            notifications.submit(() -> handle(event));
        }
    }

    private void handle(StoredEvent event) {
        String author = event.sender() == null ? null : event.sender().userId();
        Map<String, Set<NotifyKind>> candidates = new LinkedHashMap<>();
        JsonNode body = json.readTree(event.body());
        switch (event.kind()) {
            case NOTE_POSTED -> {
                JsonNode note = body.path("note");
                UrgentNoteRouting routing = note.path("urgent").asBoolean(false) ? urgentRouting.getIfAvailable() : null;
                if (routing != null && routing.routesUrgentNotes()) {
                    return; // its addressees are told by the urgent routing, once
                }
                List<String> mentioned = new ArrayList<>();
                note.path("mentions").forEach(m -> mentioned.add(m.asString()));
                Notifications.add(candidates, mentioned, NotifyKind.MENTION, author);
                if (note.path("urgent").asBoolean(false)) {
                    Notifications.add(candidates, members(event.roomId()), NotifyKind.URGENT, author);
                }
            }
            case NOTE_ACKNOWLEDGED -> {
                // A note's id is the id of the event that posted it; that event's sender is the author.
                long seq = Ids.seqOf(event.roomId(), body.path("noteId").asString());
                if (seq > 0) {
                    events.find(event.roomId(), seq).filter(posted -> posted.kind() == EventKind.NOTE_POSTED)
                            .ifPresent(posted -> Notifications.add(candidates, List.of(posted.sender().userId()),
                                    NotifyKind.ACK, author));
                }
            }
            case EMERGENCY_OPENED -> Notifications.add(candidates, members(event.roomId()), NotifyKind.EMERGENCY, author);
            default -> {
                return;
            }
        }
        if (!candidates.isEmpty()) {
            notifications.toRoomMembers(event.roomId(), candidates);
        }
    }

    private List<String> members(String roomId) {
        return notifications.members(roomId);
    }
}
