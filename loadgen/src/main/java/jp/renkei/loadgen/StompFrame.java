package jp.renkei.loadgen;

import java.util.Map;

/** A received STOMP frame: command, headers (first occurrence wins, as STOMP 1.2 says) and body. */
record StompFrame(String command, Map<String, String> headers, String body) {

    String header(String name) {
        return headers.get(name);
    }

    /** Encodes a frame to send. Header values here never need escaping (ids, destinations, numbers). */
    static String encode(String command, Map<String, String> headers, String body) {
        StringBuilder sb = new StringBuilder(command.length() + body.length() + 128).append(command).append('\n');
        headers.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
        return sb.append('\n').append(body).append('\0').toString();
    }
}
