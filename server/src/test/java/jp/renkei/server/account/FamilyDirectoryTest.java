package jp.renkei.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import jp.renkei.policy.Profession;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The consent sheet finds family accounts to name (SP-CON-02) through the directory with
 * {@code profession=family}: by a name fragment only, never listed wholesale, never mixed with staff.
 */
class FamilyDirectoryTest extends ServerTestBase {

    @Test
    void aHostFindsAFamilyAccountByNameButCannotListThemAll() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount daughter = newUser(Profession.FAMILY);
        ApiClient api = login(host);

        JsonNode found = api.get("/api/directory/users?profession=family&q=" + daughter.id()).json();
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.get(0).path("userId").asString()).isEqualTo(daughter.id());
        assertThat(found.get(0).path("profession").asString()).isEqualTo("family");

        // The staff directory still never lists family accounts.
        assertThat(api.get("/api/directory/users?q=" + daughter.id()).json().size()).isZero();
        // No wholesale listing: a fragment of at least two characters is required.
        ApiClient.Response tooShort = api.get("/api/directory/users?profession=family&q=%E5%B1%B1");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().path("violations").toString()).contains("q", "too_short");
        assertThat(api.get("/api/directory/users?profession=nurse&q=test").json().path("violations").toString())
                .contains("profession", "not_allowed");
        // Family members themselves cannot search.
        assertThat(login(daughter).get("/api/directory/users?profession=family&q=" + daughter.id()).json()
                .path("reason").asString()).isEqualTo("profession_not_allowed");
    }
}
