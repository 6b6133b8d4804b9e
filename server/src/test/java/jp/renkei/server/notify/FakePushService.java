package jp.renkei.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays the push service (RFC 8030) on 127.0.0.1 with the JDK's HTTP server, and the browsers that
 * subscribed to it: each {@link Browser} has its own P-256 key pair and auth secret and decrypts what
 * it receives (RFC 8291, receiver side, written here from the RFC with JDK crypto only). Every request
 * is checked for a valid VAPID header (RFC 8292) against the server's public key.
 */
final class FakePushService implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One POST as received. */
    record Received(String path, String authorization, String contentEncoding, String ttl, byte[] body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();

    FakePushService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            received.add(new Received(path, ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("Content-Encoding"), ex.getRequestHeaders().getFirst("TTL"), body));
            ex.sendResponseHeaders(statusByPath.getOrDefault(path, 201), -1);
            ex.close();
        });
        server.start();
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new browser subscribed to this service. */
    Browser newBrowser() {
        return new Browser(this, "/push/" + UUID.randomUUID());
    }

    /** Answers every later POST to {@code browser} with {@code status} (404 and 410 end a subscription). */
    void answer(Browser browser, int status) {
        statusByPath.put(browser.path, status);
    }

    List<Received> receivedBy(Browser browser) {
        return received.stream().filter(r -> r.path().equals(browser.path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A browser's push subscription: endpoint, {@code p256dh} and {@code auth}, and the private key. */
    static final class Browser {
        final FakePushService service;
        final String path;
        final KeyPair keys;
        final byte[] auth = new byte[16];

        Browser(FakePushService service, String path) {
            this.service = service;
            this.path = path;
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                this.keys = g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            RANDOM.nextBytes(auth);
        }

        String endpoint() {
            return service.origin() + path;
        }

        byte[] publicKeyBytes() {
            return uncompressed((ECPublicKey) keys.getPublic());
        }

        /** The body of {@code PUT /api/notify/subscription}, as the web client sends it. */
        String subscriptionJson() {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return "{\"endpoint\":\"" + endpoint() + "\",\"keys\":{\"p256dh\":\"" + b64.encodeToString(publicKeyBytes())
                    + "\",\"auth\":\"" + b64.encodeToString(auth) + "\"},\"device\":\"test browser\"}";
        }

        /** The decrypted payloads received so far, each after checking its VAPID header and encoding. */
        List<JsonNode> messages(byte[] serverKey) {
            List<JsonNode> out = new ArrayList<>();
            for (Received r : service.receivedBy(this)) {
                checkVapid(r.authorization(), service.origin(), serverKey);
                assertThat(r.contentEncoding()).isEqualTo("aes128gcm");
                assertThat(r.ttl()).isNotBlank();
                out.add(JSON.readTree(decrypt(r.body())));
            }
            return out;
        }

        /** RFC 8291 §3.4 on the receiving side; returns the plaintext as UTF-8. */
        String decrypt(byte[] message) {
            try {
                ByteBuffer in = ByteBuffer.wrap(message);
                byte[] salt = new byte[16];
                in.get(salt);
                int rs = in.getInt();
                int idLen = in.get() & 0xff;
                assertThat(rs).isGreaterThanOrEqualTo(18);
                assertThat(idLen).as("keyid is the sender's ephemeral public key").isEqualTo(65);
                byte[] asPublic = new byte[idLen];
                in.get(asPublic);
                byte[] ciphertext = new byte[in.remaining()];
                in.get(ciphertext);
                assertThat(ciphertext.length).as("one record").isLessThanOrEqualTo(rs);

                KeyAgreement ka = KeyAgreement.getInstance("ECDH");
                ka.init(keys.getPrivate());
                ka.doPhase(publicKey(asPublic), true);
                byte[] ecdhSecret = ka.generateSecret();
                byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), publicKeyBytes(), asPublic);
                byte[] ikm = hkdf(auth, ecdhSecret, keyInfo, 32);
                byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
                byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
                byte[] padded = c.doFinal(ciphertext);
                int end = padded.length - 1;
                while (end >= 0 && padded[end] == 0) {
                    end--;
                }
                assertThat(end).isGreaterThanOrEqualTo(0);
                assertThat(padded[end]).as("last record delimiter").isEqualTo((byte) 2);
                return new String(padded, 0, end, StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                throw new AssertionError("the push message does not decrypt", e);
            }
        }
    }

    /**
     * Checks {@code Authorization: vapid t=<JWT>, k=<key>} (RFC 8292 §3): {@code k} is the server's
     * VAPID public key, the JWT is ES256-signed by it, {@code aud} is the push service's origin,
     * {@code exp} is in the future and at most 24 hours ahead, {@code sub} is a contact URI.
     */
    static void checkVapid(String authorization, String audience, byte[] serverKey) {
        assertThat(authorization).startsWith("vapid ");
        String t = null;
        String k = null;
        for (String part : authorization.substring(6).split(",")) {
            String p = part.strip();
            if (p.startsWith("t=")) {
                t = p.substring(2);
            } else if (p.startsWith("k=")) {
                k = p.substring(2);
            }
        }
        assertThat(t).isNotNull();
        assertThat(Base64.getUrlDecoder().decode(k)).isEqualTo(serverKey);
        String[] jwt = t.split("\\.");
        assertThat(jwt).hasSize(3);
        Base64.Decoder b64 = Base64.getUrlDecoder();
        JsonNode header = JSON.readTree(b64.decode(jwt[0]));
        JsonNode claims = JSON.readTree(b64.decode(jwt[1]));
        assertThat(header.path("alg").asString()).isEqualTo("ES256");
        assertThat(claims.path("aud").asString()).isEqualTo(audience);
        long exp = claims.path("exp").asLong();
        long now = Instant.now().getEpochSecond();
        assertThat(exp).isGreaterThan(now).isLessThanOrEqualTo(now + 24 * 3600);
        assertThat(claims.path("sub").asString()).matches("(mailto:|https://).+");
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initVerify(publicKey(serverKey));
            s.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            assertThat(s.verify(b64.decode(jwt[2]))).as("ES256 signature by the server's VAPID key").isTrue();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] uncompressed(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        byte[] x = key.getW().getAffineX().toByteArray();
        byte[] y = key.getW().getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), out, 1 + Math.max(0, 32 - x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), out, 33 + Math.max(0, 32 - y.length), Math.min(32, y.length));
        return out;
    }

    static PublicKey publicKey(byte[] uncompressed) throws GeneralSecurityException {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
    }

    /** HKDF-SHA-256 (RFC 5869) for outputs of at most 32 bytes. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        byte[] okm = mac.doFinal(concat(info, new byte[] {1}));
        return Arrays.copyOf(okm, length);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }
}
