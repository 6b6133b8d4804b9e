package jp.renkei.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import java.util.UUID;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestTotp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SP-AUTH-06 with short timeouts (a context of its own, with its own database folder): an idle
 * session's STOMP connection is closed and HTTP answers 401; activity keeps a session alive until
 * its absolute lifetime.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"renkei.demo.enabled=false", "renkei.embedded.fsync=false",
                "renkei.auth.idle-timeout=2s", "renkei.auth.absolute-lifetime=6s", "renkei.auth.sweep-interval=200ms"})
class SessionTimeoutTest {

    private static final String PASSWORD = "Test-pass-2026";

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    CredentialStore credentials;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("renkei-timeout-db").resolve("data").toString();
        registry.add("renkei.embedded.data-dir", () -> dir);
    }

    private UserAccount newUser(Profession profession) {
        String id = "u-t" + UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization("o-timeout", "テスト", OrganizationKind.CLINIC, "北区"));
        UserAccount u = accounts.createUser(id, id, "テスト " + id, profession, "o-timeout", passwords.encode(PASSWORD));
        credentials.setTotp(id, TestTotp.SECRET, 0);
        return u;
    }

    private ApiClient login(UserAccount user) {
        return new ApiClient(port).login(user.loginId(), PASSWORD);
    }

    @Test
    void anIdleSessionEndsAndItsWebSocketIsClosed() {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient api = login(nurse);
        try (TestStompClient c = TestStompClient.connect(api).ready()) {
            assertThat(c.closedWithin(8000)).isEqualTo(4401);
        }
        var r = api.get("/api/rooms");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(api.get("/api/session").json().path("authenticated").asBoolean()).isFalse();
    }

    @Test
    void activityKeepsASessionUntilItsAbsoluteLifetime() throws InterruptedException {
        UserAccount nurse = newUser(Profession.NURSE);
        ApiClient api = login(nurse);
        long start = System.currentTimeMillis();
        int lastOk = 0;
        // A request every second: never idle for 2 s, but the 6 s lifetime ends it.
        while (System.currentTimeMillis() - start < 9000) {
            if (api.get("/api/rooms").status() != 200) {
                break;
            }
            lastOk = (int) (System.currentTimeMillis() - start);
            Thread.sleep(1000);
        }
        assertThat(lastOk).isGreaterThan(3000).isLessThan(7000);
        assertThat(api.get("/api/rooms").status()).isEqualTo(401);
    }
}
