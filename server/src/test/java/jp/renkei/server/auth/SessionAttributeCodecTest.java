package jp.renkei.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jp.renkei.server.crypto.MasterKey;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/** Shared session attributes: what Spring Security keeps round-trips; altered or foreign content is dropped. */
class SessionAttributeCodecTest {

    private final MasterKey master = MasterKey.generate();
    private final SessionAttributeCodec codec = new SessionAttributeCodec(master);

    private static Map<String, Object> loggedIn() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(UsernamePasswordAuthenticationToken
                .authenticated("u-1", null, Factors.authorities("ROLE_NURSE", List.of(Factors.PASSWORD, Factors.TOTP)))));
        attributes.put("csrf", new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t0k3n"));
        attributes.put("since", Instant.ofEpochSecond(1_800_000_000L));
        attributes.put("socket", new Object());
        return attributes;
    }

    @Test
    void theSecurityContextAndTheCsrfTokenRoundTripAndUnserializableValuesStayBehind() {
        SessionAttributeCodec.Sealed sealed = codec.seal(loggedIn());
        Map<String, Object> read = codec.open(sealed.data(), sealed.mac());
        SecurityContext context = (SecurityContext) read.get("SPRING_SECURITY_CONTEXT");
        assertThat(context.getAuthentication().getName()).isEqualTo("u-1");
        assertThat(Factors.complete(context.getAuthentication())).isTrue();
        assertThat(((DefaultCsrfToken) read.get("csrf")).getToken()).isEqualTo("t0k3n");
        assertThat(read.get("since")).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
        assertThat(read).doesNotContainKey("socket");
    }

    @Test
    void alteredBytesOrAnotherKeyGiveNothing() {
        SessionAttributeCodec.Sealed sealed = codec.seal(loggedIn());
        byte[] altered = sealed.data().clone();
        altered[altered.length - 5] ^= 1;
        assertThat(codec.open(altered, sealed.mac())).isEmpty();
        assertThat(new SessionAttributeCodec(MasterKey.generate()).open(sealed.data(), sealed.mac())).isEmpty();
        assertThat(codec.open(sealed.data(), null)).isEmpty();
    }

    @Test
    void classesOutsideTheAllowListAreNotDeserializedEvenWithAValidMac() throws IOException {
        HashMap<String, Object> foreign = new HashMap<>();
        foreign.put("x", new java.io.File("/tmp"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(foreign);
        }
        // Sealed by whoever holds the key: still refused by the filter (java.io.File is not admitted).
        SessionAttributeCodec.Sealed genuine = codec.seal(Map.of());
        byte[] data = bytes.toByteArray();
        byte[] mac = macOf(data);
        assertThat(genuine.data()).isNotEmpty();
        assertThat(codec.open(data, mac)).isEmpty();
    }

    private byte[] macOf(byte[] data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(master.deriveKey(SessionAttributeCodec.KEY_LABEL), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
