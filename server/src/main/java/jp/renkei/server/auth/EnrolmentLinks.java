package jp.renkei.server.auth;

import static com.mongodb.client.model.Filters.eq;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import jp.renkei.server.crypto.MasterKey;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * One-time enrolment and reset links (SP-AUTH-05): valid for {@code linkLifetime}, used once, the
 * newest replacing any earlier one. The token is {@code userId.random}; only the SHA-256 of the random
 * part is stored (256 random bits need no slow hash). The link carries the token in the URL fragment,
 * which browsers do not send to servers or put in access logs.
 */
@Repository
public class EnrolmentLinks {

    /** An open link: whose, what for, and the TOTP secret being enrolled (set on first opening). */
    public record Link(String userId, String purpose, Instant expiresAt, String pendingSecret) {
    }

    private final MongoCollection<Document> links;
    private final SecureRandom random = new SecureRandom();

    private final TotpSecretCipher cipher;

    public EnrolmentLinks(MongoDatabase db, MasterKey master) {
        this.links = db.getCollection(Collections.ENROLMENT_LINKS).withWriteConcern(WriteConcerns.LOG);
        this.cipher = new TotpSecretCipher(master);
    }

    /** Issues a link token for {@code userId}; any earlier link of the user stops working. */
    public String issue(String userId, String purpose, Instant expiresAt, String issuedBy) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        links.replaceOne(eq("_id", userId), new Document("_id", userId)
                .append("tokenHash", sha256(secret))
                .append("purpose", purpose)
                .append("expiresAt", expiresAt.toEpochMilli())
                .append("issuedBy", issuedBy), new ReplaceOptions().upsert(true));
        return userId + "." + secret;
    }

    /** The open, unexpired link this token belongs to. */
    public Optional<Link> find(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String userId = token.substring(0, dot);
        Document doc = links.find(eq("_id", userId)).first();
        if (doc == null || !MessageDigest.isEqual(doc.getString("tokenHash").getBytes(StandardCharsets.US_ASCII),
                sha256(token.substring(dot + 1)).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        Instant expires = Instant.ofEpochMilli(doc.getLong("expiresAt"));
        if (expires.isBefore(Instant.now())) {
            return Optional.empty();
        }
        // Encrypted like the enrolled secret; one that no longer decrypts (key rotated) is drawn again.
        org.bson.types.Binary sealed = doc.get("pendingSealed", org.bson.types.Binary.class);
        String pending = sealed == null ? null : cipher.open("link", userId, sealed.getData());
        return Optional.of(new Link(userId, doc.getString("purpose"), expires, pending));
    }

    public void setPendingSecret(String userId, String secret) {
        links.updateOne(eq("_id", userId), Updates.set("pendingSealed",
                new org.bson.types.Binary(cipher.seal("link", userId, secret))));
    }

    /** Uses up the user's link; true if this call removed it (so a link completes once). */
    public boolean consume(String userId) {
        return links.deleteOne(eq("_id", userId)).getDeletedCount() == 1;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
