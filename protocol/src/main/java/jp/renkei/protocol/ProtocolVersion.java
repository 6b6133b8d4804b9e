package jp.renkei.protocol;

/**
 * The version of the Renkei wire protocol.
 *
 * <p>The major version changes only when a change would break an existing client (a field removed or
 * its meaning changed, a destination renamed). Adding an optional field, a new event kind or a new
 * error code is not breaking: clients must ignore what they do not know. The server reports the
 * version in {@code GET /api/session} as {@code protocolVersion}.
 */
public final class ProtocolVersion {

    /** Major version of this contract. */
    public static final int MAJOR = 1;

    /** The version string as it appears on the wire. */
    public static final String NAME = "renkei/" + MAJOR;

    private ProtocolVersion() {
    }
}
