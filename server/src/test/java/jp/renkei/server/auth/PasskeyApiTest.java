package jp.renkei.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ApiClient.Response;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The passkey endpoints' refusals (the full ceremony runs in {@code PasskeyBrowserTest} with a virtual
 * authenticator): registration needs both factors, a bad answer stores nothing, the passkey login
 * step needs the password step first and a registered passkey.
 */
class PasskeyApiTest extends ServerTestBase {

    @Autowired
    Passkeys passkeys;

    @Test
    void registrationNeedsBothFactors() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient anonymous = new ApiClient(port);
        anonymous.refreshCsrf();
        assertThat(anonymous.post("/api/account/passkeys/options", "{}").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/account/passkeys").status()).isEqualTo(401);

        ApiClient half = new ApiClient(port);
        half.loginPassword(nurse.loginId(), PASSWORD);
        Response r = half.post("/api/account/passkeys/options", "{}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("reason").asString()).isEqualTo("second_factor_required");
        assertThat(passkeys.of(nurse.id())).isEmpty();
    }

    @Test
    void creationOptionsNameTheConfiguredRelyingPartyAndABadAnswerStoresNothing() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient api = login(nurse);
        assertThat(api.get("/api/account/passkeys").json().size()).isZero();

        Response options = api.post("/api/account/passkeys/options", "{}");
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.json().path("rp").path("id").asString()).isEqualTo("localhost");
        assertThat(options.json().path("challenge").asString()).isNotBlank();
        assertThat(options.json().path("user").path("name").asString()).isEqualTo(nurse.id());
        assertThat(options.json().path("user").path("displayName").asString()).isEqualTo(nurse.loginId());

        // A forged attestation: refused by webauthn4j, nothing stored.
        String forged = "{\"label\":\"x\",\"credential\":{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\","
                + "\"response\":{\"attestationObject\":\"o2NmbXRkbm9uZQ\",\"clientDataJSON\":\"e30\",\"transports\":[]},"
                + "\"clientExtensionResults\":{}}}";
        Response bad = api.post("/api/account/passkeys", forged);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("code").asString()).isEqualTo("INVALID_FIELD");
        // Not JSON of a credential at all.
        Response garbage = api.post("/api/account/passkeys", "{\"label\":\"x\",\"credential\":42}");
        assertThat(garbage.status()).isEqualTo(400);
        // The challenge was used up by the first answer.
        api.post("/api/account/passkeys/options", "{}");
        Response noLabel = api.post("/api/account/passkeys", forged.replace("\"label\":\"x\"", "\"label\":\" \""));
        assertThat(noLabel.status()).isEqualTo(400);
        assertThat(noLabel.json().path("violations").get(0).path("field").asString()).isEqualTo("label");
        assertThat(passkeys.of(nurse.id())).isEmpty();
        assertThat(api.get("/api/account/passkeys").json().size()).isZero();

        Response unknown = api.delete("/api/account/passkeys/AAAA");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void thePasskeyLoginStepNeedsThePasswordStepAndARegisteredPasskey() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient anonymous = new ApiClient(port);
        anonymous.refreshCsrf();
        assertThat(anonymous.post("/api/login/passkey/options", "{}").json().path("code").asString()).isEqualTo("AUTH_FAILED");
        assertThat(anonymous.post("/api/login/passkey", "{}").json().path("code").asString()).isEqualTo("AUTH_FAILED");

        ApiClient half = new ApiClient(port);
        Response step = half.loginPassword(nurse.loginId(), PASSWORD);
        assertThat(step.json().path("methods").toString()).doesNotContain("passkey");
        // No passkey registered: no challenge to answer.
        assertThat(half.post("/api/login/passkey/options", "{}").status()).isEqualTo(401);
        Response answer = half.post("/api/login/passkey", "{\"id\":\"AAAA\"}");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(half.get("/api/rooms").status()).isEqualTo(401);
    }
}
