package jp.renkei.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The passkey sign-in, the lock and the device register (SP-AUTH-02, SP-AUTH-06, SP-MOB-02) as an
 * explicit table: who × whose device (or passkey) × whether the assertion carried user verification →
 * the exact reason. Written out, not computed. The main tables cover another person's device and the
 * session's own unlock; these rows add one's own devices and unlocking with someone else's passkey.
 */
class DevicePolicyTest {

    private static final String ME = "u-me";
    private static final String OTHER = "u-other";
    private static final String ORG = "o-aozora-vns";

    /**
     * Columns: who (profession), whose (own: the subject's; colleague: another user of the subject's
     * organisation; outsider: a user of another organisation; family: a family member, no organisation),
     * uv (yes: the request is two-factor), then the reason for SIGN_IN_PASSKEY, UNLOCK_SESSION,
     * VIEW_DEVICES, REVOKE_DEVICE, RENAME_DEVICE.
     */
    private static final String TABLE = """
            # who           whose      uv   SIGN_IN_PASSKEY                UNLOCK_SESSION              VIEW_DEVICES            REVOKE_DEVICE           RENAME_DEVICE
            nurse           own        yes  passkey_with_user_verification session_owner_unlock        own_device              own_device              own_device
            nurse           own        no   user_verification_required     user_verification_required  second_factor_required  second_factor_required  second_factor_required
            nurse           colleague  yes  passkey_with_user_verification not_session_owner           profession_not_allowed  profession_not_allowed  not_own_device
            nurse           outsider   yes  passkey_with_user_verification not_session_owner           other_organization      other_organization      not_own_device
            family          own        yes  passkey_with_user_verification session_owner_unlock        own_device              own_device              own_device
            family          own        no   user_verification_required     user_verification_required  own_device              own_device              own_device
            family          colleague  yes  passkey_with_user_verification not_session_owner           other_organization      other_organization      not_own_device
            facility_admin  own        yes  passkey_with_user_verification session_owner_unlock        own_device              own_device              own_device
            facility_admin  colleague  yes  passkey_with_user_verification not_session_owner           device_admin            device_admin            not_own_device
            facility_admin  colleague  no   user_verification_required     user_verification_required  second_factor_required  second_factor_required  second_factor_required
            facility_admin  outsider   yes  passkey_with_user_verification not_session_owner           other_organization      other_organization      not_own_device
            facility_admin  family     yes  passkey_with_user_verification not_session_owner           other_organization      other_organization      not_own_device
            operator        colleague  yes  passkey_with_user_verification not_session_owner           profession_not_allowed  profession_not_allowed  not_own_device
            """;

    private static final List<Action> ACTIONS = List.of(Action.SIGN_IN_PASSKEY, Action.UNLOCK_SESSION,
            Action.VIEW_DEVICES, Action.REVOKE_DEVICE, Action.RENAME_DEVICE);

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
                cases.add(Arguments.of(c[0], c[1], c[2].equals("yes"), ACTIONS.get(i),
                        Reason.valueOf(c[3 + i].toUpperCase(java.util.Locale.ROOT))));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on a device of {1}, uv={2}: {3} -> {4}")
    @MethodSource("table")
    void decidesAsTheTableSays(String who, String whose, boolean uv, Action action, Reason expected) {
        Decision d = decide(new AccessPolicy(), who, whose, uv, action);
        assertThat(d.reason()).isEqualTo(expected);
        assertThat(d.allowed()).isEqualTo(expected.allows());
    }

    static Decision decide(AccessPolicy policy, String who, String whose, boolean uv, Action action) {
        Profession p = Profession.fromWire(who);
        Subject subject = new Subject(ME, p, p == Profession.FAMILY ? null : ORG, null, true, uv);
        String owner = whose.equals("own") ? ME : OTHER;
        String ownerOrg = switch (whose) {
            case "own" -> p == Profession.FAMILY ? null : ORG;
            case "colleague" -> ORG;
            case "outsider" -> "o-elsewhere";
            default -> null;
        };
        return policy.decide(subject, action, null, owner, Target.organization(ownerOrg));
    }

    @Test
    void aPasskeyWithoutUserVerificationNeverSignsInAlone() {
        for (Profession p : Profession.values()) {
            Subject oneFactor = new Subject(ME, p, p == Profession.FAMILY ? null : ORG, null, true, false);
            Decision d = new AccessPolicy().decide(oneFactor, Action.SIGN_IN_PASSKEY, null);
            assertThat(d.allowed()).as(p.name()).isFalse();
            assertThat(d.reason()).isEqualTo(Reason.USER_VERIFICATION_REQUIRED);
            assertThat(d.controls()).contains("SP-AUTH-02");
        }
    }
}
