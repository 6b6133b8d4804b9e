package jp.renkei.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static jp.renkei.policy.Profession.CARE_MANAGER;
import static jp.renkei.policy.Profession.CARE_WORKER;
import static jp.renkei.policy.Profession.DENTAL_HYGIENIST;
import static jp.renkei.policy.Profession.DENTIST;
import static jp.renkei.policy.Profession.DIETITIAN;
import static jp.renkei.policy.Profession.FACILITY_ADMIN;
import static jp.renkei.policy.Profession.FAMILY;
import static jp.renkei.policy.Profession.MUNICIPAL_STAFF;
import static jp.renkei.policy.Profession.NURSE;
import static jp.renkei.policy.Profession.OPERATOR;
import static jp.renkei.policy.Profession.PHARMACIST;
import static jp.renkei.policy.Profession.PHYSICIAN;
import static jp.renkei.policy.Profession.SOCIAL_WORKER;
import static jp.renkei.policy.Profession.THERAPIST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access policy as an explicit decision table: every profession × every action × every room state
 * (member, non-member, host, archived, no room, inactive account, consent missing, emergency access,
 * one factor only) in both room kinds, with the exact {@link Reason} expected. The expectations are
 * written out below, not computed from the policy file; a change to the policy must change this table.
 */
class AccessPolicyTest {

    private final AccessPolicy policy = new AccessPolicy();

    /** The room as the subject sees it. */
    enum State {
        /** The room exists; the subject is not a member (never was, left, or was removed). */
        NON_MEMBER,
        /** A current member of a live room with consent recorded. */
        MEMBER,
        /** The host of a live room with consent recorded. */
        HOST,
        /** A member of an archived (read-only) room. */
        ARCHIVED_MEMBER,
        /** The host of an archived room. */
        ARCHIVED_HOST,
        /** The room does not exist ({@code room == null}). */
        NO_ROOM,
        /** The subject's account is disabled; they are the host of a live room (the most they could have). */
        INACTIVE,
        /** A member of a live room whose patient's consent is not (yet) recorded. */
        NO_CONSENT_MEMBER,
        /** The host of a live room whose patient's consent is not (yet) recorded. */
        NO_CONSENT_HOST,
        /** Not a member, but holding a live break-the-glass grant on the room. */
        EMERGENCY,
        /** The host of a live room, in a session that has not completed the second factor. */
        ONE_FACTOR,
        /** The room exists and is archived; the subject is not a member. */
        ARCHIVED_NON_MEMBER
    }

    /**
     * Who is who in the table. Written out here rather than taken from {@link Profession#isCareStaff()},
     * so that a change to the profession classes shows up as a failing test.
     */
    static final Map<String, Set<Profession>> GROUPS = Map.of(
            // Licensed clinicians who also open patient rooms.
            "clinician-hosts", EnumSet.of(PHYSICIAN, NURSE),
            // Coordinators who open patient rooms (care manager, MSW).
            "hosts", EnumSet.of(CARE_MANAGER, SOCIAL_WORKER),
            // Licensed clinicians who do not open patient rooms but may break the glass.
            "clinicians", EnumSet.of(DENTIST, PHARMACIST),
            // Other care professionals: full members.
            "staff", EnumSet.of(CARE_WORKER, THERAPIST, DIETITIAN, DENTAL_HYGIENIST, MUNICIPAL_STAFF),
            // Family: never on the staff timeline (SP-AUTHZ-03).
            "family", EnumSet.of(FAMILY),
            // Facility administrators: no part in care rooms (SP-AUTHZ-01); they review their own staff.
            "facility-admin", EnumSet.of(FACILITY_ADMIN),
            // Operators: no part in care rooms (SP-AUTHZ-07).
            "operator", EnumSet.of(OPERATOR));

    /*
     * The expected reason for each group, action and state. In the main tables, EDIT_NOTE edits another
     * member's note, REMOVE_MEMBER removes another member, and INVITE_MEMBER invites a nurse; the other
     * variants have their own tables below.
     */
    /** The main tables, one per room kind: test resources decision-table-patient.txt and -network.txt. */
    static final String PATIENT_TABLE = resource("decision-table-patient.txt");
    static final String NETWORK_TABLE = resource("decision-table-network.txt");

    private static String resource(String name) {
        try (java.io.InputStream in = AccessPolicyTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /* Variants, by a care worker (edit, remove) and by a nurse (invite). */
    private static final String EDIT_TABLE = """
            # note by         NON_MEMBER               MEMBER                   HOST                     ARCHIVED_MEMBER          ARCHIVED_HOST            NO_ROOM                  INACTIVE                 NO_CONSENT_MEMBER        NO_CONSENT_HOST          EMERGENCY                ONE_FACTOR               ARCHIVED_NON_MEMBER
            self              not_a_member             author_edit              author_edit              room_archived            room_archived            not_a_member             account_inactive         consent_required         consent_required         not_a_member             second_factor_required   not_a_member
            other             not_a_member             not_author               not_author               room_archived            room_archived            not_a_member             account_inactive         consent_required         consent_required         not_a_member             second_factor_required   not_a_member
            unknown           not_a_member             not_author               not_author               room_archived            room_archived            not_a_member             account_inactive         consent_required         consent_required         not_a_member             second_factor_required   not_a_member
            """;

    private static final String REMOVE_TABLE = """
            # removes         NON_MEMBER               MEMBER                   HOST                     ARCHIVED_MEMBER          ARCHIVED_HOST            NO_ROOM                  INACTIVE                 NO_CONSENT_MEMBER        NO_CONSENT_HOST          EMERGENCY                ONE_FACTOR               ARCHIVED_NON_MEMBER
            self              not_a_member             not_host                 host_cannot_leave        not_host                 host_cannot_leave        not_a_member             account_inactive         not_host                 host_cannot_leave        not_a_member             second_factor_required   not_a_member
            other             not_a_member             not_host                 room_host                not_host                 room_host                not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            """;

    private static final String INVITE_PATIENT_TABLE = """
            # invitee         NON_MEMBER               MEMBER                   HOST                     ARCHIVED_MEMBER          ARCHIVED_HOST            NO_ROOM                  INACTIVE                 NO_CONSENT_MEMBER        NO_CONSENT_HOST          EMERGENCY                ONE_FACTOR               ARCHIVED_NON_MEMBER
            physician         not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            dentist           not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            nurse             not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            pharmacist        not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            care_manager      not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            care_worker       not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            therapist         not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            dietitian         not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            dental_hygienist  not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            social_worker     not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            municipal_staff   not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            family            not_a_member             not_host                 family_not_named_in_consent room_archived            room_archived            not_a_member             account_inactive         not_host                 consent_required         not_a_member             second_factor_required   not_a_member
            facility_admin    not_a_member             not_host                 profession_not_allowed   room_archived            room_archived            not_a_member             account_inactive         not_host                 profession_not_allowed   not_a_member             second_factor_required   not_a_member
            operator          not_a_member             not_host                 profession_not_allowed   room_archived            room_archived            not_a_member             account_inactive         not_host                 profession_not_allowed   not_a_member             second_factor_required   not_a_member
            family-named      not_a_member             not_host                 family_named_in_consent  room_archived            room_archived            not_a_member             account_inactive         not_host                 consent_required         not_a_member             second_factor_required   not_a_member
            outside-scope     not_a_member             not_host                 outside_consent_scope    room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            none              not_a_member             not_host                 profession_not_allowed   room_archived            room_archived            not_a_member             account_inactive         not_host                 profession_not_allowed   not_a_member             second_factor_required   not_a_member
            """;

    private static final String INVITE_NETWORK_TABLE = """
            # invitee         NON_MEMBER               MEMBER                   HOST                     ARCHIVED_MEMBER          ARCHIVED_HOST            NO_ROOM                  INACTIVE                 NO_CONSENT_MEMBER        NO_CONSENT_HOST          EMERGENCY                ONE_FACTOR               ARCHIVED_NON_MEMBER
            physician         not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            dentist           not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            nurse             not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            pharmacist        not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            care_manager      not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            care_worker       not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            therapist         not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            dietitian         not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            dental_hygienist  not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            social_worker     not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            municipal_staff   not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            family            not_a_member             not_host                 family_staff_channel     room_archived            room_archived            not_a_member             account_inactive         not_host                 family_staff_channel     not_a_member             second_factor_required   not_a_member
            facility_admin    not_a_member             not_host                 profession_not_allowed   room_archived            room_archived            not_a_member             account_inactive         not_host                 profession_not_allowed   not_a_member             second_factor_required   not_a_member
            operator          not_a_member             not_host                 profession_not_allowed   room_archived            room_archived            not_a_member             account_inactive         not_host                 profession_not_allowed   not_a_member             second_factor_required   not_a_member
            family-named      not_a_member             not_host                 family_staff_channel     room_archived            room_archived            not_a_member             account_inactive         not_host                 family_staff_channel     not_a_member             second_factor_required   not_a_member
            outside-scope     not_a_member             not_host                 room_host                room_archived            room_archived            not_a_member             account_inactive         not_host                 room_host                not_a_member             second_factor_required   not_a_member
            none              not_a_member             not_host                 profession_not_allowed   room_archived            room_archived            not_a_member             account_inactive         not_host                 profession_not_allowed   not_a_member             second_factor_required   not_a_member
            """;

    static final String ME = "u-me";
    static final String OTHER = "u-other";
    static final String ORGANIZATION = "o-aozora-vns";

    // ------------------------------------------------------------------ the main tables

    static Stream<Arguments> mainTable() {
        List<Arguments> cases = new ArrayList<>();
        for (RoomKind kind : RoomKind.values()) {
            Map<String, Map<String, Reason[]>> table = parse(kind == RoomKind.PATIENT ? PATIENT_TABLE : NETWORK_TABLE, 2);
            for (Profession profession : Profession.values()) {
                Map<String, Reason[]> rows = table.get(groupOf(profession));
                for (Action action : Action.values()) {
                    Reason[] expected = rows.get(action.name());
                    for (State state : State.values()) {
                        cases.add(Arguments.of(profession, action, state, kind, expected[state.ordinal()]));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @MethodSource("mainTable")
    void decidesAsTheTableSays(Profession profession, Action action, State state, RoomKind kind, Reason expected) {
        Decision decision = mainCase(policy, profession, action, state, kind);
        assertThat(decision.reason()).isEqualTo(expected);
        assertThat(decision.allowed()).isEqualTo(ALLOWING.contains(expected));
    }

    static Decision mainCase(AccessPolicy policy, Profession profession, Action action, State state, RoomKind kind) {
        // The device actions in the main tables act on another person's device (a colleague's, for an
        // administrator); unlocking is by the session's own user. DevicePolicyTest has the other cases.
        String owner = switch (action) {
            // SET_CARE_ROLES: the room's 主治医 is someone else (OncallPolicyTest has the 主治医's own case).
            case EDIT_NOTE, REMOVE_MEMBER, VIEW_DEVICES, REVOKE_DEVICE, RENAME_DEVICE, SET_CARE_ROLES -> OTHER;
            case UNLOCK_SESSION -> ME;
            default -> null;
        };
        Target target = switch (action) {
            case INVITE_MEMBER -> Target.of(NURSE);
            // A nurse of the subject's own organisation.
            case REVIEW_EMERGENCY_ACCESS -> new Target(NURSE, ORGANIZATION, false);
            // The subject's own organisation.
            case VIEW_AUDIT, MANAGE_STAFF, OFFBOARD_USER, VIEW_DEVICES, REVOKE_DEVICE, RENAME_DEVICE, PURGE_ROOM,
                    VIEW_ONCALL_ROTA, EDIT_ONCALL_ROTA, RECEIVE_ESCALATION_ALERT -> Target.organization(ORGANIZATION);
            default -> null;
        };
        return policy.decide(subject(profession, state), action, room(state, kind), owner, target);
    }

    // ------------------------------------------------------------------ edit, remove, invite variants

    static Stream<Arguments> editTable() {
        Map<String, String> owners = Map.of("self", ME, "other", OTHER, "unknown", "");
        return oneKeyTable(EDIT_TABLE).entrySet().stream().flatMap(row -> statesOf(row.getValue())
                .map(s -> Arguments.of(owners.get(row.getKey()), s, row.getValue()[s.ordinal()])));
    }

    @ParameterizedTest(name = "a care worker edits a note by {0} as {1} -> {2}")
    @MethodSource("editTable")
    void editingOwnAndOthersNotes(String owner, State state, Reason expected) {
        Decision decision = editCase(policy, owner, state);
        assertThat(decision.reason()).isEqualTo(expected);
    }

    static Decision editCase(AccessPolicy policy, String owner, State state) {
        return policy.decide(subject(CARE_WORKER, state), Action.EDIT_NOTE, room(state, RoomKind.PATIENT), owner,
                (Target) null);
    }

    static Stream<Arguments> removeTable() {
        Map<String, String> targets = Map.of("self", ME, "other", OTHER);
        return oneKeyTable(REMOVE_TABLE).entrySet().stream().flatMap(row -> statesOf(row.getValue())
                .map(s -> Arguments.of(targets.get(row.getKey()), s, row.getValue()[s.ordinal()])));
    }

    @ParameterizedTest(name = "a care worker removes {0} as {1} -> {2}")
    @MethodSource("removeTable")
    void removingSelfAndOthers(String target, State state, Reason expected) {
        Decision decision = removeCase(policy, target, state);
        assertThat(decision.reason()).isEqualTo(expected);
    }

    static Decision removeCase(AccessPolicy policy, String target, State state) {
        return policy.decide(subject(CARE_WORKER, state), Action.REMOVE_MEMBER, room(state, RoomKind.PATIENT), target,
                (Target) null);
    }

    static Stream<Arguments> inviteTable() {
        List<Arguments> cases = new ArrayList<>();
        for (RoomKind kind : RoomKind.values()) {
            Map<String, Reason[]> rows = oneKeyTable(kind == RoomKind.PATIENT ? INVITE_PATIENT_TABLE : INVITE_NETWORK_TABLE);
            assertThat(rows).as("a row per profession, named family, a nurse outside the consent's scope and none")
                    .hasSize(Profession.values().length + 3);
            for (Map.Entry<String, Reason[]> row : rows.entrySet()) {
                Target invitee = switch (row.getKey()) {
                    case "none" -> null;
                    case "family-named" -> new Target(FAMILY, null, true);
                    // A nurse, where the consent in force lists only other professions (SP-CON-01).
                    case "outside-scope" -> new Target(NURSE, "o-elsewhere", false, null, false);
                    default -> {
                        Profession p = Profession.fromWire(row.getKey());
                        assertThat(p).as(row.getKey()).isNotNull();
                        yield new Target(p, "o-elsewhere", false);
                    }
                };
                statesOf(row.getValue()).forEach(s -> cases.add(Arguments.of(row.getKey(), invitee, s, kind,
                        row.getValue()[s.ordinal()])));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "a nurse invites {0} as {2} in a {3} room -> {4}")
    @MethodSource("inviteTable")
    void invitingEachProfession(String label, Target invitee, State state, RoomKind kind, Reason expected) {
        Decision decision = inviteCase(policy, invitee, state, kind);
        assertThat(decision.reason()).isEqualTo(expected);
    }

    static Decision inviteCase(AccessPolicy policy, Target invitee, State state, RoomKind kind) {
        return policy.decide(subject(NURSE, state), Action.INVITE_MEMBER, room(state, kind), null, invitee);
    }

    // ------------------------------------------------------------------ named cases

    @Test
    void theHostInvitesANurseAndTheDecisionCitesItsRuleAndControl() {
        Decision d = policy.decide(subject(CARE_MANAGER, State.HOST), Action.INVITE_MEMBER,
                room(State.HOST, RoomKind.PATIENT), null, NURSE);
        assertThat(d.allowed()).isTrue();
        assertThat(d.reason()).isEqualTo(Reason.ROOM_HOST);
        assertThat(d.ruleId()).isEqualTo("INV-6");
        assertThat(d.controls()).containsExactly("SP-AUTHZ-02");
        assertThat(d).hasToString("ALLOW room_host [INV-6: SP-AUTHZ-02]");
    }

    @Test
    void careStaffJoinOnlyWithinTheConsentsScope() {
        Subject host = subject(CARE_MANAGER, State.HOST);
        RoomFacts room = room(State.HOST, RoomKind.PATIENT);
        Decision outside = policy.decide(host, Action.INVITE_MEMBER, room, null,
                new Target(PHARMACIST, "o-yakkyoku", false, null, false));
        assertThat(outside.allowed()).isFalse();
        assertThat(outside.reason()).isEqualTo(Reason.OUTSIDE_CONSENT_SCOPE);
        assertThat(outside.reason().code()).isEqualTo("outside_consent_scope");
        assertThat(outside.ruleId()).isEqualTo("INV-8");
        assertThat(outside.controls()).containsExactly("SP-CON-01");
        Decision within = policy.decide(host, Action.INVITE_MEMBER, room, null,
                new Target(PHARMACIST, "o-yakkyoku", false, null, true));
        assertThat(within.reason()).isEqualTo(Reason.ROOM_HOST);
        assertThat(new Target(PHARMACIST, "o-yakkyoku", false).withinConsentScope())
                .as("a target is within scope unless said otherwise").isTrue();
        // Before any consent there is no scope to be outside of (and no clinical content yet).
        Decision noConsent = policy.decide(host, Action.INVITE_MEMBER, room(State.NO_CONSENT_HOST, RoomKind.PATIENT),
                null, new Target(PHARMACIST, "o-yakkyoku", false, null, false));
        assertThat(noConsent.reason()).isEqualTo(Reason.ROOM_HOST);
    }

    @Test
    void familyJoinsOnlyWhenTheConsentNamesThem() {
        Subject host = subject(CARE_MANAGER, State.HOST);
        RoomFacts room = room(State.HOST, RoomKind.PATIENT);
        Decision unnamed = policy.decide(host, Action.INVITE_MEMBER, room, null, new Target(FAMILY, null, false));
        Decision named = policy.decide(host, Action.INVITE_MEMBER, room, null, new Target(FAMILY, null, true));
        assertThat(unnamed.reason()).isEqualTo(Reason.FAMILY_NOT_NAMED_IN_CONSENT);
        assertThat(unnamed.controls()).containsExactly("SP-CON-02");
        assertThat(named.allowed()).isTrue();
        assertThat(named.controls()).contains("SP-CON-02", "SP-AUTHZ-03");
    }

    @Test
    void anAdministratorReviewsOnlyTheirOwnStaff() {
        List<Decision> d = adminReviewCases(policy);
        assertThat(d.get(0).reason()).isEqualTo(Reason.FACILITY_ADMIN_OF_USER);
        assertThat(d.get(1).reason()).isEqualTo(Reason.NOT_SAME_ORGANIZATION);
        assertThat(d.get(2).reason()).isEqualTo(Reason.NOT_SAME_ORGANIZATION);
    }

    /** A facility administrator reviews a nurse of their own organisation, of another, and of none. */
    static List<Decision> adminReviewCases(AccessPolicy policy) {
        Subject admin = subject(FACILITY_ADMIN, State.NO_ROOM);
        return List.of(
                policy.decide(admin, Action.REVIEW_EMERGENCY_ACCESS, null, null, new Target(NURSE, ORGANIZATION, false)),
                policy.decide(admin, Action.REVIEW_EMERGENCY_ACCESS, null, null, new Target(NURSE, "o-x", false)),
                policy.decide(admin, Action.REVIEW_EMERGENCY_ACCESS, null, null, (Target) null));
    }

    @Test
    void administratorsManageOnlyTheirOwnStaff() {
        Subject admin = subject(FACILITY_ADMIN, State.NO_ROOM);
        assertThat(policy.decideStaff(admin, Action.OFFBOARD_USER, ORGANIZATION).reason()).isEqualTo(Reason.STAFF_ADMIN);
        assertThat(policy.decideStaff(admin, Action.OFFBOARD_USER, "o-x").reason()).isEqualTo(Reason.OTHER_ORGANIZATION);
        assertThat(policy.decideStaff(admin, Action.MANAGE_STAFF, null).reason()).isEqualTo(Reason.OTHER_ORGANIZATION);
        assertThat(policy.decideStaff(subject(NURSE, State.NO_ROOM), Action.OFFBOARD_USER, "o-x").reason())
                .isEqualTo(Reason.OTHER_ORGANIZATION);
    }

    @Test
    void theHostCannotRemoveThemselves() {
        Decision d = policy.decide(subject(NURSE, State.HOST), Action.REMOVE_MEMBER,
                room(State.HOST, RoomKind.PATIENT), ME, (Target) null);
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.HOST_CANNOT_LEAVE);
    }

    @Test
    void theShortFormPassesNoExtraFacts() {
        Subject host = subject(NURSE, State.HOST);
        RoomFacts room = room(State.HOST, RoomKind.PATIENT);
        assertThat(policy.decide(host, Action.EDIT_NOTE, room).reason()).isEqualTo(Reason.NOT_AUTHOR);
        assertThat(policy.decide(host, Action.INVITE_MEMBER, room).reason()).isEqualTo(Reason.PROFESSION_NOT_ALLOWED);
        assertThat(policy.decide(host, Action.REMOVE_MEMBER, room).reason()).isEqualTo(Reason.ROOM_HOST);
        assertThat(policy.decide(host, Action.READ_TIMELINE, room).reason()).isEqualTo(Reason.MEMBER);
        assertThat(policy.decide(host, Action.CREATE_PATIENT_ROOM, null).reason())
                .isEqualTo(Reason.PROFESSION_MAY_CREATE);
    }

    @Test
    void anInactiveAccountIsRefusedEverything() {
        for (Profession p : Profession.values()) {
            for (Action a : Action.values()) {
                Subject inactive = new Subject(ME, p, "o-x", false);
                assertThat(policy.decide(inactive, a, null, ME, NURSE).reason()).isEqualTo(Reason.ACCOUNT_INACTIVE);
            }
        }
    }

    @Test
    void theDefaultRoomFactsHaveNoConsentAndNoEmergencyGrant() {
        RoomFacts facts = new RoomFacts("r-1", RoomKind.PATIENT, false, MemberRole.MEMBER);
        assertThat(facts.consent()).isFalse();
        assertThat(facts.emergency()).isFalse();
        assertThat(policy.decide(subject(NURSE, State.MEMBER), Action.POST_NOTE, facts).reason())
                .isEqualTo(Reason.CONSENT_REQUIRED);
    }

    @Test
    void everyReasonButTheFallbackIsReachable() {
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        Stream.of(mainTable(), editTable(), removeTable(), inviteTable())
                .flatMap(s -> s)
                .forEach(args -> {
                    Object[] a = args.get();
                    seen.add((Reason) a[a.length - 1]);
                });
        // NOT_SAME_ORGANIZATION has its own named case (anAdministratorReviewsOnlyTheirOwnStaff).
        // The bed rules have their own table (organisation kinds matter there).
        BedPolicyTest.table().forEach(args -> seen.add((Reason) args.get()[2]));
        // Own devices and unlocking with another person's passkey: DevicePolicyTest.
        DevicePolicyTest.table().forEach(args -> seen.add((Reason) args.get()[args.get().length - 1]));
        // Closed, purged and family-access-ended rooms, and another organisation's purge: ClosurePolicyTest.
        ClosurePolicyTest.table().forEach(args -> seen.add((Reason) args.get()[args.get().length - 1]));
        // Handoff sheets: HandoffPolicyTest (the sending and receiving offices).
        HandoffPolicyTest.table().forEach(args -> seen.add((Reason) args.get()[3]));
        // The 主治医's own room, another organisation's rota and escalation alerts: OncallPolicyTest.
        OncallPolicyTest.table().forEach(args -> seen.add((Reason) args.get()[args.get().length - 1]));
        // Own organisation's profile and own contact windows: DirectoryPolicyTest.
        DirectoryPolicyTest.table().forEach(args -> seen.add((Reason) args.get()[2]));
        // The consultation desk: DeskPolicyTest (organisation kinds and whose desk matter there).
        DeskPolicyTest.table().forEach(args -> seen.add((Reason) args.get()[2]));
        // NOT_SAME_ORGANIZATION and OTHER_FACILITY_AUDIT have their own tables (anAdministratorReviewsOnlyTheirOwnStaff,
        // AuditReviewPolicyTest).
        assertThat(seen).isEqualTo(EnumSet.complementOf(EnumSet.of(Reason.NO_RULE, Reason.NOT_SAME_ORGANIZATION,
                Reason.OTHER_FACILITY_AUDIT)));
    }

    @Test
    void decisionsAreSharedAndPure() {
        Subject s = subject(NURSE, State.MEMBER);
        RoomFacts r = room(State.MEMBER, RoomKind.PATIENT);
        Decision first = policy.decide(s, Action.POST_NOTE, r);
        assertThat(policy.decide(s, Action.POST_NOTE, r)).isSameAs(first);
        assertThat(new AccessPolicy().decide(s, Action.POST_NOTE, r)).isSameAs(first);
        assertThat(first).hasToString("ALLOW member [NOTE-1: SP-AUTHZ-02]");
    }

    // ------------------------------------------------------------------ table support

    /** The reasons that allow. Everything else denies (deny by default). */
    static final Set<Reason> ALLOWING = EnumSet.of(Reason.MEMBER, Reason.ROOM_HOST, Reason.PROFESSION_MAY_CREATE,
            Reason.AUTHOR_EDIT, Reason.FAMILY_NAMED_IN_CONSENT, Reason.EMERGENCY_GRANTED, Reason.EMERGENCY_ACCESS,
            Reason.FACILITY_ADMIN_OF_USER, Reason.OWN_FACILITY_AUDIT, Reason.FAMILY_VIEW,
            Reason.MEMBER_PHOTO, Reason.HOST_PHOTO_RULES, Reason.STAFF_ADMIN, Reason.SIGNED_IN,
            Reason.BED_CLINIC_STAFF, Reason.DISCHARGE_OFFICE, Reason.BED_NOTICE_OWNER, Reason.INQUIRY_PARTY,
            Reason.REGION_SECRETARIAT, Reason.PASSKEY_WITH_USER_VERIFICATION, Reason.SESSION_OWNER_UNLOCK,
            Reason.OWN_DEVICE, Reason.DEVICE_ADMIN, Reason.RETENTION_ADMIN, Reason.RETENTION_OPERATOR,
            Reason.HANDOFF_SENDER, Reason.HANDOFF_PARTY, Reason.HANDOFF_RECEIVER, Reason.ATTENDING_PHYSICIAN,
            Reason.ROTA_ADMIN, Reason.ROTA_VIEWER, Reason.FACILITY_ADMIN_ALERT, Reason.ON_CALL_ALERT,
            Reason.DIRECTORY_STAFF, Reason.OWN_FACILITY_PROFILE, Reason.DIRECTORY_OPERATOR, Reason.OWN_CONTACT_WINDOW,
            Reason.DESK_WORKER, Reason.DESK_HANDOVER, Reason.CITY_DESK_REPORT, Reason.DESK_CATEGORY_ADMIN);

    @Test
    void exactlyTheseReasonsAllow() {
        for (Reason r : Reason.values()) {
            assertThat(r.allows()).as(r.name()).isEqualTo(ALLOWING.contains(r));
        }
    }

    @Test
    void theGroupsCoverEveryProfessionExactlyOnce() {
        EnumMap<Profession, String> seen = new EnumMap<>(Profession.class);
        GROUPS.forEach((group, members) -> members.forEach(p -> {
            assertThat(seen.put(p, group)).as("%s in two groups", p).isNull();
        }));
        assertThat(seen.keySet()).containsExactlyInAnyOrder(Profession.values());
    }

    @Test
    void theTablesHaveARowForEveryGroupAndAction() {
        for (String text : List.of(PATIENT_TABLE, NETWORK_TABLE)) {
            Map<String, Map<String, Reason[]>> table = parse(text, 2);
            assertThat(table.keySet()).isEqualTo(GROUPS.keySet());
            for (Map<String, Reason[]> rows : table.values()) {
                assertThat(rows).hasSize(Action.values().length);
                for (Action a : Action.values()) {
                    assertThat(rows).containsKey(a.name());
                }
            }
        }
    }

    static String groupOf(Profession p) {
        return GROUPS.entrySet().stream().filter(e -> e.getValue().contains(p)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("no group for " + p));
    }

    private static Stream<State> statesOf(Reason[] row) {
        return Stream.of(State.values());
    }

    private static Map<String, Reason[]> oneKeyTable(String text) {
        return parse(text, 1).get("");
    }

    /**
     * Reads a whitespace-separated table: {@code keys} leading key columns, then one reason code per
     * {@link State}. Returns first key → second key (or {@code ""}) → reasons by state.
     */
    static Map<String, Map<String, Reason[]>> parse(String text, int keys) {
        Map<String, Map<String, Reason[]>> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] cells = trimmed.split("\\s+");
            assertThat(cells).as("cells in '%s'", trimmed).hasSize(keys + State.values().length);
            Reason[] reasons = new Reason[State.values().length];
            for (int i = 0; i < reasons.length; i++) {
                reasons[i] = Reason.valueOf(cells[keys + i].toUpperCase(Locale.ROOT));
            }
            String first = keys == 2 ? cells[0] : "";
            String second = keys == 2 ? cells[1] : cells[0];
            Reason[] previous = out.computeIfAbsent(first, k -> new LinkedHashMap<>()).put(second, reasons);
            assertThat(previous).as("duplicate row '%s'", trimmed).isNull();
        }
        return out;
    }

    static Subject subject(Profession profession, State state) {
        return new Subject(ME, profession, profession == FAMILY ? null : ORGANIZATION, null,
                state != State.INACTIVE, state != State.ONE_FACTOR);
    }

    static RoomFacts room(State state, RoomKind kind) {
        String id = "r-7Fq2kP9xZ1";
        return switch (state) {
            case NON_MEMBER -> new RoomFacts(id, kind, false, null, true, false);
            case MEMBER -> new RoomFacts(id, kind, false, MemberRole.MEMBER, true, false);
            case HOST, INACTIVE, ONE_FACTOR -> new RoomFacts(id, kind, false, MemberRole.HOST, true, false);
            case ARCHIVED_MEMBER -> new RoomFacts(id, kind, true, MemberRole.MEMBER, true, false);
            case ARCHIVED_HOST -> new RoomFacts(id, kind, true, MemberRole.HOST, true, false);
            case NO_CONSENT_MEMBER -> new RoomFacts(id, kind, false, MemberRole.MEMBER, false, false);
            case NO_CONSENT_HOST -> new RoomFacts(id, kind, false, MemberRole.HOST, false, false);
            case EMERGENCY -> new RoomFacts(id, kind, false, null, true, true);
            case ARCHIVED_NON_MEMBER -> new RoomFacts(id, kind, true, null, true, false);
            case NO_ROOM -> null;
        };
    }

    @ParameterizedTest
    @EnumSource(State.class)
    void roomFactsSayWhetherTheSubjectIsAMember(State state) {
        RoomFacts room = room(state, RoomKind.NETWORK);
        if (room != null) {
            assertThat(room.isMember()).isEqualTo(state != State.NON_MEMBER && state != State.EMERGENCY
                    && state != State.ARCHIVED_NON_MEMBER);
        }
    }
}
