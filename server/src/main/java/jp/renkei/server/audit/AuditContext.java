package jp.renkei.server.audit;

/**
 * "From where" for the audit entries of the request or STOMP frame being handled on this thread.
 *
 * <p>The HTTP filter and the STOMP interceptor set the client's address here, so entries recorded
 * deeper down (for example the policy's denials in {@code RoomAccess}) carry it without passing it
 * through every call. It also remembers whether a denial was already recorded, so that the generic
 * HTTP entry does not record the same denial twice. (A command's own entry does not pass through
 * here: it travels with the command, see {@link CommandAudit}.)
 */
public final class AuditContext {

    private static final ThreadLocal<AuditContext> CURRENT = new ThreadLocal<>();

    private final String origin;
    private boolean denialRecorded;

    private AuditContext(String origin) {
        this.origin = origin;
    }

    /** Starts the context of one request or frame; close it in a {@code finally} (try-with-resources). */
    public static Scope open(String origin) {
        AuditContext previous = CURRENT.get();
        CURRENT.set(new AuditContext(origin));
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The client address of the current request or frame, or {@code null}. */
    public static String origin() {
        AuditContext c = CURRENT.get();
        return c == null ? null : c.origin;
    }

    /** Whether a denial has been recorded for the current request or frame. */
    public static boolean denialRecorded() {
        AuditContext c = CURRENT.get();
        return c != null && c.denialRecorded;
    }

    static void noteRecorded(AuditEntry entry) {
        AuditContext c = CURRENT.get();
        if (c != null && !entry.allowed()) {
            c.denialRecorded = true;
        }
    }

    /** Ends a context. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
