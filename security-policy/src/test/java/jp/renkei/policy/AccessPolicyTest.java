package jp.renkei.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
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
 * (and both room kinds), with the exact {@link Reason} expected. The expectations are written out below,
 * not computed from the policy; a change to the policy must change this table.
 */
class AccessPolicyTest {

    private final AccessPolicy policy = new AccessPolicy();

    /** The room as the subject sees it. */
    enum State {
        /** The room exists; the subject is not a member (never was, left, or was removed). */
        NON_MEMBER,
        /** A current member of a live room. */
        MEMBER,
        /** The host of a live room. */
        HOST,
        /** A member of an archived (read-only) room. */
        ARCHIVED_MEMBER,
        /** The host of an archived room. */
        ARCHIVED_HOST,
        /** The room does not exist ({@code room == null}). */
        NO_ROOM,
        /** The subject's account is disabled; they are the host of a live room (the most they could have). */
        INACTIVE
    }

    /**
     * Who is who in the table. Written out here rather than taken from {@link Profession#isCareStaff()},
     * so that a change to the profession classes shows up as a failing test.
     */
    private static final Map<String, Set<Profession>> GROUPS = Map.of(
            // Care professionals who may open a patient room (大正あんしんネット: care manager or visiting
            // nurse; doctors and MSWs also host).
            "hosts", EnumSet.of(PHYSICIAN, NURSE, CARE_MANAGER, SOCIAL_WORKER),
            // Other care professionals: full members, but do not open patient rooms.
            "staff", EnumSet.of(DENTIST, PHARMACIST, CARE_WORKER, THERAPIST, DIETITIAN, DENTAL_HYGIENIST,
                    MUNICIPAL_STAFF),
            // Family: never on the staff timeline (SP-AUTHZ-03).
            "family", EnumSet.of(FAMILY),
            // Facility administrators and operators: no part in care rooms (SP-AUTHZ-01, SP-AUTHZ-07).
            "admin", EnumSet.of(FACILITY_ADMIN, OPERATOR));

    /**
     * The expected reason for each group, action and state. In the main table, EDIT_NOTE edits another
     * member's note, REMOVE_MEMBER removes another member, and INVITE_MEMBER invites a nurse; the other
     * variants have their own tables below.
     */
    private static final String TABLE = """
            # group  action               NON_MEMBER    MEMBER                  HOST                    ARCHIVED_MEMBER         ARCHIVED_HOST           NO_ROOM                 INACTIVE
            hosts    READ_TIMELINE        not_a_member  member                  member                  member                  member                  not_a_member            account_inactive
            hosts    RECEIVE_EVENT        not_a_member  member                  member                  member                  member                  not_a_member            account_inactive
            hosts    POST_NOTE            not_a_member  member                  member                  room_archived           room_archived           not_a_member            account_inactive
            hosts    EDIT_NOTE            not_a_member  not_author              not_author              room_archived           room_archived           not_a_member            account_inactive
            hosts    ACK_NOTE             not_a_member  member                  member                  room_archived           room_archived           not_a_member            account_inactive
            hosts    MARK_READ            not_a_member  member                  member                  member                  member                  not_a_member            account_inactive
            hosts    VIEW_MEMBERS         not_a_member  member                  member                  member                  member                  not_a_member            account_inactive
            hosts    INVITE_MEMBER        not_a_member  not_host                room_host               room_archived           room_archived           not_a_member            account_inactive
            hosts    REMOVE_MEMBER        not_a_member  not_host                room_host               not_host                room_host               not_a_member            account_inactive
            hosts    LEAVE_ROOM           not_a_member  member                  host_cannot_leave       member                  host_cannot_leave       not_a_member            account_inactive
            hosts    CREATE_PATIENT_ROOM  profession_may_create profession_may_create profession_may_create profession_may_create profession_may_create profession_may_create account_inactive
            hosts    CREATE_NETWORK_ROOM  profession_may_create profession_may_create profession_may_create profession_may_create profession_may_create profession_may_create account_inactive

            staff    READ_TIMELINE        not_a_member  member                  member                  member                  member                  not_a_member            account_inactive
            staff    RECEIVE_EVENT        not_a_member  member                  member                  member                  member                  not_a_member            account_inactive
            staff    POST_NOTE            not_a_member  member                  member                  room_archived           room_archived           not_a_member            account_inactive
            staff    EDIT_NOTE            not_a_member  not_author              not_author              room_archived           room_archived           not_a_member            account_inactive
            staff    ACK_NOTE             not_a_member  member                  member                  room_archived           room_archived           not_a_member            account_inactive
            staff    MARK_READ            not_a_member  member                  member                  member                  member                  not_a_member            account_inactive
            staff    VIEW_MEMBERS         not_a_member  member                  member                  member                  member                  not_a_member            account_inactive
            staff    INVITE_MEMBER        not_a_member  not_host                room_host               room_archived           room_archived           not_a_member            account_inactive
            staff    REMOVE_MEMBER        not_a_member  not_host                room_host               not_host                room_host               not_a_member            account_inactive
            staff    LEAVE_ROOM           not_a_member  member                  host_cannot_leave       member                  host_cannot_leave       not_a_member            account_inactive
            staff    CREATE_PATIENT_ROOM  profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed account_inactive
            staff    CREATE_NETWORK_ROOM  profession_may_create profession_may_create profession_may_create profession_may_create profession_may_create profession_may_create account_inactive

            family   READ_TIMELINE        not_a_member  family_staff_channel    family_staff_channel    family_staff_channel    family_staff_channel    not_a_member            account_inactive
            family   RECEIVE_EVENT        not_a_member  family_staff_channel    family_staff_channel    family_staff_channel    family_staff_channel    not_a_member            account_inactive
            family   POST_NOTE            not_a_member  family_staff_channel    family_staff_channel    family_staff_channel    family_staff_channel    not_a_member            account_inactive
            family   EDIT_NOTE            not_a_member  family_staff_channel    family_staff_channel    family_staff_channel    family_staff_channel    not_a_member            account_inactive
            family   ACK_NOTE             not_a_member  family_staff_channel    family_staff_channel    family_staff_channel    family_staff_channel    not_a_member            account_inactive
            family   MARK_READ            not_a_member  family_staff_channel    family_staff_channel    family_staff_channel    family_staff_channel    not_a_member            account_inactive
            family   VIEW_MEMBERS         not_a_member  family_staff_channel    family_staff_channel    family_staff_channel    family_staff_channel    not_a_member            account_inactive
            family   INVITE_MEMBER        not_a_member  family_staff_channel    family_staff_channel    family_staff_channel    family_staff_channel    not_a_member            account_inactive
            family   REMOVE_MEMBER        not_a_member  family_staff_channel    family_staff_channel    family_staff_channel    family_staff_channel    not_a_member            account_inactive
            family   LEAVE_ROOM           not_a_member  family_staff_channel    family_staff_channel    family_staff_channel    family_staff_channel    not_a_member            account_inactive
            family   CREATE_PATIENT_ROOM  profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed account_inactive
            family   CREATE_NETWORK_ROOM  profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed account_inactive

            admin    READ_TIMELINE        not_a_member  profession_not_allowed  profession_not_allowed  profession_not_allowed  profession_not_allowed  not_a_member            account_inactive
            admin    RECEIVE_EVENT        not_a_member  profession_not_allowed  profession_not_allowed  profession_not_allowed  profession_not_allowed  not_a_member            account_inactive
            admin    POST_NOTE            not_a_member  profession_not_allowed  profession_not_allowed  profession_not_allowed  profession_not_allowed  not_a_member            account_inactive
            admin    EDIT_NOTE            not_a_member  profession_not_allowed  profession_not_allowed  profession_not_allowed  profession_not_allowed  not_a_member            account_inactive
            admin    ACK_NOTE             not_a_member  profession_not_allowed  profession_not_allowed  profession_not_allowed  profession_not_allowed  not_a_member            account_inactive
            admin    MARK_READ            not_a_member  profession_not_allowed  profession_not_allowed  profession_not_allowed  profession_not_allowed  not_a_member            account_inactive
            admin    VIEW_MEMBERS         not_a_member  profession_not_allowed  profession_not_allowed  profession_not_allowed  profession_not_allowed  not_a_member            account_inactive
            admin    INVITE_MEMBER        not_a_member  profession_not_allowed  profession_not_allowed  profession_not_allowed  profession_not_allowed  not_a_member            account_inactive
            admin    REMOVE_MEMBER        not_a_member  profession_not_allowed  profession_not_allowed  profession_not_allowed  profession_not_allowed  not_a_member            account_inactive
            admin    LEAVE_ROOM           not_a_member  profession_not_allowed  profession_not_allowed  profession_not_allowed  profession_not_allowed  not_a_member            account_inactive
            admin    CREATE_PATIENT_ROOM  profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed account_inactive
            admin    CREATE_NETWORK_ROOM  profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed profession_not_allowed account_inactive
            """;

    /** Editing: the note's author is the subject, another member, or unknown ({@code null}). */
    private static final String EDIT_TABLE = """
            # owner  NON_MEMBER    MEMBER        HOST          ARCHIVED_MEMBER  ARCHIVED_HOST  NO_ROOM       INACTIVE
            self     not_a_member  author_edit   author_edit   room_archived    room_archived  not_a_member  account_inactive
            other    not_a_member  not_author    not_author    room_archived    room_archived  not_a_member  account_inactive
            unknown  not_a_member  not_author    not_author    room_archived    room_archived  not_a_member  account_inactive
            """;

    /** Removing: the member to remove is the subject themselves, or another member. */
    private static final String REMOVE_TABLE = """
            # target NON_MEMBER    MEMBER        HOST               ARCHIVED_MEMBER  ARCHIVED_HOST  NO_ROOM       INACTIVE
            self     not_a_member  not_host      host_cannot_leave  not_host         host_cannot_leave  not_a_member  account_inactive
            other    not_a_member  not_host      room_host          not_host         room_host          not_a_member  account_inactive
            """;

    /** Inviting: the invitee's profession ({@code none}: unknown), by a nurse. */
    private static final String INVITE_TABLE = """
            # invitee         NON_MEMBER    MEMBER    HOST                    ARCHIVED_MEMBER  ARCHIVED_HOST  NO_ROOM       INACTIVE
            physician         not_a_member  not_host  room_host               room_archived    room_archived  not_a_member  account_inactive
            dentist           not_a_member  not_host  room_host               room_archived    room_archived  not_a_member  account_inactive
            nurse             not_a_member  not_host  room_host               room_archived    room_archived  not_a_member  account_inactive
            pharmacist        not_a_member  not_host  room_host               room_archived    room_archived  not_a_member  account_inactive
            care_manager      not_a_member  not_host  room_host               room_archived    room_archived  not_a_member  account_inactive
            care_worker       not_a_member  not_host  room_host               room_archived    room_archived  not_a_member  account_inactive
            therapist         not_a_member  not_host  room_host               room_archived    room_archived  not_a_member  account_inactive
            dietitian         not_a_member  not_host  room_host               room_archived    room_archived  not_a_member  account_inactive
            dental_hygienist  not_a_member  not_host  room_host               room_archived    room_archived  not_a_member  account_inactive
            social_worker     not_a_member  not_host  room_host               room_archived    room_archived  not_a_member  account_inactive
            municipal_staff   not_a_member  not_host  room_host               room_archived    room_archived  not_a_member  account_inactive
            family            not_a_member  not_host  family_staff_channel    room_archived    room_archived  not_a_member  account_inactive
            facility_admin    not_a_member  not_host  profession_not_allowed  room_archived    room_archived  not_a_member  account_inactive
            operator          not_a_member  not_host  profession_not_allowed  room_archived    room_archived  not_a_member  account_inactive
            none              not_a_member  not_host  profession_not_allowed  room_archived    room_archived  not_a_member  account_inactive
            """;

    private static final String ME = "u-me";
    private static final String OTHER = "u-other";

    // ------------------------------------------------------------------ the main table

    static Stream<Arguments> mainTable() {
        Map<String, Map<String, Reason[]>> table = parse(TABLE, 2);
        List<Arguments> cases = new ArrayList<>();
        for (Profession profession : Profession.values()) {
            Map<String, Reason[]> rows = table.get(groupOf(profession));
            for (Action action : ROOM_ACTIONS) {
                Reason[] row = rows.get(action.name());
                for (State state : State.values()) {
                    for (RoomKind kind : RoomKind.values()) {
                        cases.add(Arguments.of(profession, action, state, kind, row[state.ordinal()]));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @MethodSource("mainTable")
    void decidesAsTheTableSays(Profession profession, Action action, State state, RoomKind kind, Reason expected) {
        String owner = action == Action.EDIT_NOTE || action == Action.REMOVE_MEMBER ? OTHER : null;
        Profession invitee = action == Action.INVITE_MEMBER ? NURSE : null;
        Decision decision = policy.decide(subject(profession, state), action, room(state, kind), owner, invitee);
        assertThat(decision.reason()).isEqualTo(expected);
        assertThat(decision.allowed()).isEqualTo(ALLOWING.contains(expected));
    }

    // ------------------------------------------------------------------ edit, remove, invite variants

    static Stream<Arguments> editTable() {
        return variants(EDIT_TABLE, Map.of("self", ME, "other", OTHER, "unknown", ""));
    }

    @ParameterizedTest(name = "{0} edits a note by {1} as {2} -> {3}")
    @MethodSource("editTable")
    void editingOwnAndOthersNotes(Profession profession, String owner, State state, Reason expected) {
        Decision decision = policy.decide(subject(profession, state), Action.EDIT_NOTE, room(state, RoomKind.PATIENT),
                owner.isEmpty() ? null : owner, null);
        assertThat(decision.reason()).isEqualTo(expected);
    }

    static Stream<Arguments> removeTable() {
        return variants(REMOVE_TABLE, Map.of("self", ME, "other", OTHER));
    }

    @ParameterizedTest(name = "{0} removes {1} as {2} -> {3}")
    @MethodSource("removeTable")
    void removingSelfAndOthers(Profession profession, String target, State state, Reason expected) {
        Decision decision = policy.decide(subject(profession, state), Action.REMOVE_MEMBER,
                room(state, RoomKind.PATIENT), target, null);
        assertThat(decision.reason()).isEqualTo(expected);
    }

    static Stream<Arguments> inviteTable() {
        Map<String, Reason[]> rows = parse(INVITE_TABLE, 1).get("");
        List<Arguments> cases = new ArrayList<>();
        for (Map.Entry<String, Reason[]> row : rows.entrySet()) {
            Profession invitee = row.getKey().equals("none") ? null : Profession.fromWire(row.getKey());
            assertThat(invitee != null || row.getKey().equals("none")).as(row.getKey()).isTrue();
            for (State state : State.values()) {
                cases.add(Arguments.of(invitee, state, row.getValue()[state.ordinal()]));
            }
        }
        assertThat(rows).as("a row per profession and one for none").hasSize(Profession.values().length + 1);
        return cases.stream();
    }

    @ParameterizedTest(name = "a nurse invites {0} as {1} -> {2}")
    @MethodSource("inviteTable")
    void invitingEachProfession(Profession invitee, State state, Reason expected) {
        Decision decision = policy.decide(subject(NURSE, state), Action.INVITE_MEMBER, room(state, RoomKind.PATIENT),
                null, invitee);
        assertThat(decision.reason()).isEqualTo(expected);
    }

    // ------------------------------------------------------------------ named cases

    @Test
    void theHostInvitesANurse() {
        Decision d = policy.decide(subject(CARE_MANAGER, State.HOST), Action.INVITE_MEMBER,
                room(State.HOST, RoomKind.PATIENT), null, NURSE);
        assertThat(d.allowed()).isTrue();
        assertThat(d.reason()).isEqualTo(Reason.ROOM_HOST);
        assertThat(d.reason().control()).isEqualTo("SP-AUTHZ-02");
    }

    @Test
    void theHostCannotInviteFamilyIntoTheStaffTimeline() {
        Decision d = policy.decide(subject(CARE_MANAGER, State.HOST), Action.INVITE_MEMBER,
                room(State.HOST, RoomKind.PATIENT), null, FAMILY);
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.FAMILY_STAFF_CHANNEL);
        assertThat(d.reason().control()).isEqualTo("SP-AUTHZ-03");
    }

    @Test
    void theHostCannotInviteAnOperator() {
        Decision d = policy.decide(subject(CARE_MANAGER, State.HOST), Action.INVITE_MEMBER,
                room(State.HOST, RoomKind.PATIENT), null, OPERATOR);
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.PROFESSION_NOT_ALLOWED);
    }

    @Test
    void aMemberCannotInviteEvenANurse() {
        Decision d = policy.decide(subject(PHARMACIST, State.MEMBER), Action.INVITE_MEMBER,
                room(State.MEMBER, RoomKind.PATIENT), null, NURSE);
        assertThat(d.reason()).isEqualTo(Reason.NOT_HOST);
    }

    @Test
    void theHostCannotRemoveThemselves() {
        Decision d = policy.decide(subject(NURSE, State.HOST), Action.REMOVE_MEMBER,
                room(State.HOST, RoomKind.PATIENT), ME, null);
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.HOST_CANNOT_LEAVE);
    }

    @Test
    void theAuthorEditsTheirOwnNoteButNotAnotherMembers() {
        Subject nurse = subject(NURSE, State.MEMBER);
        RoomFacts room = room(State.MEMBER, RoomKind.PATIENT);
        assertThat(policy.decide(nurse, Action.EDIT_NOTE, room, ME, null).reason()).isEqualTo(Reason.AUTHOR_EDIT);
        assertThat(policy.decide(nurse, Action.EDIT_NOTE, room, OTHER, null).reason()).isEqualTo(Reason.NOT_AUTHOR);
        // Not even the host edits someone else's note (authorship, 真正性).
        Subject host = subject(CARE_MANAGER, State.HOST);
        assertThat(policy.decide(host, Action.EDIT_NOTE, room(State.HOST, RoomKind.PATIENT), OTHER, null).reason())
                .isEqualTo(Reason.NOT_AUTHOR);
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
    void everyReasonButTheFallbackIsReachable() {
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        Stream.of(mainTable(), editTable(), removeTable(), inviteTable())
                .flatMap(s -> s)
                .forEach(args -> {
                    Object[] a = args.get();
                    seen.add((Reason) a[a.length - 1]);
                });
        EnumSet<Reason> expected = EnumSet.complementOf(EnumSet.of(Reason.NO_RULE));
        expected.removeAll(BedPolicyTest.BED_REASONS);
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void decisionsAreInternedAndPure() {
        Subject s = subject(NURSE, State.MEMBER);
        RoomFacts r = room(State.MEMBER, RoomKind.PATIENT);
        Decision first = policy.decide(s, Action.POST_NOTE, r);
        assertThat(policy.decide(s, Action.POST_NOTE, r)).isSameAs(first);
        assertThat(new AccessPolicy().decide(s, Action.POST_NOTE, r)).isSameAs(first);
        assertThat(Decision.of(Reason.MEMBER)).isSameAs(first);
        for (Reason reason : Reason.values()) {
            assertThat(Decision.of(reason).reason()).isSameAs(reason);
            assertThat(Decision.of(reason).allowed()).isEqualTo(reason.allows());
        }
        assertThat(first.toString()).isEqualTo("ALLOW member (SP-AUTHZ-02)");
        assertThat(Decision.of(Reason.NOT_HOST).toString()).isEqualTo("DENY not_host (SP-AUTHZ-02)");
    }

    // ------------------------------------------------------------------ table support

    /** The reasons that allow. Everything else denies (deny by default). */
    static final Set<Reason> ALLOWING = EnumSet.of(Reason.MEMBER, Reason.ROOM_HOST, Reason.PROFESSION_MAY_CREATE,
            Reason.AUTHOR_EDIT,
            // vacant-bed notices (BedPolicyTest)
            Reason.BED_CLINIC_STAFF, Reason.DISCHARGE_OFFICE, Reason.BED_NOTICE_OWNER, Reason.INQUIRY_PARTY,
            Reason.REGION_SECRETARIAT);

    /** Room and creation actions: the main table. Bed actions have their own table in BedPolicyTest. */
    static final Set<Action> ROOM_ACTIONS = EnumSet.complementOf(BedPolicyTest.BED_ACTIONS);

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
    void theTableHasARowForEveryGroupAndAction() {
        Map<String, Map<String, Reason[]>> table = parse(TABLE, 2);
        assertThat(table.keySet()).isEqualTo(GROUPS.keySet());
        for (Map<String, Reason[]> rows : table.values()) {
            assertThat(rows).hasSize(ROOM_ACTIONS.size());
            for (Action a : ROOM_ACTIONS) {
                assertThat(rows).containsKey(a.name());
            }
        }
    }

    private static String groupOf(Profession p) {
        return GROUPS.entrySet().stream().filter(e -> e.getValue().contains(p)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("no group for " + p));
    }

    /**
     * Reads a whitespace-separated table: {@code keys} leading key columns, then one reason code per
     * {@link State}. Returns first key → second key (or {@code ""}) → reasons by state.
     */
    static Map<String, Map<String, Reason[]>> parse(String text, int keys) {
        Map<String, Map<String, Reason[]>> out = new java.util.LinkedHashMap<>();
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
            Reason[] previous = out.computeIfAbsent(first, k -> new java.util.LinkedHashMap<>()).put(second, reasons);
            assertThat(previous).as("duplicate row '%s'", trimmed).isNull();
        }
        return out;
    }

    /** Rows of a one-key table whose keys map to an owner/target id, for every care profession. */
    private static Stream<Arguments> variants(String text, Map<String, String> ids) {
        Map<String, Reason[]> rows = parse(text, 1).get("");
        assertThat(rows.keySet()).isEqualTo(ids.keySet());
        List<Arguments> cases = new ArrayList<>();
        for (String group : List.of("hosts", "staff")) {
            for (Profession p : GROUPS.get(group)) {
                for (Map.Entry<String, Reason[]> row : rows.entrySet()) {
                    for (State state : State.values()) {
                        cases.add(Arguments.of(p, ids.get(row.getKey()), state, row.getValue()[state.ordinal()]));
                    }
                }
            }
        }
        return cases.stream();
    }

    static Subject subject(Profession profession, State state) {
        return new Subject(ME, profession, profession == FAMILY ? null : "o-aozora-vns", state != State.INACTIVE);
    }

    static RoomFacts room(State state, RoomKind kind) {
        return switch (state) {
            case NON_MEMBER -> new RoomFacts("r-7Fq2kP9xZ1", kind, false, null);
            case MEMBER -> new RoomFacts("r-7Fq2kP9xZ1", kind, false, MemberRole.MEMBER);
            case HOST, INACTIVE -> new RoomFacts("r-7Fq2kP9xZ1", kind, false, MemberRole.HOST);
            case ARCHIVED_MEMBER -> new RoomFacts("r-7Fq2kP9xZ1", kind, true, MemberRole.MEMBER);
            case ARCHIVED_HOST -> new RoomFacts("r-7Fq2kP9xZ1", kind, true, MemberRole.HOST);
            case NO_ROOM -> null;
        };
    }

    @ParameterizedTest
    @EnumSource(State.class)
    void roomFactsSayWhetherTheSubjectIsAMember(State state) {
        RoomFacts room = room(state, RoomKind.NETWORK);
        if (room != null) {
            assertThat(room.isMember()).isEqualTo(state != State.NON_MEMBER);
        }
    }
}
