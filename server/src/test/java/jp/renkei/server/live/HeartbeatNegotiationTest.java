package jp.renkei.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jp.renkei.policy.Profession;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestStompClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CONNECTED frame's heart-beat header follows the STOMP 1.2 negotiation (protocol.md §7.2). */
class HeartbeatNegotiationTest extends ServerTestBase {

    /**
     * STOMP 1.2: a side that offers 0 does not want heart-beats in that direction; otherwise the
     * interval is the larger of the two offers. CONNECTED states the result for each direction
     * (server to client, client to server).
     */
    @ParameterizedTest
    @CsvSource({"'0,0','0,0'", "'20000,20000','20000,20000'", "'0,20000','20000,0'", "'20000,0','0,20000'",
            "'10000,30000','30000,20000'", "'60000,5000','20000,60000'"})
    void connectedStatesTheNegotiatedHeartBeats(String offered, String expected) {
        ApiClient api = login(newUser(Profession.NURSE));
        try (TestStompClient c = TestStompClient.connect(api, api.csrf(), null, Map.of("heart-beat", offered))) {
            Frame connected = c.await(f -> f.command().equals("CONNECTED"));
            assertThat(connected.header("heart-beat")).isEqualTo(expected);
        }
    }

    @Test
    void aClientWithoutAHeartBeatHeaderGetsNone() {
        ApiClient api = login(newUser(Profession.NURSE));
        try (TestStompClient c = TestStompClient.connect(api)) {
            Frame connected = c.await(f -> f.command().equals("CONNECTED"));
            assertThat(connected.header("heart-beat")).isEqualTo("0,0");
        }
    }
}
