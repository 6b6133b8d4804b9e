package jp.renkei.server.note;

import java.util.ArrayList;
import java.util.List;

import jp.renkei.server.room.EventProjection;
import jp.renkei.server.room.StoredEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the notes' derived state ({@link NoteStateRepository}: each note's author and version, who
 * was mentioned in which version, and who acknowledged it) in step with the room log. Registered with the log as an {@link EventProjection}.
 */
@Component
public class NoteProjection implements EventProjection {

    private final NoteStateRepository notes;
    private final JsonMapper json;

    public NoteProjection(NoteStateRepository notes, JsonMapper json) {
        this.notes = notes;
        this.json = json;
    }

    private static List<String> mentions(JsonNode note) {
        List<String> out = new ArrayList<>();
        note.path("mentions").forEach(m -> out.add(m.asString()));
        return out;
    }

    @Override
    public void apply(StoredEvent e) {
        switch (e.kind()) {
            case NOTE_POSTED -> notes.createHead(e.eventId(), e.sender().userId(),
                    mentions(json.readTree(e.body()).path("note")));
            case NOTE_EDITED -> {
                var body = json.readTree(e.body());
                notes.advanceVersion(body.path("noteId").asString(), body.path("version").asInt(),
                        mentions(body.path("note")));
            }
            case NOTE_ACKNOWLEDGED ->
                    notes.recordAck(json.readTree(e.body()).path("noteId").asString(), e.sender().userId(), e.seq());
            default -> {
                // Not a note event.
            }
        }
    }
}
