package jp.renkei.server.auth;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Repository;
import org.springframework.util.Assert;

/**
 * Passkeys (WebAuthn credential records) in MongoDB, with the semantics of Spring Security's
 * {@code JdbcUserCredentialRepository}: save = update or insert by credential id, lookups by credential
 * id and by user handle, unknown ids answer null or an empty list. Spring ships only in-memory and JDBC
 * versions.
 *
 * <p>Documents: {@code c:<credentialId>} holds one record (read at every passkey login);
 * {@code u:<userHandle>} lists the ids of a user's records, kept with single-document
 * {@code $addToSet}/{@code $pull}, so "a user's passkeys" is one key lookup and one {@code _id $in}
 * (the embedded store indexes only {@code _id}). A list entry whose record is gone is skipped.
 */
@Repository
public class MongoUserCredentialRepository implements UserCredentialRepository {

    private final MongoCollection<Document> credentials;

    public MongoUserCredentialRepository(MongoDatabase db) {
        this.credentials = db.getCollection(Collections.WEBAUTHN_CREDENTIALS).withWriteConcern(WriteConcerns.LOG);
    }

    @Override
    public void delete(Bytes credentialId) {
        Assert.notNull(credentialId, "credentialId cannot be null");
        Document doc = credentials.find(eq("_id", credentialKey(credentialId))).first();
        credentials.deleteOne(eq("_id", credentialKey(credentialId)));
        if (doc != null) {
            credentials.updateOne(eq("_id", "u:" + doc.getString("userHandle")),
                    Updates.pull("credentialIds", credentialId.toBase64UrlString()));
        }
    }

    @Override
    public void save(CredentialRecord record) {
        Assert.notNull(record, "record cannot be null");
        String id = record.getCredentialId().toBase64UrlString();
        String user = record.getUserEntityUserId().toBase64UrlString();
        Document previous = credentials.find(eq("_id", "c:" + id)).first();
        credentials.replaceOne(eq("_id", "c:" + id), toDocument(record), new ReplaceOptions().upsert(true));
        credentials.updateOne(eq("_id", "u:" + user), Updates.addToSet("credentialIds", id),
                new UpdateOptions().upsert(true));
        if (previous != null && !user.equals(previous.getString("userHandle"))) {
            credentials.updateOne(eq("_id", "u:" + previous.getString("userHandle")), Updates.pull("credentialIds", id));
        }
    }

    @Override
    public CredentialRecord findByCredentialId(Bytes credentialId) {
        Assert.notNull(credentialId, "credentialId cannot be null");
        Document doc = credentials.find(eq("_id", credentialKey(credentialId))).first();
        return doc == null ? null : toRecord(doc);
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes userId) {
        Assert.notNull(userId, "userId cannot be null");
        Document index = credentials.find(eq("_id", "u:" + userId.toBase64UrlString())).first();
        if (index == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (String id : index.getList("credentialIds", String.class, List.of())) {
            keys.add("c:" + id);
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        List<CredentialRecord> out = new ArrayList<>();
        for (Document doc : credentials.find(in("_id", keys))) {
            // A record moved to another user (never done by Renkei) is not this user's.
            if (userId.toBase64UrlString().equals(doc.getString("userHandle"))) {
                out.add(toRecord(doc));
            }
        }
        out.sort(Comparator.comparing(CredentialRecord::getCreated));
        return out;
    }

    private static String credentialKey(Bytes credentialId) {
        return "c:" + credentialId.toBase64UrlString();
    }

    private static Document toDocument(CredentialRecord r) {
        List<String> transports = new ArrayList<>();
        if (r.getTransports() != null) {
            for (AuthenticatorTransport t : r.getTransports()) {
                transports.add(t.getValue());
            }
        }
        return new Document("_id", "c:" + r.getCredentialId().toBase64UrlString())
                .append("userHandle", r.getUserEntityUserId().toBase64UrlString())
                .append("publicKey", new Binary(r.getPublicKey().getBytes()))
                .append("signatureCount", r.getSignatureCount())
                .append("uvInitialized", r.isUvInitialized())
                .append("backupEligible", r.isBackupEligible())
                .append("transports", transports)
                .append("type", r.getCredentialType() == null ? null : r.getCredentialType().getValue())
                .append("backupState", r.isBackupState())
                .append("attestationObject", r.getAttestationObject() == null ? null
                        : new Binary(r.getAttestationObject().getBytes()))
                .append("attestationClientDataJSON", r.getAttestationClientDataJSON() == null ? null
                        : new Binary(r.getAttestationClientDataJSON().getBytes()))
                .append("created", date(r.getCreated()))
                .append("lastUsed", date(r.getLastUsed()))
                .append("label", r.getLabel());
    }

    private static CredentialRecord toRecord(Document doc) {
        Set<AuthenticatorTransport> transports = new HashSet<>();
        for (String t : doc.getList("transports", String.class, List.of())) {
            transports.add(AuthenticatorTransport.valueOf(t));
        }
        Binary attestation = doc.get("attestationObject", Binary.class);
        Binary clientData = doc.get("attestationClientDataJSON", Binary.class);
        String type = doc.getString("type");
        return ImmutableCredentialRecord.builder()
                .credentialId(Bytes.fromBase64(doc.getString("_id").substring(2)))
                .userEntityUserId(Bytes.fromBase64(doc.getString("userHandle")))
                .publicKey(new ImmutablePublicKeyCose(doc.get("publicKey", Binary.class).getData()))
                .signatureCount(((Number) doc.get("signatureCount")).longValue())
                .uvInitialized(doc.getBoolean("uvInitialized", false))
                .backupEligible(doc.getBoolean("backupEligible", false))
                .credentialType(type == null ? null : PublicKeyCredentialType.valueOf(type))
                .backupState(doc.getBoolean("backupState", false))
                .attestationObject(attestation == null ? null : new Bytes(attestation.getData()))
                .attestationClientDataJSON(clientData == null ? null : new Bytes(clientData.getData()))
                .created(instant(doc.getDate("created")))
                .lastUsed(instant(doc.getDate("lastUsed")))
                .label(doc.getString("label"))
                .transports(transports)
                .build();
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
