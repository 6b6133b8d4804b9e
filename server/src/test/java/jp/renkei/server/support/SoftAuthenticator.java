package jp.renkei.server.support;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A software passkey for API tests (the browser tests use Chromium's virtual authenticator): one P-256
 * key, registered through the real endpoints ({@code none} attestation), signing assertions with or
 * without the user-verified flag, so a test can show that an assertion without user verification is
 * refused.
 */
public final class SoftAuthenticator {

    private static final ObjectConverter CONVERTER = new ObjectConverter();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final byte[] credentialId;
    private final byte[] userHandle;
    private long counter;

    private SoftAuthenticator(byte[] userHandle) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.credentialId = new byte[32];
        new java.security.SecureRandom().nextBytes(credentialId);
        this.userHandle = userHandle;
    }

    /** The base64url credential id. */
    public String id() {
        return B64.encodeToString(credentialId);
    }

    /** Registers a new passkey for the user logged in on {@code api}; throws unless the server stores it. */
    public static SoftAuthenticator register(ApiClient api, String label) {
        ApiClient.Response options = api.post("/api/account/passkeys/options", "{}");
        if (options.status() != 200) {
            throw new IllegalStateException("options: " + options.status() + " " + options.body());
        }
        JsonNode o = options.json();
        SoftAuthenticator a = new SoftAuthenticator(Base64.getUrlDecoder().decode(o.path("user").path("id").asString()));
        String clientData = "{\"type\":\"webauthn.create\",\"challenge\":\"" + o.path("challenge").asString()
                + "\",\"origin\":\"http://localhost:" + api.port() + "\",\"crossOrigin\":false}";
        byte flags = (byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV | AuthenticatorData.BIT_AT);
        AttestedCredentialData attested = new AttestedCredentialData(AAGUID.ZERO, a.credentialId,
                EC2COSEKey.create((ECPublicKey) a.keys.getPublic(), COSEAlgorithmIdentifier.ES256));
        AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authData = new AuthenticatorData<>(rpIdHash(o.path("rp").path("id").asString()), flags, 0,
                attested);
        byte[] attestation = new AttestationObjectConverter(CONVERTER)
                .convertToBytes(new AttestationObject(authData, new NoneAttestationStatement()));
        ObjectNode credential = ApiClient.JSON.createObjectNode();
        credential.put("id", a.id()).put("rawId", a.id()).put("type", "public-key")
                .put("authenticatorAttachment", "platform");
        credential.putObject("response").put("attestationObject", B64.encodeToString(attestation))
                .put("clientDataJSON", B64.encodeToString(clientData.getBytes(StandardCharsets.UTF_8)))
                .putArray("transports").add("internal");
        credential.putObject("clientExtensionResults");
        ObjectNode body = ApiClient.JSON.createObjectNode();
        body.put("label", label);
        body.set("credential", credential);
        ApiClient.Response r = api.post("/api/account/passkeys", body.toString());
        if (r.status() != 200) {
            throw new IllegalStateException("register: " + r.status() + " " + r.body());
        }
        return a;
    }

    /** The assertion ({@code PublicKeyCredential} JSON) answering request options, with the UV flag or without. */
    public String assertion(JsonNode options, int port, boolean userVerified) {
        try {
            String clientData = "{\"type\":\"webauthn.get\",\"challenge\":\"" + options.path("challenge").asString()
                    + "\",\"origin\":\"http://localhost:" + port + "\",\"crossOrigin\":false}";
            byte flags = (byte) (AuthenticatorData.BIT_UP | (userVerified ? AuthenticatorData.BIT_UV : 0));
            byte[] authData = new AuthenticatorDataConverter(CONVERTER).convert(
                    new AuthenticatorData<AuthenticationExtensionAuthenticatorOutput>(
                            rpIdHash(options.path("rpId").asString()), flags, ++counter));
            byte[] clientBytes = clientData.getBytes(StandardCharsets.UTF_8);
            Signature sig = Signature.getInstance("SHA256withECDSA");
            sig.initSign(keys.getPrivate());
            sig.update(authData);
            sig.update(MessageDigest.getInstance("SHA-256").digest(clientBytes));
            ObjectNode credential = ApiClient.JSON.createObjectNode();
            credential.put("id", id()).put("rawId", id()).put("type", "public-key")
                    .put("authenticatorAttachment", "platform");
            credential.putObject("response").put("authenticatorData", B64.encodeToString(authData))
                    .put("clientDataJSON", B64.encodeToString(clientBytes))
                    .put("signature", B64.encodeToString(sig.sign()))
                    .put("userHandle", B64.encodeToString(userHandle));
            credential.putObject("clientExtensionResults");
            return credential.toString();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs in with this passkey alone (one step) on a fresh session of {@code api}: the options, then the
     * assertion. Returns the answer of {@code POST /api/login/passkey-first}; on success the CSRF token is
     * taken over.
     */
    public ApiClient.Response signIn(ApiClient api, boolean userVerified) {
        api.refreshCsrf();
        ApiClient.Response options = api.post("/api/login/passkey-first/options", "{}");
        if (options.status() != 200) {
            return options;
        }
        ApiClient.Response r = api.post("/api/login/passkey-first", assertion(options.json(), api.port(), userVerified));
        if (r.status() == 200) {
            api.withCsrf(r.json().path("csrfToken").asString());
        }
        return r;
    }

    /** Unlocks the locked session of {@code api} with this passkey. */
    public ApiClient.Response unlock(ApiClient api, boolean userVerified) {
        ApiClient.Response options = api.post("/api/session/unlock/options", "{}");
        if (options.status() != 200) {
            return options;
        }
        return api.post("/api/session/unlock", assertion(options.json(), api.port(), userVerified));
    }

    private static byte[] rpIdHash(String rpId) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
