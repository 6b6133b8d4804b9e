package jp.renkei.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestStompClient.Frame;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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

    /**
     * Found by HttpFuzzTest: URLs refused by the firewall answered with Boot's JSON shape, and URLs
     * Tomcat cannot parse with Tomcat's HTML page; both now carry the documented {code, message}.
     */
    @Test
    void refusedUrlsGetTheDocumentedErrorBody() throws Exception {
        var api = login(newUser(Profession.NURSE));
        for (String path : new String[] {"/api//rooms", "/api/rooms/%2e%2e/", "/api/rooms/r-abcdef%2500"}) {
            var r = api.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.json().path("code").asString()).as(path).isEqualTo("UNKNOWN_DESTINATION");
        }
        // '[' is not allowed in a request line: Tomcat refuses it before any servlet runs.
        try (var socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write("GET /api/rooms?limit[$gt]=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(raw).startsWith("HTTP/1.1 400");
            JsonNode body = jp.renkei.server.support.ApiClient.JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
            assertThat(body.path("code").asString()).isEqualTo("INVALID_FIELD");
            assertThat(raw).doesNotContain("<html", "Tomcat");
        }
    }
}
