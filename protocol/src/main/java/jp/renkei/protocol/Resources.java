package jp.renkei.protocol;

import java.util.List;

/**
 * Request and response bodies of the HTTP API ({@code /api/...}). Errors use
 * {@link ServerMessages.ErrorReply} with the status of the {@link ErrorCode}.
 */
public final class Resources {

    private Resources() {
    }

    /** {@code GET /api/session}. {@code user} is {@code null} when not logged in. */
    public record SessionInfo(boolean authenticated, UserView user, String csrfHeader, String csrfToken,
                              String protocolVersion) {
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

    /** {@code POST /api/rooms}. {@code patient} is required for patient rooms and forbidden for network rooms. */
    public record CreateRoom(String kind, String title, PatientProfile patient) {
    }

    /** {@code POST /api/rooms/{roomId}/members}. */
    public record InviteMember(String userId) {
    }

    /** One entry of {@code GET /api/rooms}. */
    public record RoomSummary(String roomId, String kind, String title, String role, long headSeq, long unread,
                              String lastActivity, boolean archived) {
    }

    /** {@code GET /api/rooms/{roomId}}. */
    public record RoomDetail(String roomId, String kind, String title, String hostUserId, boolean archived,
                             long headSeq, PatientProfile patient, List<MemberView> members) {
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
