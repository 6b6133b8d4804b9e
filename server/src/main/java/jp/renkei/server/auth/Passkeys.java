package jp.renkei.server.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jp.renkei.server.account.UserAccount;
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

    /** Removes one of the user's passkeys; false if {@code credentialId} is not one of theirs. */
    boolean delete(String userId, String credentialId) {
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
