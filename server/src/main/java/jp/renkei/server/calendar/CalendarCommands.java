package jp.renkei.server.calendar;

/** Calendar command bodies (HTTP). Every command carries a client {@code txnId}: retries are answered, not repeated. */
public final class CalendarCommands {

    private CalendarCommands() {
    }

    public record AddItem(String txnId, CalendarItem item) {
    }

    /** Replaces the item's definition; {@code baseVersion} is the version the client edited. */
    public record ChangeItem(String txnId, Integer baseVersion, CalendarItem item) {
    }

    public record CancelItem(String txnId) {
    }

    public record CancelOccurrence(String txnId, String occurrence) {
    }

    public record MoveOccurrence(String txnId, String occurrence, String start, String end) {
    }

    // Event contents (stored and sent on the staff timeline).
    record Added(int version, CalendarItem item) {
    }

    record Changed(String itemId, int version, CalendarItem item) {
    }

    record Cancelled(String itemId, int version) {
    }

    record OccurrenceCancelled(String itemId, int version, String occurrence) {
    }

    record OccurrenceMoved(String itemId, int version, String occurrence, String start, String end) {
    }
}
