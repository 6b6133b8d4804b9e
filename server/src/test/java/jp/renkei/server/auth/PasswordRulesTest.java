package jp.renkei.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.error.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The password rules see through full-width and other compatibility forms (NFKC) (SP-AUTH-03). */
class PasswordRulesTest {

    private final PasswordEncoder encoder = mock(PasswordEncoder.class);
    private final CredentialStore credentials = mock(CredentialStore.class);
    private final PasswordRules rules = new PasswordRules(encoder, credentials);
    private final UserAccount account = new UserAccount("u-yamamoto", "yamamoto", "山本 看護師", Profession.NURSE,
            "o-1", "あおぞら訪問看護", OrganizationKind.HOME_NURSING_STATION, "hash", true);

    {
        when(credentials.passwordHistory("u-yamamoto")).thenReturn(List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Password1234", "Ｐａｓｓｗｏｒｄ１２３４", "ｐａｓｓｗｏｒｄ－１２３４", "Ｑｗｅｒｔｙ１２３!!!"})
    void commonPasswordsAreRefusedInAnyWidth(String password) {
        assertThatThrownBy(() -> rules.check(account, password, "newPassword"))
                .isInstanceOfSatisfying(DomainException.class, e ->
                        assertThat(e.violations().get(0).problem()).isEqualTo("common"));
    }

    @Test
    void theLoginIdIsFoundInFullWidthToo() {
        assertThatThrownBy(() -> rules.check(account, "ｙａｍａｍｏｔｏ－２０２６－ｘｙ", "newPassword"))
                .isInstanceOfSatisfying(DomainException.class, e ->
                        assertThat(e.violations().get(0).problem()).isEqualTo("contains_login"));
    }

    @Test
    void aStrongFullWidthPasswordIsAccepted() {
        rules.check(account, "Ｓｅｃｏｎｄ－ｆｌｏｏｒ－ｂｌｕｅ－７", "newPassword");
    }
}
