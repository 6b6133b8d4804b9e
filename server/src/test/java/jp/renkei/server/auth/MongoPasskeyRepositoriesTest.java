package jp.renkei.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;

/**
 * The MongoDB WebAuthn repositories against the embedded database, with the JDBC repositories'
 * semantics: save is insert-or-update, lookups by both keys, unknown ids answer null or empty.
 */
class MongoPasskeyRepositoriesTest extends ServerTestBase {

    @Autowired
    MongoPublicKeyCredentialUserEntityRepository users;
    @Autowired
    MongoUserCredentialRepository records;

    @Test
    void userEntitiesAreFoundByHandleAndByNameUpdatedAndDeleted() {
        Bytes handle = Bytes.random();
        String name = "u-" + handle.toBase64UrlString().substring(0, 8);
        assertThat(users.findById(handle)).isNull();
        assertThat(users.findByUsername(name)).isNull();

        users.save(entity(handle, name, "first"));
        assertThat(users.findById(handle).getName()).isEqualTo(name);
        assertThat(users.findByUsername(name).getId()).isEqualTo(handle);
        assertThat(users.findByUsername(name).getDisplayName()).isEqualTo("first");

        // Update in place, also under a new name: the old name no longer finds it.
        users.save(entity(handle, name + "x", "second"));
        assertThat(users.findById(handle).getDisplayName()).isEqualTo("second");
        assertThat(users.findByUsername(name + "x").getId()).isEqualTo(handle);
        assertThat(users.findByUsername(name)).isNull();

        users.delete(handle);
        assertThat(users.findById(handle)).isNull();
        assertThat(users.findByUsername(name + "x")).isNull();
    }

    @Test
    void credentialRecordsRoundTripAndAreListedPerUser() {
        Bytes alice = Bytes.random();
        Bytes bob = Bytes.random();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        CredentialRecord a1 = record(alice, "phone", created, Set.of(AuthenticatorTransport.INTERNAL, AuthenticatorTransport.HYBRID));
        CredentialRecord a2 = record(alice, "key", created.plusSeconds(1), Set.of());
        CredentialRecord b1 = record(bob, "tablet", created, Set.of(AuthenticatorTransport.USB));
        assertThat(records.findByCredentialId(a1.getCredentialId())).isNull();
        assertThat(records.findByUserId(alice)).isEmpty();
        records.save(a1);
        records.save(a2);
        records.save(b1);

        CredentialRecord read = records.findByCredentialId(a1.getCredentialId());
        assertThat(read.getUserEntityUserId()).isEqualTo(alice);
        assertThat(read.getPublicKey().getBytes()).isEqualTo(a1.getPublicKey().getBytes());
        assertThat(read.getSignatureCount()).isEqualTo(7);
        assertThat(read.isUvInitialized()).isTrue();
        assertThat(read.isBackupEligible()).isTrue();
        assertThat(read.isBackupState()).isFalse();
        assertThat(read.getTransports()).containsExactlyInAnyOrder(AuthenticatorTransport.INTERNAL, AuthenticatorTransport.HYBRID);
        assertThat(read.getCredentialType()).isEqualTo(PublicKeyCredentialType.PUBLIC_KEY);
        assertThat(read.getAttestationObject().getBytes()).isEqualTo(a1.getAttestationObject().getBytes());
        assertThat(read.getAttestationClientDataJSON().getBytes()).isEqualTo(a1.getAttestationClientDataJSON().getBytes());
        assertThat(read.getCreated()).isEqualTo(created);
        assertThat(read.getLabel()).isEqualTo("phone");

        assertThat(records.findByUserId(alice)).extracting(CredentialRecord::getLabel).containsExactly("phone", "key");
        assertThat(records.findByUserId(bob)).extracting(CredentialRecord::getLabel).containsExactly("tablet");

        // Save again = update (a login raises the counter and sets the last use), not a second record.
        Instant used = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        records.save(ImmutableCredentialRecord.fromCredentialRecord(a1).signatureCount(8).lastUsed(used).build());
        assertThat(records.findByCredentialId(a1.getCredentialId()).getSignatureCount()).isEqualTo(8);
        assertThat(records.findByCredentialId(a1.getCredentialId()).getLastUsed()).isEqualTo(used);
        assertThat(records.findByUserId(alice)).hasSize(2);

        records.delete(a1.getCredentialId());
        assertThat(records.findByCredentialId(a1.getCredentialId())).isNull();
        assertThat(records.findByUserId(alice)).extracting(CredentialRecord::getLabel).containsExactly("key");
        records.delete(Bytes.random()); // unknown: no error
        assertThat(records.findByUserId(bob)).hasSize(1);
    }

    private static PublicKeyCredentialUserEntity entity(Bytes handle, String name, String displayName) {
        return ImmutablePublicKeyCredentialUserEntity.builder().id(handle).name(name).displayName(displayName).build();
    }

    private static CredentialRecord record(Bytes user, String label, Instant created, Set<AuthenticatorTransport> transports) {
        return ImmutableCredentialRecord.builder()
                .credentialId(Bytes.random())
                .userEntityUserId(user)
                .publicKey(new ImmutablePublicKeyCose(Bytes.random().getBytes()))
                .signatureCount(7)
                .uvInitialized(true)
                .backupEligible(true)
                .backupState(false)
                .credentialType(PublicKeyCredentialType.PUBLIC_KEY)
                .transports(transports)
                .attestationObject(Bytes.random())
                .attestationClientDataJSON(Bytes.random())
                .created(created)
                .lastUsed(created)
                .label(label)
                .build();
    }
}
