package jp.renkei.server.live;

import static jp.renkei.server.live.LiveDeliveryTest.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.Limits;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The container's WebSocket buffers are small ({@link WebSocketConfiguration#CONTAINER_BUFFER}); larger
 * messages arrive in parts and {@link FrameAssembler} puts them together up to the frame limit.
 * (Over the limit: {@code LiveBadInputTest#anOversizedFrameClosesOnlyThatConnectionAndStoredNotesSurvive}.)
 */
class FrameAssemblyTest extends ServerTestBase {

    @Test
    void aFrameLargerThanTheContainerBufferIsAssembledStoredAndDelivered() {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        String text = "褥瘡の経過を記録。".repeat(Limits.MAX_NOTE_TEXT / 9) + "経過良好"; // 4,000 characters, ~12 KB of UTF-8
        assertThat(Notes.post(room, "big", text).length()).isGreaterThan(WebSocketConfiguration.CONTAINER_BUFFER);
        try (TestStompClient n = connect(nurse)) {
            JsonNode reply = n.call("/app/notes.post", Notes.post(room, "big", text));
            assertThat(reply.path("type").asString()).isEqualTo("ok");
            long seq = reply.path("result").path("seq").asLong();
            subscribe(n, room, "s", seq - 1);
            assertThat(n.await(LiveDeliveryTest.roomEvent(room)).body()).contains(text);
            // The connection keeps working after an assembled frame, with a small one.
            assertThat(n.call("/app/notes.post", Notes.post(room, "small", "問題なし")).path("type").asString())
                    .isEqualTo("ok");
        }
    }

    @Test
    void aFrameJustUnderTheLimitArrivesInManyPartsAndIsValidatedNormally() {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        try (TestStompClient n = connect(nurse)) {
            // About 60,000 characters: fifteen container buffers, still under the frame limit, so the
            // command is read whole and refused by validation (too_long), not by closing the socket.
            JsonNode tooLong = n.call("/app/notes.post", Notes.post(room, "t", "x".repeat(Limits.MAX_FRAME_BYTES - 5_000)));
            assertThat(tooLong.path("violations").get(0).path("problem").asString()).isEqualTo("too_long");
            assertThat(n.call("/app/notes.post", Notes.post(room, "fine", "問題なし")).path("type").asString())
                    .isEqualTo("ok");
        }
    }
}
