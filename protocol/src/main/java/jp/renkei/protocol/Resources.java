package jp.renkei.protocol;

import java.util.List;

/**
 * Request and response bodies of the HTTP API ({@code /api/...}). Errors use
 * {@link ServerMessages.ErrorReply} with the status of the {@link ErrorCode}.
 */
public final class Resources {

    private Resources() {
    }

    /**
     * {@code GET /api/session}. {@code user} is {@code null} when not logged in. {@code locked}: the
     * session is locked and answers only the unlock step (SP-AUTH-06); {@code lockAfterSeconds}: how long
     * the session may be idle before it locks, {@code null} when it does not lock (a session without a
     * passkey, which ends after its idle timeout instead). {@code endedReason}: set once, on the first
     * answer after the cookie's session was ended by a device revoke or offboarding ({@code device_revoked}):
     * the client wipes its local data (SP-MOB-01, SP-MOB-02).
     */
    public record SessionInfo(boolean authenticated, UserView user, String csrfHeader, String csrfToken,
                              String protocolVersion, boolean locked, Long lockAfterSeconds, String endedReason) {
        /** A session that does not lock. */
        public SessionInfo(boolean authenticated, UserView user, String csrfHeader, String csrfToken,
                           String protocolVersion) {
            this(authenticated, user, csrfHeader, csrfToken, protocolVersion, false, null, null);
        }
    }

    /** A user as seen by themselves and in the directory. */
    public record UserView(String userId, String name, String profession, String organizationId,
                           String organizationName, String organizationKind) {
    }

    /** {@code POST /api/login}. */
    public record LoginRequest(String username, String password) {
    }

    /**
     * A minimal patient profile. Only what the team needs to be sure they talk about the same person.
     *
     * @param name      full name (氏名)
     * @param nameKana  reading in katakana (フリガナ), optional
     * @param birthDate ISO date, optional
     * @param sex       {@code female}, {@code male} or {@code other}, optional
     * @param careLevel 要介護度 such as {@code 要介護3}, optional
     * @param area      district, not the full address, optional
     */
    public record PatientProfile(String name, String nameKana, String birthDate, String sex, String careLevel,
                                 String area) {
    }

    /**
     * {@code POST /api/rooms}. {@code patient} is required for patient rooms and forbidden for network rooms.
     * {@code consent}, optional and only for patient rooms, records the patient's consent with the room
     * (it can also be recorded later with {@code POST /api/rooms/{roomId}/consent}).
     */
    public record CreateRoom(String kind, String title, PatientProfile patient, ConsentRecord consent) {

        /** A room created without a consent record. */
        public CreateRoom(String kind, String title, PatientProfile patient) {
            this(kind, title, patient, null);
        }
    }

    /**
     * {@code POST /api/rooms/{roomId}/consent}: the patient's consent to share information in the room
     * (SP-CON-01) and the family members it names (SP-CON-02).
     *
     * @param consentedBy   {@code patient} (本人) or {@code representative} (代理人)
     * @param relationship  the representative's relationship to the patient (続柄), required for a
     *                      representative, e.g. {@code 長女}; at most {@link Limits#MAX_RELATIONSHIP} characters
     * @param method        {@code written} (書面) or {@code oral} (口頭, recorded in the chart)
     * @param date          the day consent was given, ISO {@code yyyy-MM-dd}, not in the future
     * @param scope         the professions the patient agreed may join (profession wire values); empty for
     *                      every care profession
     * @param familyUserIds the family accounts the consent names; only they can be invited
     */
    public record ConsentRecord(String consentedBy, String relationship, String method, String date,
                                java.util.List<String> scope, java.util.List<String> familyUserIds) {
    }

    /** {@code POST /api/rooms/{roomId}/consent/withdraw}: the day consent was withdrawn (ISO date). */
    public record ConsentWithdrawal(String date) {
    }

    /**
     * {@code POST /api/rooms/{roomId}/emergency-access}: break the glass (SP-AUTHZ-04).
     *
     * @param reason why access is needed now, 4 to {@link Limits#MAX_EMERGENCY_REASON} characters; shown to
     *               the room's members and to the requester's facility administrator
     */
    public record EmergencyAccessRequest(String reason) {
    }

    /** {@code POST /api/rooms/{roomId}/members}. */
    public record InviteMember(String userId) {
    }

    /** One entry of {@code GET /api/rooms}. */
    public record RoomSummary(String roomId, String kind, String title, String role, long headSeq, long unread,
                              String lastActivity, boolean archived, ClosureView closure) {
    }

    /**
     * A closed room's closure (終了), or {@code null} while the room is open: the reason, the free text of
     * {@code other}, the day care ended, when it was closed, until when the family keeps its view, and the
     * last day of the retention period (ISO dates in Japan time).
     */
    public record ClosureView(String reason, String note, String date, String closedAt, String familyAccessUntil,
                              String retentionUntil) {
    }

    /** {@code POST /api/rooms/{roomId}/closure}: why and when care ended; {@code note} only with {@code other}. */
    public record CloseRoom(String reason, String note, String date) {
    }

    /** One row of {@code GET /api/admin/retention/due}: ids, the host, dates and the reason; no patient data. */
    public record RetentionDue(String roomId, String hostUserId, String hostName, String organizationId,
                               String reason, String closedOn, String retentionUntil) {
    }

    /** {@code POST /api/admin/retention/purge}: the rooms of the due list the administrator confirms. */
    public record PurgeRequest(List<String> roomIds) {
    }

    /** The answer to a purge: each room and when its key was destroyed. */
    public record PurgeResult(List<PurgedRoom> purged) {
        /** One purged room. */
        public record PurgedRoom(String roomId, String purgedAt) {
        }
    }

    /**
     * {@code GET /api/rooms/{roomId}}. {@code consentRecorded}: the patient's consent is recorded and in
     * force (always {@code false} for network rooms, which need none).
     */
    public record RoomDetail(String roomId, String kind, String title, String hostUserId, boolean archived,
                             long headSeq, PatientProfile patient, List<MemberView> members,
                             boolean consentRecorded, ClosureView closure) {
    }

    /** A member of a room with their read marker. */
    public record MemberView(ServerMessages.Person person, String role, String joinedAt, long readSeq) {
    }

    /**
     * {@code GET /api/rooms/{roomId}/events?before={seq}&limit={n}}: up to {@code n} events with seq
     * below {@code before} (default: the newest), oldest first.
     */
    public record EventPage(String roomId, long headSeq, List<ServerMessages.RoomEvent> events, boolean hasMore) {
    }
}
