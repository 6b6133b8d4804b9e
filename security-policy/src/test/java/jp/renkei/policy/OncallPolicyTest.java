package jp.renkei.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who covers a patient, as an explicit table (written out, not computed): the 主治医 sets the care roles
 * of their own patient's room; only an organisation's own facility administrator edits its on-call
 * rota, and only its administrator and clinicians see it; an escalation alert without content goes
 * only to the sender's own facility administrator or to a clinician on call. The main tables cover the
 * subject's own organisation and a 主治医 who is someone else.
 */
class OncallPolicyTest {

    private static final String ME = "u-me";
    private static final String ORG = "o-kita-clinic";

    /**
     * Columns: who (profession), room (host / attending: a member who is the room's 主治医 / member /
     * archived-attending / network-attending), org (own: the rota's or sender's organisation is the
     * subject's; other: another one), then the reason for SET_CARE_ROLES, VIEW_ONCALL_ROTA,
     * EDIT_ONCALL_ROTA, RECEIVE_ESCALATION_ALERT.
     */
    private static final String TABLE = """
            # who           room                org    SET_CARE_ROLES          VIEW_ONCALL_ROTA        EDIT_ONCALL_ROTA        RECEIVE_ESCALATION_ALERT
            physician       attending           own    attending_physician     rota_viewer             not_facility_admin      on_call_alert
            physician       attending           other  attending_physician     other_organization      other_organization      on_call_alert
            physician       member              own    not_host_or_attending   rota_viewer             not_facility_admin      on_call_alert
            physician       host                own    room_host               rota_viewer             not_facility_admin      on_call_alert
            physician       archived-attending  own    room_archived           rota_viewer             not_facility_admin      on_call_alert
            physician       network-attending   own    not_a_patient_room      rota_viewer             not_facility_admin      on_call_alert
            nurse           member              own    not_host_or_attending   rota_viewer             not_facility_admin      on_call_alert
            nurse           host                other  room_host               other_organization      other_organization      on_call_alert
            pharmacist      member              own    not_host_or_attending   profession_not_allowed  not_facility_admin      profession_not_allowed
            care_manager    attending           own    attending_physician     profession_not_allowed  not_facility_admin      profession_not_allowed
            family          attending           own    profession_not_allowed      other_organization      other_organization      profession_not_allowed
            facility_admin  member              own    profession_not_allowed  rota_viewer             rota_admin              facility_admin_alert
            facility_admin  member              other  profession_not_allowed  other_organization      other_organization      profession_not_allowed
            operator        member              own    profession_not_allowed  profession_not_allowed  not_facility_admin      profession_not_allowed
            """;

    private static final List<Action> ACTIONS = List.of(Action.SET_CARE_ROLES, Action.VIEW_ONCALL_ROTA,
            Action.EDIT_ONCALL_ROTA, Action.RECEIVE_ESCALATION_ALERT);

    static Stream<Arguments> table() {
        List<Arguments> cases = new ArrayList<>();
        for (String line : TABLE.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] c = t.split("\\s+");
            assertThat(c).hasSize(3 + ACTIONS.size());
            for (int i = 0; i < ACTIONS.size(); i++) {
                cases.add(Arguments.of(c[0], c[1], c[2], ACTIONS.get(i),
                        Reason.valueOf(c[3 + i].toUpperCase(java.util.Locale.ROOT))));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} ({1}, {2} organisation): {3} -> {4}")
    @MethodSource("table")
    void decidesAsTheTableSays(String who, String room, String org, Action action, Reason expected) {
        Decision d = decide(new AccessPolicy(), who, room, org, action);
        assertThat(d.reason()).isEqualTo(expected);
        assertThat(d.allowed()).isEqualTo(expected.allows());
    }

    static Decision decide(AccessPolicy policy, String who, String room, String org, Action action) {
        Profession p = Profession.fromWire(who);
        // A family member has no organisation: every organisation is "another" one for them.
        Subject subject = new Subject(ME, p, p == Profession.FAMILY ? null : ORG, null, true, true);
        RoomFacts facts = switch (room) {
            case "host" -> new RoomFacts("r-1", RoomKind.PATIENT, false, MemberRole.HOST, true, false);
            case "archived-attending" -> new RoomFacts("r-1", RoomKind.PATIENT, true, MemberRole.MEMBER, true, false);
            case "network-attending" -> new RoomFacts("r-1", RoomKind.NETWORK, false, MemberRole.MEMBER, true, false);
            default -> new RoomFacts("r-1", RoomKind.PATIENT, false, MemberRole.MEMBER, true, false);
        };
        String attending = room.endsWith("attending") ? ME : "u-other";
        String targetOrg = org.equals("own") ? ORG : "o-elsewhere";
        if (action == Action.SET_CARE_ROLES) {
            return policy.decide(subject, action, facts, attending, (Target) null);
        }
        return policy.decide(subject, action, null, null, Target.organization(targetOrg));
    }
}
