package jp.renkei.server.auth;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import jp.renkei.server.crypto.MasterKey;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Repository;

/**
 * Second factors and password history, one document per user ({@code _id} = user id).
 *
 * <p>The TOTP secret must be readable to check codes, so it cannot be hashed; it is never logged or
 * returned by the API after enrolment, and it is stored encrypted ({@code totpSealed}, AES-256-GCM under
 * a key derived from the master key, bound to the user id: {@link TotpSecretCipher}), with the master
 * key's fingerprint in {@code totpKeyId}. {@code totpLastStep} is the last time step used, so a code is
 * accepted once (RFC 6238 §5.2).
 */
@Repository
public class CredentialStore {

    private static final Logger log = LoggerFactory.getLogger(CredentialStore.class);
    static final String PURPOSE = "credential";

    private final MongoCollection<Document> credentials;
    private final TotpSecretCipher cipher;

    public CredentialStore(MongoDatabase db, MasterKey master) {
        this.credentials = db.getCollection(Collections.CREDENTIALS).withWriteConcern(WriteConcerns.LOG);
        this.cipher = new TotpSecretCipher(master);
    }

    /** The user's TOTP secret, decrypted; empty if none, or if it cannot be decrypted (logged, by user id). */
    public Optional<String> totpSecret(String userId) {
        Document doc = credentials.find(eq("_id", userId)).first();
        if (doc == null || doc.get("totpSealed") == null) {
            return Optional.empty();
        }
        String secret = cipher.open(PURPOSE, userId, doc.get("totpSealed", Binary.class).getData());
        if (secret == null) {
            log.error("TOTP secret of user {} does not decrypt (key {} stored, {} loaded): altered or wrong master key",
                    userId, doc.getString("totpKeyId"), cipher.keyId());
        }
        return Optional.ofNullable(secret);
    }

    /** Enrols a TOTP secret; {@code usedStep} is the step of the code that proved it (not usable again). */
    public void setTotp(String userId, String secret, long usedStep) {
        credentials.updateOne(eq("_id", userId), Updates.combine(sealed(userId, secret), Updates.unset("totpSecret"),
                Updates.set("totpLastStep", usedStep), Updates.set("totpEnrolledAt", Date.from(Instant.now()))),
                new UpdateOptions().upsert(true));
    }

    /**
     * Startup maintenance: encrypts secrets stored in plain form by earlier versions and, during a
     * master-key rotation, re-encrypts those made under {@code previous}. Scans the collection once
     * (only at startup). Returns how many documents changed.
     */
    public int encryptAtRest(MasterKey previous) {
        TotpSecretCipher old = previous == null ? null : new TotpSecretCipher(previous);
        int changed = 0;
        for (Document doc : credentials.find()) {
            String userId = doc.getString("_id");
            String plain = doc.getString("totpSecret");
            if (plain == null && old != null && old.keyId().equals(doc.getString("totpKeyId"))
                    && doc.get("totpSealed") != null) {
                plain = old.open(PURPOSE, userId, doc.get("totpSealed", Binary.class).getData());
            }
            if (plain != null) {
                credentials.updateOne(eq("_id", userId), Updates.combine(sealed(userId, plain), Updates.unset("totpSecret")));
                changed++;
            }
        }
        return changed;
    }

    private Bson sealed(String userId, String secret) {
        return Updates.combine(Updates.set("totpSealed", new Binary(cipher.seal(PURPOSE, userId, secret))),
                Updates.set("totpKeyId", cipher.keyId()));
    }

    /**
     * Uses up time step {@code step} of the user's TOTP: true if it is later than every step used
     * before, by any node. One atomic update of the user's document: {@code $max} raises
     * {@code totpLastStep} to {@code step} and the document as it was <em>before</em> tells whether this
     * call raised it (a code used on one node is refused on every other). The embedded store returns the
     * before-image correctly under concurrency (shared/platform-facts.md), MongoDB does so by design.
     * Synchronized as well, so one node never races itself.
     */
    public synchronized boolean useStep(String userId, long step) {
        Document before = credentials.findOneAndUpdate(eq("_id", userId), Updates.max("totpLastStep", step),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        if (before == null || before.get("totpSealed") == null) {
            return false;
        }
        Number last = (Number) before.get("totpLastStep");
        return last == null || step > last.longValue();
    }

    /** Earlier password hashes, newest first. */
    public List<String> passwordHistory(String userId) {
        Document doc = credentials.find(eq("_id", userId)).first();
        return doc == null ? List.of() : doc.getList("passwordHistory", String.class, List.of());
    }

    /** Records a password hash as the newest, keeping {@code keep} of them. */
    public void rememberPassword(String userId, String hash, int keep) {
        List<String> history = new ArrayList<>(passwordHistory(userId));
        history.add(0, hash);
        while (history.size() > keep) {
            history.remove(history.size() - 1);
        }
        credentials.updateOne(eq("_id", userId), Updates.set("passwordHistory", history), new UpdateOptions().upsert(true));
    }

    /** Removes every second factor (offboarding). The password history stays, as hashes. */
    public void revokeSecondFactors(String userId) {
        credentials.updateOne(eq("_id", userId), Updates.combine(Updates.unset("totpSecret"),
                Updates.unset("totpSealed"), Updates.unset("totpKeyId"),
                Updates.unset("totpLastStep"), Updates.unset("totpEnrolledAt")));
    }
}
