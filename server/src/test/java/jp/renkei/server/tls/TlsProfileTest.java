package jp.renkei.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.auth.CredentialStore;
import jp.renkei.server.support.TestTotp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * SP-NET-01: the server started with the {@code tls} profile (and a key store made for this test)
 * speaks only TLS 1.3 and TLS 1.2 with ECDHE and AEAD suites, sends HSTS, and serves the web client,
 * the API and the STOMP WebSocket (wss) over it.
 *
 * <p>Refusals are checked with hand-written ClientHello records rather than the JDK's own client:
 * the JDK refuses to even offer TLS 1.0/1.1 (and, on newer JDKs, RSA key exchange) by its
 * {@code jdk.tls.disabledAlgorithms} policy, which is read once per JVM, so a JDK client's failure
 * would prove nothing about the server. The same probe offering an allowed suite must get a
 * ServerHello, so the probe itself is checked.
 *
 * <p>Not a {@code ServerTestBase} subclass: it needs its own context (the profile), and so its own
 * database folder, since the shared one stays open in the cached plain-HTTP context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"renkei.demo.enabled=false", "renkei.embedded.fsync=false"})
@ActiveProfiles("tls")
class TlsProfileTest {

    private static final String STORE_PASSWORD = "test-" + UUID.randomUUID();
    private static final String PASSWORD = "Test-pass-2026";
    private static final Path DIR = tempDir();
    private static final Path KEY_STORE = DIR.resolve("server.p12");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        // Before anything else: the context needs the store when it starts, the client when it connects.
        generateKeyStore();
    }

    // Cipher suite ids (IANA) used by the raw probes.
    private static final int ECDHE_RSA_AES128_GCM = 0xC02F;
    private static final int ECDHE_RSA_AES256_GCM = 0xC030;
    private static final int ECDHE_RSA_AES128_CBC_SHA = 0xC013;
    private static final int ECDHE_RSA_AES256_CBC_SHA = 0xC014;
    private static final int ECDHE_RSA_AES128_CBC_SHA256 = 0xC027;
    private static final int ECDHE_RSA_AES256_CBC_SHA384 = 0xC028;
    private static final int RSA_AES128_GCM = 0x009C;
    private static final int RSA_AES256_GCM = 0x009D;
    private static final int RSA_AES128_CBC_SHA = 0x002F;
    private static final int DHE_RSA_AES128_GCM = 0x009E;
    private static final int DHE_RSA_AES256_GCM = 0x009F;

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    CredentialStore credentials;
    @Autowired
    Environment environment;

    private static SSLContext trusting;

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) {
        registry.add("renkei.embedded.data-dir", () -> DIR.resolve("db").toString());
        registry.add("renkei.tls.key-store", () -> KEY_STORE.toUri().toString());
        registry.add("renkei.tls.key-store-password", () -> STORE_PASSWORD);
    }

    @BeforeAll
    static void trustTheTestCertificate() throws Exception {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEY_STORE)) {
            server.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("renkei", server.getCertificate("renkei"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), new SecureRandom());
    }

    @Test
    void tls13HandshakeSucceedsWithAGuidelineSuite() throws IOException {
        try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("localhost", port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(socket.getSession().getCipherSuite())
                    .isIn("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256");
        }
    }

    @Test
    void tls12EcdheGcmHandshakeSucceedsAndTheServerPicksItsPreferredSuite() throws IOException {
        try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("localhost", port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            // The client prefers AES-128; the server's order puts AES-256 first and is honoured.
            socket.setEnabledCipherSuites(new String[] {
                    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"});
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(socket.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        }
    }

    @Test
    void theProbeSeesAServerHelloForAnAllowedSuite() throws IOException {
        assertThat(probe(0x0303, ECDHE_RSA_AES128_GCM, ECDHE_RSA_AES256_GCM)).isEqualTo(Answer.SERVER_HELLO);
    }

    @Test
    void tls11AndTls10AreRefused() throws IOException {
        int[] legacySuites = {ECDHE_RSA_AES128_CBC_SHA, ECDHE_RSA_AES256_CBC_SHA, RSA_AES128_CBC_SHA};
        assertThat(probe(0x0302, legacySuites)).as("TLS 1.1").isEqualTo(Answer.REFUSED);
        assertThat(probe(0x0301, legacySuites)).as("TLS 1.0").isEqualTo(Answer.REFUSED);
    }

    /**
     * The JDK's own policy also refuses TLS 1.0/1.1 today, so the probes above would pass even if the
     * profile enabled them; the profile must not rely on that policy (a JVM option can relax it).
     */
    @Test
    void theProfileItselfEnablesOnlyTls13And12() {
        assertThat(environment.getProperty("server.ssl.enabled-protocols")).isEqualTo("TLSv1.3,TLSv1.2");
        assertThat(environment.getProperty("server.ssl.ciphers")).doesNotContain("CBC", "TLS_RSA_", "_DHE_", "SHA,")
                .contains("TLS_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    }

    @Test
    void cbcSuitesAreRefusedInTls12() throws IOException {
        assertThat(probe(0x0303, ECDHE_RSA_AES128_CBC_SHA256, ECDHE_RSA_AES256_CBC_SHA384,
                ECDHE_RSA_AES128_CBC_SHA, ECDHE_RSA_AES256_CBC_SHA)).isEqualTo(Answer.REFUSED);
    }

    @Test
    void suitesWithoutEcdheAreRefusedInTls12() throws IOException {
        assertThat(probe(0x0303, RSA_AES128_GCM, RSA_AES256_GCM)).as("RSA key exchange").isEqualTo(Answer.REFUSED);
        assertThat(probe(0x0303, DHE_RSA_AES128_GCM, DHE_RSA_AES256_GCM)).as("DHE").isEqualTo(Answer.REFUSED);
    }

    @Test
    void httpsServesTheClientAndTheApiWithHstsAndASecureSessionCookie() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trusting).build();
        HttpResponse<String> index = http.send(HttpRequest.newBuilder(uri("https", "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(
                v -> assertThat(v).contains("max-age=31536000").contains("includeSubDomains"));

        HttpResponse<String> session = http.send(HttpRequest.newBuilder(uri("https", "/api/session")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(session.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("Secure"));
    }

    @Test
    void plainHttpOnTheTlsPortIsNotServed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("http", "/api/session"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            // Tomcat answers plain HTTP on a TLS port with 400 and no content.
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).doesNotContain("csrfToken");
        } catch (IOException refused) {
            // Or drops the connection: either way nothing is served in the clear.
        }
    }

    @Test
    void loginAndStompOverWss() throws Exception {
        UserAccount nurse = newNurse();
        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder().sslContext(trusting).cookieHandler(cookies).build();
        String csrf = JSON.readTree(http.send(HttpRequest.newBuilder(uri("https", "/api/session")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("csrfToken").asString();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("https", "/api/login"))
                .header("Content-Type", "application/json").header("X-CSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + nurse.loginId() + "\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        // The second factor (SP-AUTH-02).
        HttpResponse<String> second = http.send(HttpRequest.newBuilder(uri("https", "/api/login/totp"))
                .header("Content-Type", "application/json")
                .header("X-CSRF-TOKEN", JSON.readTree(login.body()).path("csrfToken").asString())
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"code\":\"" + TestTotp.nextCode(nurse.loginId(), TestTotp.SECRET) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        String token = JSON.readTree(second.body()).path("csrfToken").asString();
        String cookieHeader = String.join("; ", cookies.getCookieStore().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue()).toList());

        CompletableFuture<String> firstFrame = new CompletableFuture<>();
        StringBuilder received = new StringBuilder();
        WebSocket ws = http.newWebSocketBuilder().header("Cookie", cookieHeader)
                .buildAsync(uri("wss", "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        received.append(data);
                        if (last) {
                            firstFrame.complete(received.toString());
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nX-CSRF-TOKEN:" + token + "\n\n\0", true).join();
        assertThat(firstFrame.get(10, TimeUnit.SECONDS)).startsWith("CONNECTED");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }

    private URI uri(String scheme, String path) {
        return URI.create(scheme + "://localhost:" + port + path);
    }

    private UserAccount newNurse() {
        String id = "u-tls" + UUID.randomUUID().toString().substring(0, 8);
        String orgId = "o-test-tls";
        if (accounts.findOrganization(orgId).isEmpty()) {
            accounts.saveOrganization(new Organization(orgId, "テスト TLS", OrganizationKind.CLINIC, "北区"));
        }
        UserAccount user = accounts.createUser(id, id, "テスト " + id, Profession.NURSE, orgId,
                passwords.encode(PASSWORD));
        credentials.setTotp(user.id(), TestTotp.SECRET, 0);
        return user;
    }

    /** What the server answered to a ClientHello. */
    enum Answer { SERVER_HELLO, REFUSED }

    /**
     * Sends one ClientHello with the given legacy version and cipher suites (no supported_versions
     * extension, so TLS 1.3 is not offered) and reports whether the server answered with a
     * ServerHello or refused (an alert, or the connection closed).
     */
    private Answer probe(int version, int... suites) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(clientHello(version, suites));
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int contentType = in.readUnsignedByte();
            in.readUnsignedShort(); // record version
            int length = in.readUnsignedShort();
            if (contentType == 0x16 && length > 0 && in.readUnsignedByte() == 0x02) {
                return Answer.SERVER_HELLO;
            }
            assertThat(contentType).as("an alert record").isEqualTo(0x15);
            return Answer.REFUSED;
        } catch (EOFException | SocketException closed) {
            return Answer.REFUSED;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed", e);
        }
    }

    private static byte[] clientHello(int version, int... suites) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, version);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        u16(body, suites.length * 2);
        for (int s : suites) {
            u16(body, s);
        }
        body.write(1); // one compression method: null
        body.write(0);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        extension(ext, 0x000a, 0x001d, 0x0017, 0x0018); // supported_groups: x25519, P-256, P-384
        u16(ext, 0x000b); // ec_point_formats: uncompressed
        u16(ext, 2);
        ext.write(1);
        ext.write(0);
        // signature_algorithms: RSA-PSS, PKCS#1 and ECDSA with SHA-256/384, and SHA-1 for old versions
        extension(ext, 0x000d, 0x0804, 0x0805, 0x0401, 0x0501, 0x0403, 0x0503, 0x0201, 0x0203);
        u16(body, ext.size());
        body.writeBytes(ext.toByteArray());

        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.write(0x01); // ClientHello
        u24(handshake, body.size());
        handshake.writeBytes(body.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16); // handshake
        u16(record, 0x0301);
        u16(record, handshake.size());
        record.writeBytes(handshake.toByteArray());
        return record.toByteArray();
    }

    /** An extension whose data is a u16-length-prefixed list of u16 values. */
    private static void extension(ByteArrayOutputStream out, int type, int... values) {
        u16(out, type);
        u16(out, 2 + values.length * 2);
        u16(out, values.length * 2);
        for (int v : values) {
            u16(out, v);
        }
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >> 8) & 0xff);
        out.write(v & 0xff);
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write((v >> 16) & 0xff);
        u16(out, v & 0xffff);
    }

    /** An RSA-2048 / SHA-256 certificate for localhost, as an operator's would be (SP-NET-01). */
    private static void generateKeyStore() {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "renkei",
                "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", KEY_STORE.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("renkei-tls-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
