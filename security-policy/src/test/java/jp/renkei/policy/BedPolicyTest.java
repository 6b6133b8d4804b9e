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
 * The vacant-bed rules (空床情報) as an explicit decision table: who (organisation kind and profession,
 * and whether their organisation is the notice's clinic or the inquiring office) × each bed action → the
 * exact reason. Written out, not computed.
 */
class BedPolicyTest {

    static final EnumSet<Action> BED_ACTIONS = EnumSet.of(Action.PUBLISH_BED_NOTICE, Action.MANAGE_BED_NOTICE,
            Action.VIEW_BED_BOARD, Action.SEND_BED_INQUIRY, Action.ANSWER_BED_INQUIRY, Action.HOLD_BED,
            Action.RELEASE_BED_HOLD, Action.VIEW_BED_INQUIRY, Action.VIEW_BED_METRICS);

    static final EnumSet<Reason> BED_REASONS = EnumSet.of(Reason.BED_CLINIC_STAFF, Reason.DISCHARGE_OFFICE,
            Reason.BED_NOTICE_OWNER, Reason.INQUIRY_PARTY, Reason.REGION_SECRETARIAT, Reason.NOT_BED_CLINIC,
            Reason.NOT_DISCHARGE_OFFICE, Reason.NOT_NOTICE_OWNER, Reason.NOT_INQUIRY_PARTY);

    private static final String CLINIC = "o-clinic";
    private static final String OFFICE = "o-office";

    /**
     * Columns: who, then one reason per action in the order PUBLISH, MANAGE, VIEW_BOARD, INQUIRE, ANSWER,
     * HOLD, RELEASE, VIEW_INQUIRY, METRICS. "Own" means the subject's organisation is the notice's clinic
     * (clinic rows) or the inquiring office (hospital rows).
     */
    private static final String TABLE = """
            clinic-own-nurse        bed_clinic_staff bed_notice_owner bed_clinic_staff not_discharge_office bed_notice_owner not_discharge_office inquiry_party inquiry_party bed_clinic_staff
            clinic-own-physician    bed_clinic_staff bed_notice_owner bed_clinic_staff not_discharge_office bed_notice_owner not_discharge_office inquiry_party inquiry_party bed_clinic_staff
            clinic-own-sw           bed_clinic_staff bed_notice_owner bed_clinic_staff not_discharge_office bed_notice_owner not_discharge_office inquiry_party inquiry_party bed_clinic_staff
            clinic-own-pharmacist   not_bed_clinic not_bed_clinic not_discharge_office not_discharge_office not_bed_clinic not_discharge_office not_inquiry_party not_inquiry_party not_discharge_office
            clinic-own-admin        not_bed_clinic not_bed_clinic not_discharge_office not_discharge_office not_bed_clinic not_discharge_office not_inquiry_party not_inquiry_party not_discharge_office
            clinic-other-nurse      bed_clinic_staff not_notice_owner bed_clinic_staff not_discharge_office not_notice_owner not_discharge_office not_inquiry_party not_inquiry_party bed_clinic_staff
            hospital-own-sw         not_bed_clinic not_bed_clinic discharge_office discharge_office not_bed_clinic inquiry_party inquiry_party inquiry_party discharge_office
            hospital-own-nurse      not_bed_clinic not_bed_clinic discharge_office discharge_office not_bed_clinic inquiry_party inquiry_party inquiry_party discharge_office
            hospital-own-physician  not_bed_clinic not_bed_clinic not_discharge_office not_discharge_office not_bed_clinic not_discharge_office not_inquiry_party not_inquiry_party not_discharge_office
            hospital-other-sw       not_bed_clinic not_bed_clinic discharge_office discharge_office not_bed_clinic not_inquiry_party not_inquiry_party not_inquiry_party discharge_office
            homeclinic-own-nurse    not_bed_clinic not_bed_clinic not_discharge_office not_discharge_office not_bed_clinic not_discharge_office not_inquiry_party not_inquiry_party not_discharge_office
            city-own-municipal      not_bed_clinic not_bed_clinic not_discharge_office not_discharge_office not_bed_clinic not_discharge_office not_inquiry_party not_inquiry_party region_secretariat
            center-own-municipal    not_bed_clinic not_bed_clinic not_discharge_office not_discharge_office not_bed_clinic not_discharge_office not_inquiry_party not_inquiry_party not_discharge_office
            family-own-family       not_bed_clinic not_bed_clinic not_discharge_office not_discharge_office not_bed_clinic not_discharge_office not_inquiry_party not_inquiry_party not_discharge_office
            """;

    private static final List<Action> COLUMNS = List.of(Action.PUBLISH_BED_NOTICE, Action.MANAGE_BED_NOTICE,
            Action.VIEW_BED_BOARD, Action.SEND_BED_INQUIRY, Action.ANSWER_BED_INQUIRY, Action.HOLD_BED,
            Action.RELEASE_BED_HOLD, Action.VIEW_BED_INQUIRY, Action.VIEW_BED_METRICS);

    private final AccessPolicy policy = new AccessPolicy();

    static Stream<Arguments> table() {
        return DecisionTables.cells(TABLE, COLUMNS);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("table")
    void decidesAsTheTableSays(String who, Action action, Reason expected) {
        Subject subject = subject(who);
        Decision d = decide(policy, who, action);
        assertThat(d.reason()).isEqualTo(expected);
        assertThat(d.allowed()).isEqualTo(expected.allows());
        // The generic entry point gives the same answer when only the clinic matters.
        if (action != Action.HOLD_BED && action != Action.RELEASE_BED_HOLD && action != Action.VIEW_BED_INQUIRY) {
            assertThat(policy.decide(subject, action, null, null, Target.organization(CLINIC)).reason())
                    .isEqualTo(expected);
        }
    }

    /** The decision for one row of the table: a notice of {@code CLINIC} and an inquiry of {@code OFFICE}. */
    static Decision decide(AccessPolicy policy, String who, Action action) {
        return policy.decideBeds(subject(who), action, CLINIC, OFFICE);
    }

    @Test
    void everyBedActionAndReasonIsInTheTable() {
        assertThat(EnumSet.copyOf(COLUMNS)).isEqualTo(BED_ACTIONS);
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        table().forEach(a -> seen.add((Reason) a.get()[2]));
        assertThat(seen).isEqualTo(BED_REASONS);
    }

    @Test
    void anInactiveAccountIsRefusedEveryBedAction() {
        Subject inactive = new Subject("u-x", Profession.NURSE, CLINIC, OrganizationKind.CLINIC_WITH_BEDS, false);
        for (Action a : BED_ACTIONS) {
            assertThat(policy.decideBeds(inactive, a, CLINIC, OFFICE).reason()).isEqualTo(Reason.ACCOUNT_INACTIVE);
        }
    }

    @Test
    void roomActionsAreNotBedActions() {
        // Asked without a room, a room action is refused like a room that does not exist.
        Subject nurse = subject("clinic-own-nurse");
        assertThat(policy.decideBeds(nurse, Action.POST_NOTE, CLINIC, OFFICE).reason()).isEqualTo(Reason.NOT_A_MEMBER);
    }

    private static Subject subject(String who) {
        String[] p = who.split("-");
        OrganizationKind kind = switch (p[0]) {
            case "clinic" -> OrganizationKind.CLINIC_WITH_BEDS;
            case "hospital" -> OrganizationKind.HOSPITAL;
            case "homeclinic" -> OrganizationKind.CLINIC;
            case "city" -> OrganizationKind.MUNICIPALITY;
            case "center" -> OrganizationKind.SUPPORT_CENTER;
            default -> null;
        };
        boolean own = p[1].equals("own");
        String org = kind == null ? null
                : kind == OrganizationKind.HOSPITAL ? (own ? OFFICE : "o-other-hospital")
                : kind == OrganizationKind.CLINIC_WITH_BEDS ? (own ? CLINIC : "o-other-clinic") : "o-elsewhere";
        Profession profession = switch (p[2]) {
            case "sw" -> Profession.SOCIAL_WORKER;
            case "admin" -> Profession.FACILITY_ADMIN;
            case "municipal" -> Profession.MUNICIPAL_STAFF;
            default -> Profession.valueOf(p[2].toUpperCase(Locale.ROOT));
        };
        return new Subject("u-" + who, profession, org, kind, true);
    }
}
