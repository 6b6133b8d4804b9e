package jp.renkei.server.audit;

import java.util.Objects;

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

    private static final CommandAudit NONE = new CommandAudit(null);

    private final AuditEntry entry;
    private boolean written;

    private CommandAudit(AuditEntry entry) {
        this.entry = entry;
    }

    /**
     * The allowed entry of a command about to run.
     *
     * @throws NullPointerException if {@code entry} is null
     */
    public static CommandAudit of(AuditEntry entry) {
        return new CommandAudit(Objects.requireNonNull(entry, "entry"));
    }

    /** No entry rides on the append: the caller records its own (see the class comment). */
    public static CommandAudit none() {
        return NONE;
    }

    /** The entry, or {@code null} for {@link #none()}. */
    public AuditEntry entry() {
        return entry;
    }

    /** Whether the entry has been written (by an append, or by {@link AuditTrail#complete}). */
    public boolean written() {
        return written;
    }

    /** The entry, the first time only; later calls (an append retried after losing a seq) get {@code null}. */
    AuditEntry take() {
        if (entry == null || written) {
            return null;
        }
        written = true;
        return entry;
    }
}
