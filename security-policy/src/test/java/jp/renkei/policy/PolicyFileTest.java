package jp.renkei.policy;

import java.io.StringReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy file is validated line by line, and a bad line is named in the error. */
class PolicyFileTest {

    private static final String HEADER = "# a policy\npolicy test 1.0\n";

    private static PolicyFile parse(String text) {
        return PolicyFile.parse(new StringReader(text), "test.rules");
    }

    @Test
    void theBuiltInPolicyLoadsWithItsVersion() {
        PolicyFile file = new AccessPolicy().file();
        assertThat(file.name()).isEqualTo("renkei-access");
        assertThat(file.version()).matches("\\d{4}-\\d{2}-\\d{2}\\.\\d+");
        assertThat(file.rules()).extracting(PolicyRule::id).doesNotHaveDuplicates();
    }

    @Test
    void firstMatchingRuleDecidesAndNoMatchDenies() {
        AccessPolicy policy = new AccessPolicy(parse(HEADER
                + "rule T-1 READ_TIMELINE member,profession:nurse|physician allow MEMBER SP-AUTHZ-02\n"
                + "rule T-2 READ_TIMELINE member deny PROFESSION_NOT_ALLOWED SP-AUTHZ-01\n"));
        RoomFacts member = new RoomFacts("r-1", RoomKind.PATIENT, false, MemberRole.MEMBER);
        Subject nurse = new Subject("u-1", Profession.NURSE, "o-1", true);
        Subject pharmacist = new Subject("u-2", Profession.PHARMACIST, "o-1", true);
        assertThat(policy.decide(nurse, Action.READ_TIMELINE, member).ruleId()).isEqualTo("T-1");
        assertThat(policy.decide(pharmacist, Action.READ_TIMELINE, member).ruleId()).isEqualTo("T-2");
        assertThat(policy.decide(nurse, Action.POST_NOTE, member)).isSameAs(Decision.NO_RULE);
        assertThat(policy.decide(nurse, Action.READ_TIMELINE, null)).isSameAs(Decision.NO_RULE);
    }

    @Test
    void organisationKindsAreFacts() {
        AccessPolicy policy = new AccessPolicy(parse(HEADER
                + "rule T-1 CREATE_NETWORK_ROOM org:clinic_with_beds allow PROFESSION_MAY_CREATE SP-AUTHZ-01\n"));
        Subject clinic = new Subject("u-1", Profession.NURSE, "o-1", OrganizationKind.CLINIC_WITH_BEDS, true);
        Subject hospital = new Subject("u-2", Profession.NURSE, "o-2", OrganizationKind.HOSPITAL, true);
        assertThat(policy.decide(clinic, Action.CREATE_NETWORK_ROOM, null).allowed()).isTrue();
        assertThat(policy.decide(hospital, Action.CREATE_NETWORK_ROOM, null).allowed()).isFalse();
    }

    @ParameterizedTest(name = "line {1}: {2}")
    @CsvSource(delimiter = '~', value = {
            "rule T-1 READ_TIMELINE member allow MEMBER SP-AUTHZ-02                 ~ 1 ~ the 'policy' line must come first",
            "policy x 1\\nrule T-1 READ_TIMELINE member allow MEMBER                 ~ 2 ~ (7 fields), found 6",
            "policy x 1\\nrule t1 READ_TIMELINE member allow MEMBER SP-AUTHZ-02      ~ 2 ~ rule id 't1' must look like ROOM-3",
            "policy x 1\\nrule T-1 READ_TIMELIN member allow MEMBER SP-AUTHZ-02      ~ 2 ~ unknown action 'READ_TIMELIN'",
            "policy x 1\\nrule T-1 READ_TIMELINE membr allow MEMBER SP-AUTHZ-02      ~ 2 ~ unknown fact 'membr'",
            "policy x 1\\nrule T-1 READ_TIMELINE profession:nurse|cook allow MEMBER SP-AUTHZ-02 ~ 2 ~ unknown fact 'profession:cook'",
            "policy x 1\\nrule T-1 READ_TIMELINE member,!member allow MEMBER SP-AUTHZ-02 ~ 2 ~ both required and forbidden",
            "policy x 1\\nrule T-1 READ_TIMELINE member permit MEMBER SP-AUTHZ-02    ~ 2 ~ effect 'permit' must be allow or deny",
            "policy x 1\\nrule T-1 READ_TIMELINE member allow MEMBERS SP-AUTHZ-02    ~ 2 ~ unknown reason 'MEMBERS'",
            "policy x 1\\nrule T-1 READ_TIMELINE member allow NOT_HOST SP-AUTHZ-02   ~ 2 ~ reason NOT_HOST denies but the rule says allow",
            "policy x 1\\nrule T-1 READ_TIMELINE member allow MEMBER AUTHZ-02        ~ 2 ~ control 'AUTHZ-02' must look like SP-AUTHZ-02",
            "policy x 1\\n\\nrule T-1 * - deny NO_RULE SP-AUTHZ-02\\nrule T-1 * - deny NO_RULE SP-AUTHZ-02 ~ 4 ~ rule id T-1 is used twice",
            "policy x 1\\npolicy y 2                                                  ~ 2 ~ a second 'policy' line",
            "policy x\\n                                                              ~ 1 ~ expected 'policy <name> <version>'",
            "policy x 1\\nallow everything                                            ~ 2 ~ unknown statement 'allow'",
            "# nothing\\n                                                              ~ 1 ~ no 'policy <name> <version>' line",
    })
    void aBadLineIsNamed(String text, int line, String message) {
        assertThatThrownBy(() -> parse(text.replace("\\n", "\n")))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageStartingWith("test.rules:" + line + ": ")
                .hasMessageContaining(message)
                .extracting(e -> ((PolicyFileException) e).line()).isEqualTo(line);
    }

    @Test
    void aPolicyWithoutRulesIsRefused() {
        assertThatThrownBy(() -> parse(HEADER)).isInstanceOf(PolicyFileException.class).hasMessageContaining("no rules");
    }
}
