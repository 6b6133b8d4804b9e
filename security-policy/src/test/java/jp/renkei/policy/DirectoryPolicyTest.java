package jp.renkei.policy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider directory and contact-window rules as an explicit decision table: who (profession, and
 * whether the entry is their own organisation's or the contact window their own) × each directory action
 * → the exact reason. Written out, not computed.
 */
class DirectoryPolicyTest {

    static final List<Action> COLUMNS = List.of(Action.VIEW_DIRECTORY, Action.EDIT_PROVIDER_PROFILE,
            Action.MANAGE_DIRECTORY, Action.EDIT_DIRECTORY_VOCABULARY, Action.SET_CONTACT_WINDOW);

    static final Set<Reason> DIRECTORY_REASONS = EnumSet.of(Reason.DIRECTORY_STAFF, Reason.PUBLIC_FIELDS_ONLY,
            Reason.NOT_FACILITY_ADMIN, Reason.OTHER_ORGANIZATION, Reason.OWN_FACILITY_PROFILE,
            Reason.DIRECTORY_OPERATOR, Reason.PROFESSION_NOT_ALLOWED, Reason.NOT_OWN_CONTACT_WINDOW,
            Reason.OWN_CONTACT_WINDOW);

    private static final String ORG = "o-midori";

    /**
     * Columns: who (profession, then "own": the entry is of the subject's organisation and the contact
     * window is the subject's own; "other": neither), then VIEW, EDIT_PROFILE, MANAGE, VOCABULARY, SET_WINDOW.
     */
    private static final String TABLE = """
            physician-own          directory_staff    not_facility_admin  profession_not_allowed  profession_not_allowed  own_contact_window
            physician-other        directory_staff    not_facility_admin  profession_not_allowed  profession_not_allowed  not_own_contact_window
            nurse-own              directory_staff    not_facility_admin  profession_not_allowed  profession_not_allowed  own_contact_window
            care_manager-own       directory_staff    not_facility_admin  profession_not_allowed  profession_not_allowed  own_contact_window
            care_worker-own        directory_staff    not_facility_admin  profession_not_allowed  profession_not_allowed  own_contact_window
            municipal_staff-own    directory_staff    not_facility_admin  profession_not_allowed  profession_not_allowed  own_contact_window
            facility_admin-own     directory_staff    own_facility_profile profession_not_allowed profession_not_allowed  profession_not_allowed
            facility_admin-other   directory_staff    other_organization  profession_not_allowed  profession_not_allowed  profession_not_allowed
            operator-own           directory_staff    not_facility_admin  directory_operator      directory_operator      profession_not_allowed
            operator-other         directory_staff    not_facility_admin  directory_operator      directory_operator      profession_not_allowed
            family-own             public_fields_only not_facility_admin  profession_not_allowed  profession_not_allowed  profession_not_allowed
            """;

    private final AccessPolicy policy = new AccessPolicy();

    static Stream<Arguments> table() {
        return DecisionTables.cells(TABLE, COLUMNS);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("table")
    void decidesAsTheTableSays(String who, Action action, Reason expected) {
        Decision d = decide(policy, who, action);
        assertThat(d.reason()).isEqualTo(expected);
        assertThat(d.allowed()).isEqualTo(expected.allows());
    }

    /**
     * One row's decision: a profile edit targets {@code ORG} (the subject's own organisation for "own"
     * rows), a contact window belongs to the subject ("own") or to someone else ("other").
     */
    static Decision decide(AccessPolicy policy, String who, Action action) {
        String[] p = who.split("-");
        Profession profession = Profession.fromWire(p[0]);
        boolean own = p[1].equals("own");
        String org = profession == Profession.FAMILY ? null : (own ? ORG : "o-elsewhere");
        Subject subject = new Subject("u-" + who, profession, org, null, true, true);
        String owner = action == Action.SET_CONTACT_WINDOW ? (own ? subject.userId() : "u-someone-else") : null;
        Target target = action == Action.EDIT_PROVIDER_PROFILE ? Target.organization(ORG) : null;
        return policy.decide(subject, action, null, owner, target);
    }

    @Test
    void everyDirectoryActionAndReasonIsInTheTable() {
        Set<Action> directoryActions = EnumSet.noneOf(Action.class);
        for (Action a : Action.values()) {
            if (a.resource() == Resource.DIRECTORY) {
                directoryActions.add(a);
            }
        }
        assertThat(EnumSet.copyOf(COLUMNS)).isEqualTo(directoryActions);
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        table().forEach(a -> seen.add((Reason) a.get()[2]));
        assertThat(seen).isEqualTo(DIRECTORY_REASONS);
    }

    @Test
    void anInactiveOrOneFactorAccountIsRefusedEveryDirectoryAction() {
        Subject inactive = new Subject("u-x", Profession.FACILITY_ADMIN, ORG, null, false, true);
        Subject oneFactor = new Subject("u-y", Profession.FACILITY_ADMIN, ORG, null, true, false);
        for (Action a : COLUMNS) {
            assertThat(policy.decide(inactive, a, null, "u-x", Target.organization(ORG)).reason())
                    .isEqualTo(Reason.ACCOUNT_INACTIVE);
            assertThat(policy.decide(oneFactor, a, null, "u-y", Target.organization(ORG)).reason())
                    .isEqualTo(Reason.SECOND_FACTOR_REQUIRED);
        }
    }
}
