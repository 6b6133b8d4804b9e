package jp.renkei.server.audit;

import java.util.Objects;
import java.util.function.Function;

/**
 * The audit entry of one command, carried by the command from its handler to the room log's append.
 *
 * <p>Why: a command's entry must be durable before the command is answered (SP-AUD-01), and a command
 * that stores an event already makes one durable write. So the log writes the entry, unjournaled, right
 * before the event's durable insert ({@link AuditTrail#writeBefore}): the store journals in order, and
 * the insert's acknowledgement makes both durable. A command that ends without storing an event (a
 * retried transaction, a refusal) has its entry recorded durably by {@link AuditTrail#complete}.
 *
 * <p>Every append names its {@code CommandAudit} explicitly; {@link #none()} says that the caller
 * records its own entries (HTTP requests are recorded by the HTTP filter; demo data has none).
 * Not thread-safe: one command, one thread.
 */
public final class CommandAudit {

    private static final CommandAudit NONE = new CommandAudit(null, null);

    private final AuditEntry entry;
    /** Builds the entry from the id of the event it rides on (or {@code null} when none was stored). */
    private final Function<String, AuditEntry> forEvent;
    private boolean written;

    private CommandAudit(AuditEntry entry, Function<String, AuditEntry> forEvent) {
        this.entry = entry;
        this.forEvent = forEvent;
    }

    /**
     * The allowed entry of a command whose entry names the event it stores (a new calendar item is known by
     * its event's id): built when the append knows the id it is about to insert, or with {@code null} if
     * the command ends without storing one ({@link AuditTrail#complete}).
     */
    public static CommandAudit ofEvent(Function<String, AuditEntry> forEvent) {
        return new CommandAudit(null, Objects.requireNonNull(forEvent, "forEvent"));
    }

    /**
     * The allowed entry of a command about to run.
     *
     * @throws NullPointerException if {@code entry} is null
     */
    public static CommandAudit of(AuditEntry entry) {
        return new CommandAudit(Objects.requireNonNull(entry, "entry"), null);
    }

    /** No entry rides on the append: the caller records its own (see the class comment). */
    public static CommandAudit none() {
        return NONE;
    }

    /** The entry, or {@code null} for {@link #none()} and for {@link #ofEvent} (built when written). */
    public AuditEntry entry() {
        return entry;
    }

    /** Whether the entry has been written (by an append, or by {@link AuditTrail#complete}). */
    public boolean written() {
        return written;
    }

    /** The entry, the first time only; later calls (an append retried after losing a seq) get {@code null}. */
    AuditEntry take() {
        return take(null);
    }

    /** {@link #take()} for a command whose entry may name the event {@code eventId} it rides on. */
    AuditEntry take(String eventId) {
        if ((entry == null && forEvent == null) || written) {
            return null;
        }
        written = true;
        return entry != null ? entry : forEvent.apply(eventId);
    }
}
