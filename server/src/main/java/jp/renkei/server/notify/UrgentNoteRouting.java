package jp.renkei.server.notify;

/**
 * Present when another module routes urgent notes (to their addressees, else the room's responsible
 * people, then by escalation): {@link RoomNotifications} then sends no per-event {@code urgent} or
 * {@code mention} notification for an urgent note, so no one is told twice. Without it, an urgent note
 * notifies every member.
 */
public interface UrgentNoteRouting {

    /** Whether urgent notes are routed there now (an escalation switched off routes nothing). */
    boolean routesUrgentNotes();
}
