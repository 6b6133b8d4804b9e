package jp.renkei.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.RenkeiApplication;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.MovableClock;
import jp.renkei.server.support.SoftAuthenticator;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestTotp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Two Renkei nodes in one JVM on one store (cluster mode): node A owns the embedded store and listens for
 * node B. Sessions, lockouts, used TOTP codes and ends of sessions hold whichever node a request reaches.
 */
class SharedSessionsClusterTest {

    private static final String PASSWORD = "Test-pass-2026";

    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static int portA;
    static int portB;

    @BeforeAll
    static void startTwoNodes() throws IOException {
        Path dir = Files.createTempDirectory("renkei-cluster");
        Path key = dir.resolve("master.key");
        Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'k'));
        int storePort;
        try (ServerSocket free = new ServerSocket(0)) {
            storePort = free.getLocalPort();
        }
        a = node("--renkei.embedded.port=" + storePort, "--renkei.embedded.data-dir=" + dir.resolve("data"),
                "--renkei.crypto.master-key-file=" + key, "--renkei.audit.node-id=n1",
                "--renkei.audit.witness-file=" + dir.resolve("witness/a.log"));
        b = node("--spring.mongodb.uri=mongodb://127.0.0.1:" + storePort,
                "--renkei.crypto.master-key-file=" + key, "--renkei.audit.node-id=n2",
                "--renkei.audit.signing-key-file=" + dir.resolve("b/audit-signing.key"),
                "--renkei.audit.witness-file=" + dir.resolve("witness/b.log"));
        portA = port(a);
        portB = port(b);
    }

    private static ConfigurableApplicationContext node(String... args) {
        String[] common = {"--server.port=0", "--management.server.port=0", "--renkei.demo.enabled=false",
                "--renkei.embedded.fsync=false", "--renkei.cluster.enabled=true", "--renkei.auth.sweep-interval=200ms",
                "--renkei.directory.public-requests-per-minute=3", "--renkei.auth.lock-after=5m"};
        String[] all = new String[common.length + args.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(args, 0, all, common.length, args.length);
        return new SpringApplicationBuilder(RenkeiApplication.class, WithMovableClock.class).run(all);
    }

    /** The application's clock, moved by the tests (idle timeout) on both nodes at once. */
    @Configuration(proxyBeanMethods = false)
    @Import(MovableClock.class)
    static class WithMovableClock {
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @AfterEach
    void resetClock() {
        MovableClock.reset();
    }

    private static UserAccount newUser(Profession profession, String org) {
        AccountRepository accounts = a.getBean(AccountRepository.class);
        if (accounts.findOrganization(org).isEmpty()) {
            accounts.saveOrganization(new Organization(org, "テスト", OrganizationKind.CLINIC, "北区"));
        }
        String id = "u-c" + UUID.randomUUID().toString().substring(0, 8);
        UserAccount user = accounts.createUser(id, id, "テスト " + id, profession, org,
                a.getBean(PasswordEncoder.class).encode(PASSWORD));
        a.getBean(CredentialStore.class).setTotp(id, TestTotp.SECRET, 0);
        return user;
    }

    private static boolean signedIn(ApiClient api) {
        return api.get("/api/session").json().path("authenticated").asBoolean();
    }

    @Test
    void aSessionSignedInOnOneNodeWorksOnTheOtherAndSignOutEndsItEverywhere() {
        UserAccount nurse = newUser(Profession.NURSE, "o-cluster");
        ApiClient onA = new ApiClient(portA).login(nurse.loginId(), PASSWORD);
        ApiClient onB = onA.onPort(portB);
        assertThat(onB.get("/api/rooms").status()).isEqualTo(200);
        assertThat(signedIn(onB)).isTrue();
        try (TestStompClient socket = TestStompClient.connect(onB).ready()) {
            assertThat(onA.post("/api/logout", "{}").status()).isEqualTo(204);
            assertThat(socket.closedWithin(5000)).isEqualTo(4401);
            assertThat(socket.closeReason()).isEqualTo("session_ended");
        }
        assertThat(onB.get("/api/rooms").status()).isEqualTo(401);
        assertThat(signedIn(onB)).isFalse();
    }

    @Test
    void theSharedSessionCookieIsFlaggedAsTheContainersAndTheIdChangesAtEachLoginStep() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var answer = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + portA + "/api/session")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String cookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=/");
        assertThat(cookie.substring("JSESSIONID=".length(), cookie.indexOf(';'))).hasSize(43);

        UserAccount nurse = newUser(Profession.NURSE, "o-cluster");
        ApiClient api = new ApiClient(portA);
        api.refreshCsrf();
        String anonymous = sessionCookie(api);
        api.loginPassword(nurse.loginId(), PASSWORD);
        String passwordStep = sessionCookie(api);
        var full = api.post("/api/login/totp", "{\"code\":\"" + TestTotp.nextCode(nurse.loginId(), TestTotp.SECRET)
                + "\"}");
        assertThat(full.status()).isEqualTo(200);
        String signedIn = sessionCookie(api);
        assertThat(List.of(anonymous, passwordStep, signedIn)).doesNotHaveDuplicates();
        // The ids before the login are gone from the store: presenting one (fixation) is no session.
        assertThat(b.getBean(SharedSessionStore.class).find(passwordStep)).isNull();
        assertThat(b.getBean(SharedSessionStore.class).find(anonymous)).isNull();
        assertThat(b.getBean(SharedSessionStore.class).find(signedIn).getString("userId")).isEqualTo(nurse.id());
        for (String id : List.of(anonymous, passwordStep, signedIn)) {
            var session = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + portB + "/api/session"))
                    .header("Cookie", "JSESSIONID=" + id).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(session.body().contains("\"authenticated\":true")).as(id).isEqualTo(id.equals(signedIn));
        }
    }

    private static String sessionCookie(ApiClient api) {
        String header = api.cookieHeader();
        int i = header.indexOf("JSESSIONID=");
        int end = header.indexOf(';', i);
        return header.substring(i + "JSESSIONID=".length(), end < 0 ? header.length() : end);
    }

    @Test
    void aRequestThatEndsInTheContainersErrorPageKeepsTheSharedSession() {
        UserAccount nurse = newUser(Profession.NURSE, "o-cluster");
        ApiClient onA = new ApiClient(portA).login(nurse.loginId(), PASSWORD);
        String before = sessionCookie(onA);
        for (String path : List.of("/api/no-such-thing", "/no-such-page", "/api/rooms/a%2F..%2Fb")) {
            onA.post(path, "{}");
            onA.get(path);
        }
        assertThat(sessionCookie(onA)).isEqualTo(before);
        assertThat(onA.get("/api/rooms").status()).isEqualTo(200);
        assertThat(onA.onPort(portB).get("/api/rooms").status()).isEqualTo(200);
    }

    @Test
    void aLockoutOnOneNodeHoldsOnTheOther() {
        UserAccount nurse = newUser(Profession.NURSE, "o-cluster");
        int failures = a.getBean(AuthProperties.class).lockoutFailures();
        for (int i = 0; i < failures; i++) {
            ApiClient onA = new ApiClient(portA);
            onA.refreshCsrf();
            assertThat(onA.post("/api/login", "{\"username\":\"" + nurse.loginId() + "\",\"password\":\"wrong-pass\"}")
                    .status()).isEqualTo(401);
        }
        ApiClient onB = new ApiClient(portB);
        onB.refreshCsrf();
        assertThat(onB.post("/api/login", "{\"username\":\"" + nurse.loginId() + "\",\"password\":\"" + PASSWORD + "\"}")
                .status()).isEqualTo(401);
    }

    @Test
    void aTotpCodeUsedOnOneNodeIsRefusedOnTheOther() {
        UserAccount nurse = newUser(Profession.NURSE, "o-cluster");
        String code = TestTotp.nextCode(nurse.loginId(), TestTotp.SECRET);
        ApiClient onA = new ApiClient(portA);
        onA.loginPassword(nurse.loginId(), PASSWORD);
        assertThat(onA.post("/api/login/totp", "{\"code\":\"" + code + "\"}").status()).isEqualTo(200);
        ApiClient onB = new ApiClient(portB);
        onB.loginPassword(nurse.loginId(), PASSWORD);
        var replay = onB.post("/api/login/totp", "{\"code\":\"" + code + "\"}");
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json().path("code").asString()).isEqualTo("AUTH_FAILED");
        assertThat(signedIn(onB)).isFalse();
    }

    @Test
    void aTimeStepIsUsedOnceWhenBothNodesTryItAtTheSameMoment() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE, "o-cluster");
        CredentialStore onA = a.getBean(CredentialStore.class);
        CredentialStore onB = b.getBean(CredentialStore.class);
        for (long step = 1_000; step < 1_020; step++) {
            long s = step;
            var executor = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Boolean>> tries = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    CredentialStore store = i % 2 == 0 ? onA : onB;
                    tries.add(executor.submit(() -> store.useStep(nurse.id(), s)));
                }
                int accepted = 0;
                for (var t : tries) {
                    accepted += t.get() ? 1 : 0;
                }
                assertThat(accepted).as("step %d", s).isEqualTo(1);
            } finally {
                executor.shutdownNow();
            }
        }
        assertThat(onB.useStep(nurse.id(), 1_005)).isFalse();
    }

    @Test
    void offboardingOnOneNodeClosesTheUsersSocketOnTheOtherAsRevoked() {
        UserAccount admin = newUser(Profession.FACILITY_ADMIN, "o-cluster-off");
        UserAccount leaver = newUser(Profession.NURSE, "o-cluster-off");
        ApiClient leaverOnB = new ApiClient(portB).login(leaver.loginId(), PASSWORD);
        // Node B reads the account (and caches it) before node A offboards it.
        assertThat(leaverOnB.get("/api/rooms").status()).isEqualTo(200);
        try (TestStompClient socket = TestStompClient.connect(leaverOnB).ready()) {
            ApiClient adminOnA = new ApiClient(portA).login(admin.loginId(), PASSWORD);
            assertThat(adminOnA.post("/api/admin/users/" + leaver.id() + "/offboard", "{}").status()).isEqualTo(200);
            assertThat(socket.closedWithin(5000)).isEqualTo(4401);
            assertThat(socket.closeReason()).isEqualTo("device_revoked");
        }
        var next = leaverOnB.get("/api/rooms");
        assertThat(next.status()).isEqualTo(401);
        assertThat(next.json().path("reason").asString()).isEqualTo("device_revoked");
        // Node B no longer takes the account as active (the change stream on accounts dropped its cached
        // copy, within a few seconds): its password does not sign in there.
        long deadline = System.currentTimeMillis() + 5000;
        int status;
        do {
            ApiClient again = new ApiClient(portB);
            again.refreshCsrf();
            status = again.post("/api/login", "{\"username\":\"" + leaver.loginId() + "\",\"password\":\""
                    + PASSWORD + "\"}").status();
        } while (status != 401 && System.currentTimeMillis() < deadline);
        assertThat(status).isEqualTo(401);
    }

    @Test
    void aRegisteredDeviceLocksOnEveryNodeAndUnlocksOnAny() {
        UserAccount nurse = newUser(Profession.NURSE, "o-cluster");
        ApiClient first = new ApiClient(portA).login(nurse.loginId(), PASSWORD);
        SoftAuthenticator phone = SoftAuthenticator.register(first, "iPhone");
        first.post("/api/logout", "{}");
        ApiClient onA = new ApiClient(portA);
        assertThat(phone.signIn(onA, true).status()).isEqualTo(200);
        ApiClient onB = onA.onPort(portB);

        // The app goes to the background on A: B's socket of the session closes with 4423 too.
        try (TestStompClient socket = TestStompClient.connect(onB).ready()) {
            assertThat(onA.post("/api/session/lock", "{}").status()).isEqualTo(204);
            assertThat(socket.closedWithin(5000)).isEqualTo(4423);
        }
        assertThat(onB.get("/api/rooms").status()).isEqualTo(423);
        assertThat(phone.unlock(onB, true).status()).isEqualTo(200);
        assertThat(onA.get("/api/rooms").status()).isEqualTo(200);

        // Idle: activity on A counts on B; then idle for the lock delay, B's sweeper locks it everywhere.
        try (TestStompClient socket = TestStompClient.connect(onB).ready()) {
            MovableClock.advance(Duration.ofMinutes(4));
            assertThat(onA.get("/api/rooms").status()).isEqualTo(200);
            MovableClock.advance(Duration.ofMinutes(2));
            assertThat(socket.closedWithin(1500)).isNull();
            MovableClock.advance(Duration.ofMinutes(4));
            assertThat(socket.closedWithin(5000)).isEqualTo(4423);
        }
        assertThat(onA.get("/api/rooms").status()).isEqualTo(423);
        assertThat(phone.unlock(onA, true).status()).isEqualTo(200);
        assertThat(onB.get("/api/rooms").status()).isEqualTo(200);
    }

    @Test
    void thePublicDirectoryBudgetIsSharedByTheNodes() {
        if (java.time.Instant.now(a.getBean(java.time.Clock.class)).getEpochSecond() % 60 > 45) {
            MovableClock.advance(Duration.ofSeconds(20));
        }
        ApiClient onA = new ApiClient(portA);
        ApiClient onB = new ApiClient(portB);
        assertThat(onA.get("/api/public/directory").status()).isEqualTo(200);
        assertThat(onB.get("/api/public/directory").status()).isEqualTo(200);
        assertThat(onA.get("/api/public/directory").status()).isEqualTo(200);
        var over = onB.get("/api/public/directory");
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.json().path("code").asString()).isEqualTo("RATE_LIMITED");
    }

    @Test
    void aCalendarFeedsReadBudgetIsSharedByTheNodes() {
        UserAccount nurse = newUser(Profession.NURSE, "o-cluster");
        ApiClient onA = new ApiClient(portA).login(nurse.loginId(), PASSWORD);
        ApiClient appOnA = new ApiClient(portA);
        ApiClient appOnB = new ApiClient(portB);
        // 30 reads per 10-minute window, alternately on A and B; the next one is refused on either. Should a
        // window turn during the loop (the count then starts again), it runs once more with a new feed.
        int lastOk = 0;
        int refusedAt = -1;
        for (int attempt = 0; attempt < 2 && refusedAt < 0; attempt++) {
            long window = System.currentTimeMillis() / (10 * 60 * 1000L);
            String path = onA.post("/api/calendar-feed", "").json().path("path").asString();
            lastOk = 0;
            for (int i = 1; i <= 31; i++) {
                int status = (i % 2 == 0 ? appOnA : appOnB).get(path).status();
                if (status != 200) {
                    assertThat(status).isEqualTo(429);
                    refusedAt = i;
                    break;
                }
                lastOk = i;
            }
            if (System.currentTimeMillis() / (10 * 60 * 1000L) == window) {
                break;
            }
        }
        assertThat(lastOk).isEqualTo(30);
        assertThat(refusedAt).isEqualTo(31);
    }

    @Test
    void anIdleSessionEndsOnEveryNodeAndItsSocketsClose() {
        UserAccount nurse = newUser(Profession.NURSE, "o-cluster");
        ApiClient onA = new ApiClient(portA).login(nurse.loginId(), PASSWORD);
        ApiClient onB = onA.onPort(portB);
        Duration idle = a.getBean(AuthProperties.class).idleTimeout();
        try (TestStompClient socket = TestStompClient.connect(onB).ready()) {
            // Activity on A keeps the session alive on B too (written to the shared session).
            MovableClock.advance(idle.minusMinutes(1));
            assertThat(onA.get("/api/rooms").status()).isEqualTo(200);
            MovableClock.advance(Duration.ofMinutes(2));
            assertThat(socket.closedWithin(1500)).isNull();
            assertThat(onB.get("/api/rooms").status()).isEqualTo(200);
            // Then idle for the whole timeout: B's sweeper ends it and closes B's socket.
            MovableClock.advance(idle.plusMinutes(1));
            assertThat(socket.closedWithin(5000)).isEqualTo(4401);
        }
        assertThat(onA.get("/api/rooms").status()).isEqualTo(401);
    }
}
