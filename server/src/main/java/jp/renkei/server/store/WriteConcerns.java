package jp.renkei.server.store;

import com.mongodb.WriteConcern;

/**
 * The two durability levels of Renkei's writes.
 *
 * <ul>
 *   <li>{@link #LOG}: room events, rooms, memberships and accounts, the facts nothing else can
 *       rebuild. Acknowledged once a majority of the replica set has journaled them (embedded: once
 *       committed and forced to the device).</li>
 *   <li>{@link #DERIVED}: state computed from the event log on every append (room head, read markers,
 *       transaction ids, note versions, acknowledgements). Replicated to a majority but not waited on
 *       for the journal (embedded: not committed on its own). After a crash the room's recorded head
 *       lags its log, and {@code RoomLogs} re-applies the missing events when the room is next used,
 *       so nothing acknowledged is lost and one durable write per note is enough.</li>
 * </ul>
 */
public final class WriteConcerns {

    public static final WriteConcern LOG = WriteConcern.MAJORITY.withJournal(true);
    public static final WriteConcern DERIVED = WriteConcern.MAJORITY.withJournal(false);

    private WriteConcerns() {
    }
}
