package jp.renkei.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Text with a lone UTF-16 surrogate (a JSON escape such as {@code \ud800} without its pair) cannot be
 * stored as sent (UTF-8 has no form for it; it came back as {@code ?}): it is refused with
 * {@code INVALID_FIELD}, problem {@code bad_text}, over STOMP and HTTP, and nothing is stored.
 */
class LoneSurrogateTest extends ServerTestBase {

    @Test
    void aNoteWithALoneSurrogateIsRefusedOverStomp() {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        try (TestStompClient n = connect(nurse)) {
            for (String escaped : new String[] {"\\ud800", "a\\udc00b", "\\ude00\\ud83d", "end\\ud83d"}) {
                String body = "{\"roomId\":\"" + room + "\",\"txnId\":\"t-" + Math.abs(escaped.hashCode())
                        + "\",\"note\":{\"kind\":\"free\",\"text\":\"" + escaped + "\"}}";
                JsonNode reply = n.call("/app/notes.post", body);
                assertThat(reply.path("code").asString()).as(escaped).isEqualTo("INVALID_FIELD");
                assertThat(reply.path("violations").get(0).path("field").asString()).isEqualTo("note.text");
                assertThat(reply.path("violations").get(0).path("problem").asString()).isEqualTo("bad_text");
            }
            JsonNode visit = n.call("/app/notes.post", "{\"roomId\":\"" + room + "\",\"txnId\":\"v1\",\"note\":{"
                    + "\"kind\":\"visit\",\"visit\":{\"changes\":\"x\\udbff\"}}}");
            assertThat(visit.path("code").asString()).isEqualTo("INVALID_FIELD");
            assertThat(visit.path("violations").toString()).contains("bad_text");
            // A proper pair (an emoji) is fine and stored exactly as sent.
            JsonNode ok = n.call("/app/notes.post", Notes.post(room, "pair", "痛み\uD83D\uDE00なし"));
            assertThat(ok.path("type").asString()).isEqualTo("ok");
        }
        ApiClient api = login(nurse);
        String events = api.get("/api/rooms/" + room + "/events").body();
        assertThat(events).contains("痛み\uD83D\uDE00なし").doesNotContain("痛み?");
    }

    @Test
    void httpBodiesWithALoneSurrogateAreRefused() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient api = login(nurse);
        ApiClient.Response r = api.post("/api/rooms", "{\"kind\":\"network\",\"title\":\"連絡会\\ud800\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().path("code").asString()).isEqualTo("INVALID_FIELD");
        assertThat(r.json().path("violations").get(0).path("field").asString()).isEqualTo("title");
        assertThat(r.json().path("violations").get(0).path("problem").asString()).isEqualTo("bad_text");
        assertThat(api.post("/api/rooms", "{\"kind\":\"network\",\"title\":\"連絡会\"}").status()).isEqualTo(201);
    }
}
