package jp.renkei.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestStompClient.Frame;
import org.junit.jupiter.api.Test;

/** Each case the fuzz properties found, fixed, and kept here as a plain example. */
class FuzzRegressionTest extends ServerTestBase {

    /** Found by StompFuzzTest: unparsable frames were reported as INTERNAL instead of MALFORMED_FRAME. */
    @Test
    void framesSpringCannotDecodeAreMalformedNotInternal() {
        UserAccount nurse = newUser(Profession.NURSE);
        for (String frame : new String[] {
                "send\ndestination:/app/notes.post\n\n{}\0",            // unknown command (lower case)
                "CONNECT \uFFFD\n\n\0",                                  // command with trailing junk
                "CONNECT\n\n\0",                                          // a second CONNECT
                "CONNECT\nhost:r-abcdefgh:0\nrequest-id:qU7crbW0HQ\n\n\0",
                "SEND\ndestination:/app/notes.post\nrequest-id:r1\ncontent-type:\n\n{}\0"}) { // empty content-type
            try (TestStompClient c = connect(nurse)) {
                c.sendRaw(frame);
                Frame error = c.await(f -> f.command().equals("ERROR"));
                assertThat(error.header("code")).as(frame).isEqualTo("MALFORMED_FRAME");
                assertThat(c.closedWithin(5000)).isNotNull();
            }
        }
    }
}
