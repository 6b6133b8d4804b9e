package jp.renkei.server.auth;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * Second factors and password history, one document per user ({@code _id} = user id).
 *
 * <p>The TOTP secret must be readable to check codes, so it cannot be hashed; it is never logged or
 * returned by the API after enrolment. (Encrypting it at rest belongs to the storage-encryption work
 * of issue 3.) {@code totpLastStep} is the last time step used, so a code is accepted once (RFC 6238 §5.2).
 */
@Repository
public class CredentialStore {

    private final MongoCollection<Document> credentials;

    public CredentialStore(MongoDatabase db) {
        this.credentials = db.getCollection(Collections.CREDENTIALS).withWriteConcern(WriteConcerns.LOG);
    }

    public Optional<String> totpSecret(String userId) {
        Document doc = credentials.find(eq("_id", userId)).first();
        return Optional.ofNullable(doc == null ? null : doc.getString("totpSecret"));
    }

    /** Enrols a TOTP secret; {@code usedStep} is the step of the code that proved it (not usable again). */
    public void setTotp(String userId, String secret, long usedStep) {
        credentials.updateOne(eq("_id", userId), Updates.combine(Updates.set("totpSecret", secret),
                Updates.set("totpLastStep", usedStep), Updates.set("totpEnrolledAt", Date.from(Instant.now()))),
                new UpdateOptions().upsert(true));
    }

    /**
     * Uses up time step {@code step} of the user's TOTP: true if it is later than every step used
     * before. Synchronized: one node checks and writes as one step (the embedded store has no
     * conditional update that uses its index; see Collections).
     */
    public synchronized boolean useStep(String userId, long step) {
        Document doc = credentials.find(eq("_id", userId)).first();
        if (doc == null || doc.getString("totpSecret") == null) {
            return false;
        }
        Number last = (Number) doc.get("totpLastStep");
        if (last != null && step <= last.longValue()) {
            return false;
        }
        credentials.updateOne(eq("_id", userId), Updates.set("totpLastStep", step));
        return true;
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
                Updates.unset("totpLastStep"), Updates.unset("totpEnrolledAt")));
    }
}
