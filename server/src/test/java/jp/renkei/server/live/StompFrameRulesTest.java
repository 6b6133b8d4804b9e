package jp.renkei.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestStompClient.Frame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * STOMP frames Renkei does not support (transactions, acknowledgements) are answered with an ERROR
 * frame ({@code code:UNSUPPORTED_FRAME}), never silently dropped.
 */
class StompFrameRulesTest extends ServerTestBase {

    @ParameterizedTest
    @CsvSource({"BEGIN,transaction,tx-1", "COMMIT,transaction,tx-1", "ABORT,transaction,tx-1", "ACK,id,m-1",
            "NACK,id,m-1"})
    void transactionAndAcknowledgementFramesGetAnErrorFrame(String command, String header, String value) {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        try (TestStompClient n = connect(nurse)) {
            n.sendFrame(command, Map.of(header, value), "");
            Frame error = n.await(f -> f.command().equals("ERROR"));
            assertThat(error.header("code")).isEqualTo("UNSUPPORTED_FRAME");
            assertThat(n.closedWithin(5000)).isEqualTo(1002);
        }
        // Nothing else was affected: a new connection works.
        try (TestStompClient again = connect(nurse)) {
            assertThat(again.call("/app/notes.post", Notes.post(room, "after-" + command, "続けて")).path("type")
                    .asString()).isEqualTo("ok");
        }
    }
}
