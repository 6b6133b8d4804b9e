package jp.renkei.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who may review the audit trail (SP-AUD-04), as a table: profession × organisation × active. */
class AuditReviewPolicyTest {

    private final AccessPolicy policy = new AccessPolicy();

    static Stream<Arguments> table() {
        return Stream.of(
                // profession, own org, reviewed org, active, expected reason
                Arguments.of(Profession.FACILITY_ADMIN, "o-a", "o-a", true, Reason.OWN_FACILITY_AUDIT),
                Arguments.of(Profession.FACILITY_ADMIN, "o-a", "o-b", true, Reason.OTHER_FACILITY_AUDIT),
                Arguments.of(Profession.FACILITY_ADMIN, "o-a", null, true, Reason.OTHER_FACILITY_AUDIT),
                Arguments.of(Profession.FACILITY_ADMIN, null, "o-a", true, Reason.OTHER_FACILITY_AUDIT),
                Arguments.of(Profession.FACILITY_ADMIN, "o-a", "o-a", false, Reason.ACCOUNT_INACTIVE),
                Arguments.of(Profession.NURSE, "o-a", "o-a", true, Reason.NOT_FACILITY_ADMIN),
                Arguments.of(Profession.PHYSICIAN, "o-a", "o-a", true, Reason.NOT_FACILITY_ADMIN),
                Arguments.of(Profession.CARE_MANAGER, "o-a", "o-a", true, Reason.NOT_FACILITY_ADMIN),
                Arguments.of(Profession.OPERATOR, "o-a", "o-a", true, Reason.NOT_FACILITY_ADMIN),
                Arguments.of(Profession.FAMILY, null, null, true, Reason.NOT_FACILITY_ADMIN));
    }

    @ParameterizedTest(name = "{0} of {1} reviewing {2} (active {3}) -> {4}")
    @MethodSource("table")
    void onlyFacilityAdminsReviewTheirOwnStaff(Profession profession, String org, String reviewed, boolean active,
                                              Reason expected) {
        Decision d = decide(policy, profession, org, reviewed, active);
        assertThat(d.reason()).isEqualTo(expected);
        assertThat(d.allowed()).isEqualTo(expected == Reason.OWN_FACILITY_AUDIT);
        assertThat(d.controls()).containsAnyOf("SP-AUD-04", "SP-AUTHZ-05");
    }

    static Decision decide(AccessPolicy policy, Profession profession, String org, String reviewed, boolean active) {
        return policy.decide(new Subject("u-1", profession, org, active), Action.VIEW_AUDIT, null, null,
                Target.organization(reviewed));
    }
}
