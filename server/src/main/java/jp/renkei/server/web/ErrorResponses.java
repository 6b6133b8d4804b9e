package jp.renkei.server.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.ServerMessages.ErrorReply;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes the documented error body from places outside controllers (security filters). */
@Component
public class ErrorResponses {

    private final JsonMapper json;

    public ErrorResponses(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, ErrorCode code, String reason) throws IOException {
        response.setStatus(code.httpStatus());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), ErrorReply.of(null, code, null, reason, null));
    }
}
