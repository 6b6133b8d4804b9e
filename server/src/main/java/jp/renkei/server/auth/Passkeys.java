package jp.renkei.server.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import java.time.Duration;
import java.util.ArrayList;

import jp.renkei.server.account.UserAccount;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passkeys (WebAuthn, SP-AUTH-02) as a second factor: the relying party of Spring Security's
 * {@code spring-security-webauthn} (webauthn4j verifies the ceremonies) over the MongoDB repositories,
 * and a user's passkeys for the settings page, offboarding and resets.
 *
 * <p>Renkei calls the relying-party operations from its own {@code /api} controllers instead of
 * Spring's WebAuthn filters: the filters answer with bare status codes outside the API's error
 * contract and audit trail, and their login filter makes a new principal instead of adding a factor
 * to the password step's session.
 */
@Service
public class Passkeys {

    private final MongoPublicKeyCredentialUserEntityRepository userEntities;
    private final MongoUserCredentialRepository credentials;
    private final PasskeyProperties properties;
    /** Reads and writes the WebAuthn JSON (base64url fields) with Spring's mix-ins. */
    private final JsonMapper json = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();
    private volatile int port = -1;
    private volatile WebAuthnRelyingPartyOperations operations;

    Passkeys(MongoPublicKeyCredentialUserEntityRepository userEntities, MongoUserCredentialRepository credentials,
             PasskeyProperties properties) {
        this.userEntities = userEntities;
        this.credentials = credentials;
        this.properties = properties;
    }

    /** The default origins need the port the server really listens on (random in tests). */
    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        if (event.getWebServer().getPort() > 0 && port < 0) {
            port = event.getWebServer().getPort();
        }
    }

    JsonMapper json() {
        return json;
    }

    /** The relying party, built on first use (when the server's port is known). */
    WebAuthnRelyingPartyOperations operations() {
        WebAuthnRelyingPartyOperations ops = operations;
        if (ops == null) {
            synchronized (this) {
                if (operations == null) {
                    operations = new Webauthn4JRelyingPartyOperations(userEntities, credentials,
                            PublicKeyCredentialRpEntity.builder().id(properties.rpId()).name(properties.rpName()).build(),
                            origins());
                }
                ops = operations;
            }
        }
        return ops;
    }

    Set<String> origins() {
        Set<String> out = new LinkedHashSet<>();
        if (properties.origins() != null && !properties.origins().isEmpty()) {
            out.addAll(properties.origins());
        } else if (port > 0) {
            out.add("http://" + properties.rpId() + ":" + port);
            out.add("https://" + properties.rpId() + ":" + port);
        }
        return out;
    }

    int maxPerUser() {
        return properties.maxPerUser();
    }

    /**
     * The user's WebAuthn entity, created on first registration: a random handle (the spec asks that it
     * carry no personal data) and the login id as the name authenticators display.
     */
    PublicKeyCredentialUserEntity entityFor(UserAccount account) {
        PublicKeyCredentialUserEntity entity = userEntities.findByUsername(account.id());
        if (entity == null) {
            entity = ImmutablePublicKeyCredentialUserEntity.builder().id(Bytes.random()).name(account.id())
                    .displayName(account.loginId()).build();
            userEntities.save(entity);
        }
        return entity;
    }

    /** The user's passkeys, oldest first. */
    public List<CredentialRecord> of(String userId) {
        PublicKeyCredentialUserEntity entity = userEntities.findByUsername(userId);
        return entity == null ? List.of() : credentials.findByUserId(entity.getId());
    }

    public boolean has(String userId) {
        return !of(userId).isEmpty();
    }

    /** Whether {@code credentialId} (base64url) is one of the user's passkeys now (not revoked). */
    public boolean isRegistered(String userId, String credentialId) {
        return credentialId != null
                && of(userId).stream().anyMatch(r -> r.getCredentialId().toBase64UrlString().equals(credentialId));
    }

    /** A verified passkey assertion: whose passkey, which one, and whether the authenticator verified its user. */
    record Assertion(String userId, String credentialId, boolean userVerified) {
    }

    /**
     * Request options that demand user verification (fingerprint, face or device PIN): the passkey-only
     * sign-in (no {@code allow}: any passkey of this site, the browser offers the device's own) and the
     * unlock of a locked session (the session's passkey). SP-AUTH-02: webauthn4j then refuses an
     * assertion whose UV flag is not set.
     */
    PublicKeyCredentialRequestOptions userVerifiedOptions(List<CredentialRecord> allow) {
        List<PublicKeyCredentialDescriptor> descriptors = new ArrayList<>();
        for (CredentialRecord r : allow) {
            descriptors.add(PublicKeyCredentialDescriptor.builder().id(r.getCredentialId())
                    .type(PublicKeyCredentialType.PUBLIC_KEY).transports(r.getTransports()).build());
        }
        return PublicKeyCredentialRequestOptions.builder().challenge(Bytes.random()).rpId(properties.rpId())
                .timeout(Duration.ofMinutes(5)).allowCredentials(descriptors)
                .userVerification(UserVerificationRequirement.REQUIRED).build();
    }

    /** The user id owning passkey {@code credentialId} (base64url), or null; attributes failures to a login. */
    String ownerOf(String credentialId) {
        try {
            CredentialRecord r = credentials.findByCredentialId(Bytes.fromBase64(credentialId));
            PublicKeyCredentialUserEntity e = r == null ? null : userEntities.findById(r.getUserEntityUserId());
            return e == null ? null : e.getName();
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    /** Parses an assertion ({@code PublicKeyCredential} JSON); throws on malformed input. */
    PublicKeyCredential<AuthenticatorAssertionResponse> parseAssertion(String body) {
        return json.readValue(body, json.getTypeFactory().constructParametricType(PublicKeyCredential.class,
                AuthenticatorAssertionResponse.class));
    }

    /**
     * Verifies an assertion against {@code options} (challenge, origin, rp id, signature, counter, and
     * user verification when the options require it); throws if webauthn4j refuses it. The UV flag is
     * read from the signed authenticator data.
     */
    Assertion verify(PublicKeyCredentialRequestOptions options, PublicKeyCredential<AuthenticatorAssertionResponse> credential) {
        PublicKeyCredentialUserEntity owner = operations().authenticate(
                new RelyingPartyAuthenticationRequest(options, credential));
        byte[] authData = credential.getResponse().getAuthenticatorData().getBytes();
        // WebAuthn §6.1: flags are byte 32 of the authenticator data; bit 2 is UV.
        boolean uv = authData.length > 32 && (authData[32] & 0x04) != 0;
        return new Assertion(owner.getName(), credential.getRawId().toBase64UrlString(), uv);
    }

    /** Renames one of the user's passkeys; false if it is not one of theirs. */
    boolean rename(String userId, String credentialId, String label) {
        for (CredentialRecord r : of(userId)) {
            if (r.getCredentialId().toBase64UrlString().equals(credentialId)) {
                credentials.save(ImmutableCredentialRecord.fromCredentialRecord(r).label(label).build());
                return true;
            }
        }
        return false;
    }

    /** Removes one of the user's passkeys; false if {@code credentialId} is not one of theirs. */
    public boolean delete(String userId, String credentialId) {
        for (CredentialRecord r : of(userId)) {
            if (r.getCredentialId().toBase64UrlString().equals(credentialId)) {
                credentials.delete(r.getCredentialId());
                return true;
            }
        }
        return false;
    }

    /** Removes every passkey of the user and their WebAuthn entity (offboarding, reset); how many went. */
    public int revokeAll(String userId) {
        PublicKeyCredentialUserEntity entity = userEntities.findByUsername(userId);
        if (entity == null) {
            return 0;
        }
        List<CredentialRecord> records = credentials.findByUserId(entity.getId());
        for (CredentialRecord r : records) {
            credentials.delete(r.getCredentialId());
        }
        userEntities.delete(entity.getId());
        return records.size();
    }
}
