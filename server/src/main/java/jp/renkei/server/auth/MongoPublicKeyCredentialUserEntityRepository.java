package jp.renkei.server.auth;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.stereotype.Repository;
import org.springframework.util.Assert;

/**
 * WebAuthn user entities (the random user handle a passkey carries, and whose account it is) in
 * MongoDB, with the semantics of Spring Security's {@code JdbcPublicKeyCredentialUserEntityRepository}
 * (save = update or insert; unknown ids answer null). Spring ships only in-memory and JDBC versions.
 *
 * <p>Both lookups are hot (by name when a passkey is registered or asked for, by handle at each passkey
 * login) and the embedded store indexes only {@code _id}, so each entity is two complete documents:
 * {@code h:<handle>} and {@code n:<name>} (base64url has no {@code ':'}, so the prefixes cannot clash).
 * The name here is Renkei's user id ({@code Authentication.getName()}).
 */
@Repository
public class MongoPublicKeyCredentialUserEntityRepository implements PublicKeyCredentialUserEntityRepository {

    private final MongoCollection<Document> entities;

    public MongoPublicKeyCredentialUserEntityRepository(MongoDatabase db) {
        this.entities = db.getCollection(Collections.WEBAUTHN_USERS).withWriteConcern(WriteConcerns.LOG);
    }

    @Override
    public PublicKeyCredentialUserEntity findById(Bytes id) {
        Assert.notNull(id, "id cannot be null");
        return toEntity(entities.find(eq("_id", handleKey(id))).first());
    }

    @Override
    public PublicKeyCredentialUserEntity findByUsername(String username) {
        Assert.hasText(username, "name cannot be null or empty");
        return toEntity(entities.find(eq("_id", nameKey(username))).first());
    }

    @Override
    public void save(PublicKeyCredentialUserEntity userEntity) {
        Assert.notNull(userEntity, "userEntity cannot be null");
        String handle = userEntity.getId().toBase64UrlString();
        Document previous = entities.find(eq("_id", handleKey(userEntity.getId()))).first();
        // The handle document first: it is the one a login reads; the name document is its index.
        entities.replaceOne(eq("_id", "h:" + handle), document("h:" + handle, handle, userEntity),
                new ReplaceOptions().upsert(true));
        String byName = nameKey(userEntity.getName());
        entities.replaceOne(eq("_id", byName), document(byName, handle, userEntity), new ReplaceOptions().upsert(true));
        if (previous != null && !userEntity.getName().equals(previous.getString("name"))) {
            dropNameIfPointsTo(previous.getString("name"), handle);
        }
    }

    @Override
    public void delete(Bytes id) {
        Assert.notNull(id, "id cannot be null");
        Document doc = entities.find(eq("_id", handleKey(id))).first();
        if (doc != null) {
            dropNameIfPointsTo(doc.getString("name"), id.toBase64UrlString());
        }
        entities.deleteOne(eq("_id", handleKey(id)));
    }

    private void dropNameIfPointsTo(String name, String handle) {
        Document byName = entities.find(eq("_id", nameKey(name))).first();
        if (byName != null && handle.equals(byName.getString("handle"))) {
            entities.deleteOne(eq("_id", nameKey(name)));
        }
    }

    private static Document document(String key, String handle, PublicKeyCredentialUserEntity entity) {
        return new Document("_id", key).append("handle", handle).append("name", entity.getName())
                .append("displayName", entity.getDisplayName());
    }

    private static PublicKeyCredentialUserEntity toEntity(Document doc) {
        if (doc == null) {
            return null;
        }
        return ImmutablePublicKeyCredentialUserEntity.builder()
                .id(Bytes.fromBase64(doc.getString("handle")))
                .name(doc.getString("name"))
                .displayName(doc.getString("displayName"))
                .build();
    }

    private static String handleKey(Bytes id) {
        return "h:" + id.toBase64UrlString();
    }

    private static String nameKey(String name) {
        return "n:" + name;
    }
}
