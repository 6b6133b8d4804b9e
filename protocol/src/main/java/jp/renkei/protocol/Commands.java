package jp.renkei.protocol;

/**
 * Commands a client sends as STOMP {@code SEND} frames (JSON bodies). Each is answered on
 * {@link Destinations#ME_REPLIES}. Schemas: {@code schema/command-*.schema.json}.
 */
public final class Commands {

    private Commands() {
    }

    /**
     * Post a note ({@link Destinations#POST_NOTE}).
     *
     * @param roomId the room
     * @param txnId  a client-chosen id, unique per sender and room; sending the same {@code txnId}
     *               again (a retry) stores nothing new and replies with the original event
     * @param note   the content
     */
    public record PostNote(String roomId, String txnId, Notes.NoteContent note) {
    }

    /**
     * Edit one's own note ({@link Destinations#EDIT_NOTE}). Adds a version; the original stays.
     *
     * @param roomId      the room
     * @param noteId      the event id of the {@code note.posted} event
     * @param baseVersion the version the edit was made from (1 for the original); if the note has
     *                    been edited since, the edit is refused with {@link ErrorCode#STALE_VERSION}
     * @param txnId       client-chosen id making the edit idempotent, as for posts
     * @param note        the new content
     */
    public record EditNote(String roomId, String noteId, int baseVersion, String txnId, Notes.NoteContent note) {
    }

    /**
     * Acknowledge a note: 確認しました ({@link Destinations#ACK_NOTE}). Acknowledging twice is a no-op.
     *
     * @param roomId the room
     * @param noteId the note's id
     */
    public record AckNote(String roomId, String noteId) {
    }

    /**
     * Move the read marker (既読) to {@code seq}. Markers only move forward; an older seq is a no-op.
     *
     * @param roomId the room
     * @param seq    the sequence number of the latest event the user has seen
     */
    public record MarkRead(String roomId, long seq) {
    }
}
