package jp.renkei.server.room;

import java.time.Instant;

import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Ids;
import jp.renkei.protocol.ServerMessages.Person;

/**
 * One immutable room event as stored.
 *
 * @param roomId the room
 * @param seq    per-room sequence number, from 1, without gaps
 * @param kind   what happened
 * @param sender who did it, as they were named at the time
 * @param ts     server time
 * @param notes  how many notes the room had up to and including this event (for unread counts)
 * @param txnKey the client transaction that produced it ({@code roomId|userId|txnId}), or {@code null}
 * @param body   the kind-specific content as JSON
 */
public record StoredEvent(String roomId, long seq, EventKind kind, Person sender, Instant ts, long notes,
                          String txnKey, String body) {

    public String eventId() {
        return Ids.eventId(roomId, seq);
    }
}
