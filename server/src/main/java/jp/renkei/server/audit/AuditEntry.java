package jp.renkei.server.audit;

import java.util.List;

import java.util.Objects;

/**
 * One access to record (SP-AUD-01): who did what to which resource, from where, and the result.
 *
 * <p>Ids and codes only: never names, note bodies or any other patient data (SP-PRV-05).
 *
 * @param actorId      the user id, or {@code "-"} before authentication
 * @param action       what was attempted, e.g. {@code "note.post"}, {@code "room.subscribe"}, {@code "login"}
 * @param resourceType e.g. {@code "room"}, {@code "note"}, {@code "photo"}, {@code "bed-notice"}
 * @param resourceId   the resource's id, or {@code null}
 * @param roomId       the room the resource belongs to, or {@code null}
 * @param allowed      whether the access was allowed
 * @param reason       the policy's reason code or the error code
 * @param origin       the client's address, or {@code null} when unknown
 * @param recipients   for one entry that stands for many accesses (a fan-out: one event delivered to many
 *                     subscribers), who received it, each {@code userId/sessionId}; {@code null} otherwise
 */
public record AuditEntry(String actorId, String action, String resourceType, String resourceId, String roomId,
                         boolean allowed, String reason, String origin, List<String> recipients) {

    public AuditEntry {
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(reason, "reason");
        recipients = recipients == null ? null : List.copyOf(recipients);
    }

    /** One access by one actor (no recipients list). */
    public AuditEntry(String actorId, String action, String resourceType, String resourceId, String roomId,
                      boolean allowed, String reason, String origin) {
        this(actorId, action, resourceType, resourceId, roomId, allowed, reason, origin, null);
    }

    /** How a recipient is written in {@link #recipients}: the user and the live session it was sent on. */
    public static String recipient(String userId, String sessionId) {
        return userId + "/" + sessionId;
    }
}
