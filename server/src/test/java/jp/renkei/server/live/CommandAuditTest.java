package jp.renkei.server.live;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.store.Collections;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.messaging.handler.annotation.MessageMapping;
import tools.jackson.databind.JsonNode;

/**
 * Every STOMP command leaves exactly one audit entry, and it is stored by the time the command is
 * answered (SP-AUD-01): read from the database straight after the reply, with no flush in between.
 * The commands covered here are checked against the controller's mappings, so a new command without
 * a case here fails the build.
 */
class CommandAuditTest extends ServerTestBase {

    /** Destination → audit action, for every command the controller maps. */
    private static final Map<String, String> COMMANDS = Map.of(
            "/notes.post", "note.post",
            "/notes.edit", "note.edit",
            "/notes.ack", "note.ack",
            "/rooms.read", "room.read");

    @Autowired
    MongoDatabase db;

    @Test
    void everyMappedCommandIsCoveredHere() {
        Set<String> mapped = new TreeSet<>();
        for (Method m : CommandController.class.getDeclaredMethods()) {
            MessageMapping mapping = m.getAnnotation(MessageMapping.class);
            if (mapping != null) {
                mapped.addAll(Arrays.asList(mapping.value()));
            }
        }
        assertThat(mapped).isEqualTo(new TreeSet<>(COMMANDS.keySet()));
    }

    @Test
    void eachCommandsEntryIsStoredBeforeItsReplyExactlyOnce() {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        try (TestStompClient n = connect(nurse)) {
            JsonNode posted = n.call("/app/notes.post", Notes.post(room, "t-audit-1", "訪問しました"));
            assertThat(posted.path("type").asString()).isEqualTo("ok");
            assertThat(durableEntries(nurse, "note.post")).hasSize(1);

            // A retried transaction stores no event: its entry is recorded on its own, still before the reply.
            JsonNode retried = n.call("/app/notes.post", Notes.post(room, "t-audit-1", "訪問しました"));
            assertThat(retried.path("result").path("duplicate").asBoolean()).isTrue();
            assertThat(durableEntries(nurse, "note.post")).hasSize(2);

            String noteId = posted.path("result").path("eventId").asString();
            JsonNode edited = n.call("/app/notes.edit", "{\"roomId\":\"" + room + "\",\"txnId\":\"t-audit-2\",\"noteId\":\""
                    + noteId + "\",\"baseVersion\":1,\"note\":{\"kind\":\"free\",\"text\":\"訂正\",\"urgent\":false}}");
            assertThat(edited.path("type").asString()).isEqualTo("ok");
            assertThat(durableEntries(nurse, "note.edit")).hasSize(1);

            JsonNode acked = n.call("/app/notes.ack", "{\"roomId\":\"" + room + "\",\"noteId\":\"" + noteId + "\"}");
            assertThat(acked.path("type").asString()).isEqualTo("ok");
            assertThat(durableEntries(nurse, "note.ack")).hasSize(1);

            // Refused: recorded as a denial, once.
            JsonNode refused = n.call("/app/notes.post", Notes.post("r-doesnotexist0000000", "t-audit-3", "x"));
            assertThat(refused.path("type").asString()).isEqualTo("error");
            assertThat(db.getCollection(Collections.AUDIT).find(and(eq("actor", nurse.id()), eq("action", "note.post"),
                    eq("allowed", false))).into(new ArrayList<>())).hasSize(1);
        }
    }

    /** Allowed entries of one action, read without asking the trail to flush first. */
    private List<Document> durableEntries(UserAccount actor, String action) {
        return db.getCollection(Collections.AUDIT).find(and(eq("actor", actor.id()), eq("action", action),
                eq("allowed", true))).into(new ArrayList<>());
    }
}
