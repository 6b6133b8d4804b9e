package jp.renkei.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import jp.renkei.policy.Profession;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A query with a malformed percent-encoding (bytes that are not UTF-8, or not hex at all) is the
 * client's mistake: {@code 400 INVALID_FIELD} with the documented body, never {@code 500 INTERNAL}.
 */
class MalformedQueryTest extends ServerTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"q=%ff%fe", "q=%zz", "q=%", "q=%e3%81", "profession=family&q=%ff%fe"})
    void aMalformedPercentEncodingIsABadRequest(String query) throws IOException {
        ApiClient nurse = login(newUser(Profession.NURSE));
        String[] response = rawGet(nurse, "/api/directory/users?" + query);
        assertThat(response[0]).as(response[1]).startsWith("HTTP/1.1 400");
        JsonNode body = ApiClient.JSON.readTree(response[1]);
        assertThat(body.path("code").asString()).isEqualTo("INVALID_FIELD");
        assertThat(body.path("message").asString()).isNotEmpty();
        assertThat(body.path("violations").get(0).path("problem").asString()).isEqualTo("bad_format");
        // The same session keeps working.
        assertThat(nurse.get("/api/directory/users?q=%E3%83%86").status()).isEqualTo(200);
    }

    /** The request line as sent, byte for byte (java.net.URI refuses {@code %zz} before sending). */
    private static String[] rawGet(ApiClient api, String target) throws IOException {
        try (Socket socket = new Socket("localhost", api.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nCookie: " + api.cookieHeader()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new String[] {head, body};
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
