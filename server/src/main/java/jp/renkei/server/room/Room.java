package jp.renkei.server.room;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;

import jp.renkei.policy.MemberRole;
import jp.renkei.policy.RoomFacts;
import jp.renkei.policy.RoomKind;
import jp.renkei.protocol.Resources.PatientProfile;

/**
 * An immutable snapshot of a room: its current members with their read markers, and the head of its
 * event log. {@code rev} grows with every change of the stored document, so an older snapshot never
 * replaces a newer one in the cache.
 */
public record Room(String id, RoomKind kind, String title, PatientProfile patient, String hostUserId,
                   boolean archived, Instant createdAt, LogHead head, Map<String, Member> members, long rev,
                   Consent consent, Map<String, Instant> emergencyUntil, Closure closure) {

    public Room {
        members = Collections.unmodifiableMap(members);
        emergencyUntil = Collections.unmodifiableMap(emergencyUntil);
    }

    /**
     * The room's consent state (SP-CON-01, 02).
     *
     * @param inForce   consent is recorded and not withdrawn
     * @param familyIds the family accounts the consent names
     * @param scope     the professions (wire names) the patient agreed may join; empty for all; {@code null}
     *                  while unknown (a consent stored before the room kept scopes, until {@code RoomLog}
     *                  reads it again from the log)
     */
    public record Consent(boolean inForce, java.util.Set<String> familyIds, java.util.Set<String> scope) {
        public static final Consent NONE = new Consent(false, java.util.Set.of(), java.util.Set.of());

        /**
         * Whether care staff of {@code profession} are within the consent's scope: no consent in force
         * (nothing to be outside of), a scope listing no profession (all agreed), or listed (SP-CON-01).
         * Family members are governed by {@link #familyIds()} instead (SP-CON-02).
         */
        public boolean covers(jp.renkei.policy.Profession profession) {
            return !inForce || scope == null || scope.isEmpty() || profession == null || !profession.isCareStaff()
                    || scope.contains(profession.wire());
        }
    }

    /**
     * How care ended (SP-RET-02), while the room is closed; {@code null} for an open room.
     *
     * @param reason             {@code home_death}, {@code facility_admission}, {@code long_term_hospitalization},
     *                           {@code moved} or {@code other}
     * @param note               the free text given with {@code other}; {@code null} otherwise or once purged
     * @param date               the day care ended (Japan)
     * @param closedAt           when the host closed the room
     * @param familyAccessUntil  until when family members keep their view
     * @param hostOrganizationId the host's organisation when the room was closed (whose administrator purges)
     * @param purgedAt           when the room's content was purged, or {@code null}
     */
    public record Closure(String reason, String note, java.time.LocalDate date, Instant closedAt,
                          Instant familyAccessUntil, String hostOrganizationId, Instant purgedAt) {

        /** Whether family members' access has ended at {@code now}. */
        public boolean familyAccessEnded(Instant now) {
            return !now.isBefore(familyAccessUntil);
        }
    }

    /** Whether care has ended and the room is closed (purged rooms stay closed). */
    public boolean closed() {
        return closure != null;
    }

    /** Whether the room's content was purged (its key destroyed). */
    public boolean purged() {
        return closure != null && closure.purgedAt() != null;
    }

    /**
     * A current member.
     *
     * @param readSeq   the member's read marker (既読): the latest seq they have seen
     * @param readNotes how many notes the room had up to {@code readSeq}, for unread counts
     */
    public record Member(String userId, MemberRole role, Instant joinedAt, long readSeq, long readNotes) {
    }

    /**
     * The head of the room's log as last recorded: the highest sequence number, the number of notes
     * posted up to it, and when. May lag the log by the events of a crash; {@code RoomLog} repairs it.
     */
    public record LogHead(long seq, long notes, Instant ts) {
        public static final LogHead EMPTY = new LogHead(0, 0, null);
    }

    public Member member(String userId) {
        return members.get(userId);
    }

    /** The room as the access policy sees it for {@code userId}. */
    public RoomFacts factsFor(String userId) {
        return factsFor(userId, Instant.now());
    }

    /** The room as {@code userId} sees it at {@code now} (break-the-glass grants expire). */
    public RoomFacts factsFor(String userId, Instant now) {
        Member m = members.get(userId);
        Instant until = emergencyUntil.get(userId);
        // A closed room is an archive (read-only, no break-the-glass) with rules of its own on top (CLO-*).
        return new RoomFacts(id, kind, archived || closed(), m == null ? null : m.role(), consent.inForce(),
                until != null && until.isAfter(now), closed(), purged(),
                closed() && closure.familyAccessEnded(now));
    }

    /** Unread notes for a member: notes posted after their read marker. */
    public long unreadFor(String userId) {
        Member m = members.get(userId);
        return m == null ? 0 : Math.max(0, head.notes() - m.readNotes());
    }
}
