package jp.renkei.policy;

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
 * The consultation-desk rules (相談窓口, DSK-*) as an explicit decision table: who (organisation kind,
 * whether their organisation is the desk, profession) × each desk action → the exact reason. Written out,
 * not computed: another desk's worker is denied, the city's staff get counts but never a case, a user of
 * no desk is denied.
 */
class DeskPolicyTest {

    static final EnumSet<Action> DESK_ACTIONS = EnumSet.of(Action.RECORD_DESK_CASE, Action.READ_DESK_CASE,
            Action.HAND_OVER_DESK_CASE, Action.VIEW_DESK_REPORT, Action.VIEW_CITY_DESK_REPORT,
            Action.MANAGE_DESK_CATEGORIES, Action.PURGE_DESK_CASES);

    static final EnumSet<Reason> DESK_REASONS = EnumSet.of(Reason.DESK_WORKER, Reason.DESK_HANDOVER,
            Reason.CITY_DESK_REPORT, Reason.DESK_CATEGORY_ADMIN, Reason.RETENTION_ADMIN, Reason.OTHER_DESK,
            Reason.NOT_DESK_WORKER, Reason.NOT_CITY_STAFF, Reason.NOT_RETENTION_ADMIN);

    /** The desk every row asks about. */
    private static final String DESK = "o-desk";

    /**
     * Columns: who (kind-own|other|none-profession), then one reason per action in the order RECORD, READ,
     * HAND_OVER, DESK_REPORT, CITY_REPORT, CATEGORIES, PURGE. "own" means the subject's organisation is the
     * desk asked about.
     */
    private static final String TABLE = """
            center-own-municipal    desk_worker desk_worker desk_handover desk_worker not_city_staff not_city_staff not_retention_admin
            center-own-nurse        desk_worker desk_worker desk_handover desk_worker not_city_staff not_city_staff not_retention_admin
            center-own-sw           desk_worker desk_worker desk_handover desk_worker not_city_staff not_city_staff not_retention_admin
            center-own-cm           desk_worker desk_worker desk_handover desk_worker not_city_staff not_city_staff not_retention_admin
            center-own-physician    not_desk_worker not_desk_worker not_desk_worker not_desk_worker not_city_staff not_city_staff not_retention_admin
            center-own-admin        not_desk_worker not_desk_worker not_desk_worker not_desk_worker not_city_staff not_city_staff not_retention_admin
            center-other-municipal  other_desk other_desk other_desk other_desk not_city_staff not_city_staff not_retention_admin
            center-other-nurse      other_desk other_desk other_desk other_desk not_city_staff not_city_staff not_retention_admin
            city-own-municipal      desk_worker desk_worker desk_handover desk_worker city_desk_report desk_category_admin not_retention_admin
            city-other-municipal    other_desk other_desk other_desk other_desk city_desk_report desk_category_admin not_retention_admin
            city-own-admin          not_desk_worker not_desk_worker not_desk_worker not_desk_worker not_city_staff desk_category_admin retention_admin
            clinic-other-nurse      not_desk_worker not_desk_worker not_desk_worker not_desk_worker not_city_staff not_city_staff not_retention_admin
            cmoffice-other-cm       not_desk_worker not_desk_worker not_desk_worker not_desk_worker not_city_staff not_city_staff not_retention_admin
            hospital-other-sw       not_desk_worker not_desk_worker not_desk_worker not_desk_worker not_city_staff not_city_staff not_retention_admin
            none-none-operator      not_desk_worker not_desk_worker not_desk_worker not_desk_worker not_city_staff desk_category_admin retention_admin
            none-none-family        not_desk_worker not_desk_worker not_desk_worker not_desk_worker not_city_staff not_city_staff not_retention_admin
            """;

    private static final List<Action> COLUMNS = List.of(Action.RECORD_DESK_CASE, Action.READ_DESK_CASE,
            Action.HAND_OVER_DESK_CASE, Action.VIEW_DESK_REPORT, Action.VIEW_CITY_DESK_REPORT,
            Action.MANAGE_DESK_CATEGORIES, Action.PURGE_DESK_CASES);

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

    /** The decision for one row of the table, asked about {@code DESK}. */
    static Decision decide(AccessPolicy policy, String who, Action action) {
        return policy.decideDesk(subject(who), action, DESK);
    }

    @Test
    void everyDeskActionAndReasonIsInTheTable() {
        assertThat(EnumSet.copyOf(COLUMNS)).isEqualTo(DESK_ACTIONS);
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        table().forEach(a -> seen.add((Reason) a.get()[2]));
        assertThat(seen).isEqualTo(DESK_REASONS);
    }

    @Test
    void theHandOverCitesConsentForProvisionOutsideTheRoom() {
        Decision d = decide(policy, "center-own-nurse", Action.HAND_OVER_DESK_CASE);
        assertThat(d.controls()).contains("SP-CON-03");
        assertThat(decide(policy, "center-own-nurse", Action.READ_DESK_CASE).controls()).contains("SP-AUD-01");
        assertThat(decide(policy, "city-own-admin", Action.PURGE_DESK_CASES).controls()).containsExactly("SP-RET-01");
    }

    @Test
    void aDeskWorkerAskingAboutNoDeskIsNotADeskWorker() {
        // Without a desk (e.g. a case of no organisation) the same-organisation fact never holds.
        Subject worker = subject("center-own-municipal");
        assertThat(policy.decideDesk(worker, Action.READ_DESK_CASE, null).reason()).isEqualTo(Reason.OTHER_DESK);
    }

    @Test
    void inactiveOrSingleFactorAccountsAreRefusedEveryDeskAction() {
        Subject inactive = new Subject("u-x", Profession.MUNICIPAL_STAFF, DESK, OrganizationKind.SUPPORT_CENTER, false);
        Subject oneFactor = new Subject("u-y", Profession.MUNICIPAL_STAFF, DESK, OrganizationKind.SUPPORT_CENTER, true, false);
        for (Action a : DESK_ACTIONS) {
            assertThat(policy.decideDesk(inactive, a, DESK).reason()).isEqualTo(Reason.ACCOUNT_INACTIVE);
            assertThat(policy.decideDesk(oneFactor, a, DESK).reason()).isEqualTo(Reason.SECOND_FACTOR_REQUIRED);
        }
    }

    private static Subject subject(String who) {
        String[] p = who.split("-");
        OrganizationKind kind = switch (p[0]) {
            case "center" -> OrganizationKind.SUPPORT_CENTER;
            case "city" -> OrganizationKind.MUNICIPALITY;
            case "clinic" -> OrganizationKind.CLINIC;
            case "cmoffice" -> OrganizationKind.CARE_MANAGEMENT_OFFICE;
            case "hospital" -> OrganizationKind.HOSPITAL;
            default -> null;
        };
        String org = switch (p[1]) {
            case "own" -> DESK;
            case "other" -> "o-elsewhere";
            default -> null;
        };
        Profession profession = switch (p[2]) {
            case "sw" -> Profession.SOCIAL_WORKER;
            case "cm" -> Profession.CARE_MANAGER;
            case "admin" -> Profession.FACILITY_ADMIN;
            case "municipal" -> Profession.MUNICIPAL_STAFF;
            default -> Profession.valueOf(p[2].toUpperCase(Locale.ROOT));
        };
        return new Subject("u-" + who, profession, org, kind, true);
    }
}
