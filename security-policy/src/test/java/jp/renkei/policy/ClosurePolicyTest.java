package jp.renkei.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When care ends (SP-RET-01/02/03): a closed patient room, a purged one, the family after its access period,
 * and the purge confirmed by an administrator of another organisation, as an explicit table. Written out, not
 * computed; the main tables cover open rooms (the room states there are never closed).
 */
class ClosurePolicyTest {

    private static final String ORG = "o-aozora-vns";

    /**
     * Columns: who (profession), state, action, expected reason. States: closed-member / closed-host (a closed
     * patient room, as the server presents it: closed and archived), family-open (a family member of a closed
     * room within its access period), family-ended (after it), purged-member / purged-host (content purged),
     * open-host (a live room), other-org (PURGE_ROOM for a room hosted by another organisation),
     * own-org (PURGE_ROOM for a room hosted by the subject's organisation).
     */
    private static final String TABLE = """
            # who              state           action                 reason
            nurse              closed-member   POST_NOTE              room_closed
            nurse              closed-member   EDIT_NOTE              room_closed
            nurse              closed-member   ACK_NOTE               room_closed
            nurse              closed-member   UPLOAD_PHOTO           room_closed
            nurse              closed-member   EDIT_CALENDAR          room_closed
            nurse              closed-member   READ_TIMELINE          member
            nurse              closed-member   RECEIVE_EVENT          member
            nurse              closed-member   MARK_READ              member
            nurse              closed-member   VIEW_PHOTO             member_photo
            nurse              closed-member   VIEW_CALENDAR          member
            nurse              closed-member   LEAVE_ROOM             member
            nurse              closed-member   CLOSE_ROOM             not_host
            nurse              closed-member   REOPEN_ROOM            not_host
            nurse              closed-member   EMERGENCY_OPEN         already_member
            physician          closed-nonmember EMERGENCY_OPEN        room_archived
            physician          closed-nonmember READ_TIMELINE         not_a_member
            care_manager       closed-host     CLOSE_ROOM             room_closed
            care_manager       closed-host     REOPEN_ROOM            room_host
            care_manager       closed-host     INVITE_MEMBER          room_closed
            care_manager       closed-host     RECORD_CONSENT         room_closed
            care_manager       closed-host     SET_PHOTO_RULES        room_closed
            care_manager       closed-host     REMOVE_MEMBER          room_host
            care_manager       open-host       CLOSE_ROOM             room_host
            care_manager       open-host       REOPEN_ROOM            room_not_closed
            family             family-open     VIEW_FAMILY_CALENDAR   family_view
            family             family-ended    VIEW_FAMILY_CALENDAR   family_access_ended
            family             family-ended    LEAVE_ROOM             member
            family             family-ended    READ_TIMELINE          family_staff_channel
            nurse              purged-member   READ_TIMELINE          room_purged
            nurse              purged-member   RECEIVE_EVENT          room_purged
            nurse              purged-member   VIEW_MEMBERS           room_purged
            nurse              purged-member   VIEW_PHOTO             room_purged
            nurse              purged-member   LEAVE_ROOM             room_purged
            nurse              purged-member   MARK_READ              room_purged
            care_manager       purged-host     REOPEN_ROOM            room_purged
            care_manager       purged-host     REMOVE_MEMBER          room_purged
            family             purged-member   VIEW_FAMILY_CALENDAR   room_purged
            physician          purged-nonmember READ_TIMELINE         not_a_member
            facility_admin     own-org         PURGE_ROOM             retention_admin
            facility_admin     other-org       PURGE_ROOM             other_organization
            operator           other-org       PURGE_ROOM             retention_operator
            care_manager       own-org         PURGE_ROOM             profession_not_allowed
            family             own-org         PURGE_ROOM             profession_not_allowed
            """;

    static Stream<Arguments> table() {
        List<Arguments> cases = new ArrayList<>();
        for (String line : TABLE.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] c = t.split("\\s+");
            assertThat(c).hasSize(4);
            cases.add(Arguments.of(c[0], c[1], Action.valueOf(c[2]), Reason.valueOf(c[3].toUpperCase(Locale.ROOT))));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} in {1}: {2} -> {3}")
    @MethodSource("table")
    void decidesAsTheTableSays(String who, String state, Action action, Reason expected) {
        Decision d = decide(new AccessPolicy(), who, state, action);
        assertThat(d.reason()).isEqualTo(expected);
        assertThat(d.allowed()).isEqualTo(expected.allows());
        if (!expected.allows() && expected != Reason.NOT_A_MEMBER) {
            assertThat(d.controls()).isNotEmpty();
        }
    }

    static Decision decide(AccessPolicy policy, String who, String state, Action action) {
        Profession p = Profession.fromWire(who);
        Subject subject = new Subject("u-me", p, p == Profession.FAMILY ? null : ORG, null, true, true);
        if (action == Action.PURGE_ROOM) {
            return policy.decide(subject, action, null, null,
                    Target.organization(state.equals("own-org") ? ORG : "o-elsewhere"));
        }
        String id = "r-7Fq2kP9xZ1";
        RoomKind kind = RoomKind.PATIENT;
        RoomFacts room = switch (state) {
            case "closed-member" -> new RoomFacts(id, kind, true, MemberRole.MEMBER, true, false, true, false, false);
            case "closed-nonmember" -> new RoomFacts(id, kind, true, null, true, false, true, false, false);
            case "closed-host" -> new RoomFacts(id, kind, true, MemberRole.HOST, true, false, true, false, false);
            case "open-host" -> new RoomFacts(id, kind, false, MemberRole.HOST, true, false);
            case "family-open" -> new RoomFacts(id, kind, true, MemberRole.MEMBER, true, false, true, false, false);
            case "family-ended" -> new RoomFacts(id, kind, true, MemberRole.MEMBER, true, false, true, false, true);
            case "purged-member" -> new RoomFacts(id, kind, true, MemberRole.MEMBER, true, false, true, true, true);
            case "purged-host" -> new RoomFacts(id, kind, true, MemberRole.HOST, true, false, true, true, true);
            case "purged-nonmember" -> new RoomFacts(id, kind, true, null, true, false, true, true, true);
            default -> throw new IllegalArgumentException(state);
        };
        return policy.decide(subject, action, room, null, action == Action.INVITE_MEMBER ? Target.of(Profession.NURSE) : null);
    }
}
