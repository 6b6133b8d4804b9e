package jp.renkei.policy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The policy's vocabulary: reason codes and the controls they cite, profession, room-kind and role wire
 * values.
 */
class PolicyVocabularyTest {

    @Test
    void everyRuleCitesControlsTheCatalogueDefines() throws IOException {
        Path catalogue = Path.of(System.getProperty("user.dir")).resolve("../../shared/security-controls.md")
                .normalize();
        assumeTrue(Files.isRegularFile(catalogue), "security-controls.md not found at " + catalogue);
        String text = Files.readString(catalogue);
        for (PolicyRule rule : new AccessPolicy().file().rules()) {
            assertThat(rule.controls()).as(rule.id()).isNotEmpty();
            for (String control : rule.controls()) {
                // A control is defined by a bold heading such as "**SP-AUTHZ-02 Need-to-know per patient room.**"
                Pattern definition = Pattern.compile("\\*\\*" + Pattern.quote(control) + "\\s");
                assertThat(definition.matcher(text).find())
                        .as("rule %s cites %s, which %s defines", rule.id(), control, catalogue)
                        .isTrue();
            }
        }
    }

    @Test
    void reasonCodesAreStableLowerCaseNames() {
        for (Reason r : Reason.values()) {
            assertThat(r.code()).matches("[a-z][a-z_]*").isEqualTo(r.name().toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(Reason.NOT_A_MEMBER.code()).isEqualTo("not_a_member");
        assertThat(Reason.FAMILY_STAFF_CHANNEL.code()).isEqualTo("family_staff_channel");
    }

    @Test
    void professionWireValuesAreTheProtocolsList() {
        List<String> wire = Arrays.stream(Profession.values()).map(Profession::wire).toList();
        assertThat(wire).containsExactly("physician", "dentist", "nurse", "pharmacist", "care_manager",
                "care_worker", "therapist", "dietitian", "dental_hygienist", "social_worker", "municipal_staff",
                "family", "facility_admin", "operator");
        for (Profession p : Profession.values()) {
            assertThat(Profession.fromWire(p.wire())).isSameAs(p);
        }
        assertThat(Profession.fromWire("doctor")).isNull();
        assertThat(Profession.fromWire("NURSE")).isNull();
        assertThat(Profession.fromWire(null)).isNull();
    }

    @Test
    void careStaffAreEveryoneButFamilyAdminsAndOperators() {
        EnumSet<Profession> notStaff = EnumSet.of(Profession.FAMILY, Profession.FACILITY_ADMIN, Profession.OPERATOR);
        for (Profession p : Profession.values()) {
            assertThat(p.isCareStaff()).as(p.name()).isEqualTo(!notStaff.contains(p));
        }
    }

    @Test
    void roomKindAndRoleWireValues() {
        assertThat(RoomKind.PATIENT.wire()).isEqualTo("patient");
        assertThat(RoomKind.NETWORK.wire()).isEqualTo("network");
        assertThat(RoomKind.fromWire("patient")).isSameAs(RoomKind.PATIENT);
        assertThat(RoomKind.fromWire("network")).isSameAs(RoomKind.NETWORK);
        assertThat(RoomKind.fromWire("bed_board")).isNull();
        assertThat(RoomKind.fromWire(null)).isNull();
        assertThat(MemberRole.HOST.wire()).isEqualTo("host");
        assertThat(MemberRole.MEMBER.wire()).isEqualTo("member");
    }

    @Test
    void subjectsAndRoomsNeedTheirIdentity() {
        assertThatNullPointerException().isThrownBy(() -> new Subject(null, Profession.NURSE, "o-x", true));
        assertThatNullPointerException().isThrownBy(() -> new Subject("u-x", null, "o-x", true));
        assertThatNullPointerException().isThrownBy(() -> new RoomFacts(null, RoomKind.PATIENT, false, null));
        assertThatNullPointerException().isThrownBy(() -> new RoomFacts("r-abcdef", null, false, null));
        assertThat(new Subject("u-fam", Profession.FAMILY, null, true).organizationId()).isNull();
    }
}
