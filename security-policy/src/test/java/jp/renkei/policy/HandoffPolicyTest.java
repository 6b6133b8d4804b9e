package jp.renkei.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handoff rules (入退院時の情報提供) as an explicit decision table: who (which office, which
 * profession), the patient's room as they see it, and the consent × each handoff action → the exact
 * reason. Written out, not computed. The sheet is sent by {@code o-cm} (a care office) to {@code o-hosp}
 * (a hospital's discharge office).
 */
class HandoffPolicyTest {

    static final EnumSet<Action> HANDOFF_ACTIONS = EnumSet.of(Action.SEND_HANDOFF, Action.VIEW_HANDOFF,
            Action.RECEIVE_HANDOFF);

    static final EnumSet<Reason> HANDOFF_REASONS = EnumSet.of(Reason.HANDOFF_SENDER, Reason.HANDOFF_PARTY,
            Reason.HANDOFF_RECEIVER, Reason.NOT_HANDOFF_PARTY, Reason.PROFESSION_NOT_ALLOWED, Reason.NOT_A_MEMBER,
            Reason.NOT_A_PATIENT_ROOM, Reason.ROOM_ARCHIVED, Reason.CONSENT_REQUIRED);

    private static final String SENDER = "o-cm";
    private static final String RECEIVER = "o-hosp";

    /**
     * Columns: who (office-profession), room (member = a member of the live patient room with consent;
     * nonmember = not a member of it; noconsent = a member, consent not recorded or withdrawn; archived =
     * a member of an archived room; network = a member of a network room; none+consent = no room, the
     * sender recorded the consent; none = no room, no consent), then SEND, VIEW, RECEIVE.
     */
    private static final String TABLE = """
            sender-care_manager    member        handoff_sender          handoff_party           not_handoff_party
            sender-care_manager    nonmember     not_a_member            handoff_party           not_handoff_party
            sender-care_manager    noconsent     consent_required        consent_required        consent_required
            sender-care_manager    archived      room_archived           handoff_party           not_handoff_party
            sender-care_manager    network       not_a_patient_room      consent_required        consent_required
            sender-care_manager    none+consent  handoff_sender          handoff_party           not_handoff_party
            sender-care_manager    none          consent_required        consent_required        consent_required
            sender-nurse           member        handoff_sender          handoff_party           not_handoff_party
            sender-care_worker     member        handoff_sender          handoff_party           not_handoff_party
            sender-facility_admin  member        profession_not_allowed  profession_not_allowed  profession_not_allowed
            sender-family          member        profession_not_allowed  profession_not_allowed  profession_not_allowed
            receiver-social_worker member        not_handoff_party       handoff_receiver        handoff_receiver
            receiver-social_worker nonmember     not_handoff_party       handoff_receiver        handoff_receiver
            receiver-social_worker noconsent     not_handoff_party       consent_required        consent_required
            receiver-social_worker archived      not_handoff_party       handoff_receiver        handoff_receiver
            receiver-social_worker none+consent  not_handoff_party       handoff_receiver        handoff_receiver
            receiver-social_worker none          not_handoff_party       consent_required        consent_required
            receiver-nurse         nonmember     not_handoff_party       handoff_receiver        handoff_receiver
            receiver-physician     nonmember     not_handoff_party       handoff_receiver        handoff_receiver
            receiver-operator      nonmember     profession_not_allowed  profession_not_allowed  profession_not_allowed
            other-care_manager     member        not_handoff_party       not_handoff_party       not_handoff_party
            other-care_manager     nonmember     not_handoff_party       not_handoff_party       not_handoff_party
            other-social_worker    none+consent  not_handoff_party       not_handoff_party       not_handoff_party
            other-municipal_staff  nonmember     not_handoff_party       not_handoff_party       not_handoff_party
            """;

    private static final List<Action> COLUMNS = List.of(Action.SEND_HANDOFF, Action.VIEW_HANDOFF,
            Action.RECEIVE_HANDOFF);

    private final AccessPolicy policy = new AccessPolicy();

    static Stream<Arguments> table() {
        List<Arguments> cases = new ArrayList<>();
        for (String line : TABLE.strip().split("\n")) {
            String[] cells = line.strip().split("\\s+");
            assertThat(cells).as(line).hasSize(COLUMNS.size() + 2);
            for (int i = 0; i < COLUMNS.size(); i++) {
                cases.add(Arguments.of(cells[0], cells[1], COLUMNS.get(i),
                        Reason.valueOf(cells[i + 2].toUpperCase(Locale.ROOT))));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} room={1} {2} -> {3}")
    @MethodSource("table")
    void decidesAsTheTableSays(String who, String room, Action action, Reason expected) {
        Decision d = decide(policy, who, room, action);
        assertThat(d.reason()).isEqualTo(expected);
        assertThat(d.allowed()).isEqualTo(expected.allows());
    }

    static Decision decide(AccessPolicy policy, String who, String room, Action action) {
        return policy.decideHandoff(subject(who), action, facts(room), room.equals("none+consent"), SENDER, RECEIVER);
    }

    @Test
    void everyHandoffActionAndReasonIsInTheTable() {
        assertThat(EnumSet.copyOf(COLUMNS)).isEqualTo(HANDOFF_ACTIONS);
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        table().forEach(a -> seen.add((Reason) a.get()[3]));
        assertThat(seen).isEqualTo(HANDOFF_REASONS);
    }

    /** Who adds a region's templates: the city's secretariat only. */
    static Stream<Arguments> templateTable() {
        return Stream.of(
                Arguments.of(OrganizationKind.MUNICIPALITY, Profession.MUNICIPAL_STAFF, Reason.REGION_SECRETARIAT),
                Arguments.of(OrganizationKind.SUPPORT_CENTER, Profession.MUNICIPAL_STAFF, Reason.PROFESSION_NOT_ALLOWED),
                Arguments.of(OrganizationKind.MUNICIPALITY, Profession.FACILITY_ADMIN, Reason.PROFESSION_NOT_ALLOWED),
                Arguments.of(OrganizationKind.CARE_MANAGEMENT_OFFICE, Profession.CARE_MANAGER,
                        Reason.PROFESSION_NOT_ALLOWED),
                Arguments.of(OrganizationKind.HOSPITAL, Profession.SOCIAL_WORKER, Reason.PROFESSION_NOT_ALLOWED));
    }

    @ParameterizedTest(name = "{1} of {0} adds a template -> {2}")
    @MethodSource("templateTable")
    void onlyTheRegionsSecretariatAddsTemplates(OrganizationKind kind, Profession profession, Reason expected) {
        assertThat(decideTemplate(policy, kind, profession).reason()).isEqualTo(expected);
    }

    static Decision decideTemplate(AccessPolicy policy, OrganizationKind kind, Profession profession) {
        return policy.decide(new Subject("u-t", profession, "o-city", kind, true), Action.MANAGE_HANDOFF_TEMPLATES,
                null);
    }

    @Test
    void inactiveAndOneFactorAccountsAreRefusedEveryHandoffAction() {
        Subject inactive = new Subject("u-x", Profession.CARE_MANAGER, SENDER, OrganizationKind.CARE_MANAGEMENT_OFFICE,
                false);
        Subject oneFactor = new Subject("u-x", Profession.CARE_MANAGER, SENDER,
                OrganizationKind.CARE_MANAGEMENT_OFFICE, true, false);
        for (Action a : HANDOFF_ACTIONS) {
            assertThat(policy.decideHandoff(inactive, a, facts("member"), false, SENDER, RECEIVER).reason())
                    .isEqualTo(Reason.ACCOUNT_INACTIVE);
            assertThat(policy.decideHandoff(oneFactor, a, facts("member"), false, SENDER, RECEIVER).reason())
                    .isEqualTo(Reason.SECOND_FACTOR_REQUIRED);
        }
    }

    @Test
    void aRoomsWithdrawnConsentIsNotReplacedByARecordedOne() {
        // With a room, its consent decides: the sheet's own consent flag is ignored (SP-CON-01).
        Decision d = policy.decideHandoff(subject("receiver-social_worker"), Action.VIEW_HANDOFF, facts("noconsent"),
                true, SENDER, RECEIVER);
        assertThat(d.reason()).isEqualTo(Reason.CONSENT_REQUIRED);
        assertThat(d.ruleId()).isEqualTo("HND-6");
        assertThat(d.controls()).containsExactly("SP-CON-01", "SP-CON-03");
    }

    private static RoomFacts facts(String room) {
        return switch (room) {
            case "member" -> new RoomFacts("r-1", RoomKind.PATIENT, false, MemberRole.MEMBER, true, false);
            case "nonmember" -> new RoomFacts("r-1", RoomKind.PATIENT, false, null, true, false);
            case "noconsent" -> new RoomFacts("r-1", RoomKind.PATIENT, false, MemberRole.MEMBER, false, false);
            case "archived" -> new RoomFacts("r-1", RoomKind.PATIENT, true, MemberRole.MEMBER, true, false);
            case "network" -> new RoomFacts("r-1", RoomKind.NETWORK, false, MemberRole.MEMBER, false, false);
            case "none", "none+consent" -> null;
            default -> throw new IllegalArgumentException(room);
        };
    }

    private static Subject subject(String who) {
        String[] p = who.split("-");
        Profession profession = Profession.valueOf(p[1].toUpperCase(Locale.ROOT));
        String org = switch (p[0]) {
            case "sender" -> SENDER;
            case "receiver" -> RECEIVER;
            default -> "o-elsewhere";
        };
        if (profession == Profession.FAMILY) {
            return new Subject("u-" + who, profession, null, null, true);
        }
        OrganizationKind kind = org.equals(RECEIVER) ? OrganizationKind.HOSPITAL : OrganizationKind.CARE_MANAGEMENT_OFFICE;
        return new Subject("u-" + who, profession, org, kind, true);
    }
}
