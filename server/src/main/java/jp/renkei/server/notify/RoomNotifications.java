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
import jp.renkei.server.note.NoteStateRepository;
import jp.renkei.server.room.EventRepository;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomEventListener;
import jp.renkei.server.room.StoredEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What in a room notifies whom: a note that mentions me ({@code mention}), any urgent note
 * ({@code urgent}, every member), a reply to my note ({@code reply}), an acknowledgement of my note
 * ({@code ack}), 緊急閲覧 opened in my room ({@code emergency}, every member). Never the author of the
 * event. An edit notifies only those it mentions for the first time (the earlier versions already told
 * the others; {@link NoteStateRepository#newlyMentioned}).
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
    private final NoteStateRepository noteState;
    private final JsonMapper json;

    /** Present when urgent notes are routed elsewhere; looked up when needed (the router appends to rooms). */
    private final org.springframework.beans.factory.ObjectProvider<UrgentNoteRouting> urgentRouting;
    /** Holds a non-urgent mention outside the person's contact window (ケアマネタイム) until it opens. */
    private final DeferredMentions deferred;

    RoomNotifications(Notifications notifications, EventRepository events, NoteStateRepository noteState,
                      JsonMapper json, org.springframework.beans.factory.ObjectProvider<UrgentNoteRouting> urgentRouting,
                      DeferredMentions deferred) {
        this.urgentRouting = urgentRouting;
        this.deferred = deferred;
        this.notifications = notifications;
        this.events = events;
        this.noteState = noteState;
        this.json = json;
    }

    @Override
    public void onEvent(StoredEvent event, Room roomAfter) {
        EventKind kind = event.kind();
        boolean news = event.ts() == null || event.ts().isAfter(Instant.now().minus(MAX_AGE));
        if (news && (kind == EventKind.NOTE_POSTED || kind == EventKind.NOTE_EDITED
                || kind == EventKind.NOTE_ACKNOWLEDGED || kind == EventKind.EMERGENCY_OPENED)) {
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
                List<String> mentioned = new ArrayList<>();
                note.path("mentions").forEach(m -> mentioned.add(m.asString()));
                boolean urgent = note.path("urgent").asBoolean(false);
                // An urgent note's addressees are told by the urgent routing, once (and escalated there).
                UrgentNoteRouting routing = urgent ? urgentRouting.getIfAvailable() : null;
                boolean routed = routing != null && routing.routesUrgentNotes();
                if (urgent && !routed) {
                    // Urgent never waits for a contact window.
                    Notifications.add(candidates, mentioned, NotifyKind.MENTION, author);
                    Notifications.add(candidates, members(event.roomId()), NotifyKind.URGENT, author);
                } else if (!urgent) {
                    mentioned.remove(author);
                    Notifications.add(candidates, deferred.notifyNowOrHold(event.roomId(), event.seq(), mentioned),
                            NotifyKind.MENTION, author);
                }
                if (note.hasNonNull("replyTo")) {
                    // The replied note's author, unless already addressed (told, held or routed as such above).
                    List<String> repliedTo = new ArrayList<>(authorOf(event.roomId(), note.path("replyTo").asString()));
                    if (!urgent || routed) {
                        repliedTo.removeAll(mentioned);
                    }
                    Notifications.add(candidates, repliedTo, NotifyKind.REPLY, author);
                }
            }
            case NOTE_EDITED -> {
                List<String> added = new ArrayList<>(
                        noteState.newlyMentioned(body.path("noteId").asString(), body.path("version").asInt()));
                added.remove(author);
                boolean urgent = body.path("note").path("urgent").asBoolean(false);
                Notifications.add(candidates, urgent ? added : deferred.notifyNowOrHold(event.roomId(), event.seq(), added),
                        NotifyKind.MENTION, author);
            }
            case NOTE_ACKNOWLEDGED -> Notifications.add(candidates, authorOf(event.roomId(),
                    body.path("noteId").asString()), NotifyKind.ACK, author);
            case EMERGENCY_OPENED -> Notifications.add(candidates, members(event.roomId()), NotifyKind.EMERGENCY, author);
            default -> {
                return;
            }
        }
        if (!candidates.isEmpty()) {
            notifications.toRoomMembers(event.roomId(), candidates);
        }
    }

    /** The author of note {@code noteId}: a note's id is the id of the event that posted it. */
    private List<String> authorOf(String roomId, String noteId) {
        long seq = Ids.seqOf(roomId, noteId);
        if (seq < 1) {
            return List.of();
        }
        return events.find(roomId, seq).filter(posted -> posted.kind() == EventKind.NOTE_POSTED)
                .map(posted -> List.of(posted.sender().userId())).orElse(List.of());
    }

    private List<String> members(String roomId) {
        return notifications.members(roomId);
    }
}
