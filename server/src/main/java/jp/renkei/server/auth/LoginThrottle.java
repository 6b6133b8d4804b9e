package jp.renkei.server.auth;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.Collections;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Lockout (SP-AUTH-04): {@code lockoutFailures} failed attempts (password or second factor) within
 * {@code lockoutWindow} lock a login id for {@code lockoutDuration}. Counted per normalised login id,
 * for unknown ids too, so the lockout itself does not reveal which ids exist. The state is one document per
 * login id in the store ({@code login_attempts}), so a lockout on one node holds on every node.
 */
@Component
public class LoginThrottle {

    private final MongoCollection<Document> attempts;
    private final AuthProperties properties;
    private final Clock clock = Clock.systemUTC();

    public LoginThrottle(MongoDatabase db, AuthProperties properties) {
        this.attempts = db.getCollection(Collections.LOGIN_ATTEMPTS);
        this.properties = properties;
    }

    public synchronized boolean locked(String login) {
        Document doc = attempts.find(eq("_id", login)).first();
        return doc != null && doc.getLong("lockedUntil") != null && doc.getLong("lockedUntil") > clock.millis();
    }

    /**
     * Records a failure; returns true if this failure locked the login id. The failure is appended by one
     * atomic {@code $push} (upsert) and the document as it was before tells the earlier failures, so
     * failures counted by several nodes at once are all kept (the lockout holds on every node: the
     * document is the only state).
     */
    public synchronized boolean fail(String login) {
        long now = clock.millis();
        Document before = attempts.findOneAndUpdate(eq("_id", login), Updates.push("failures", now),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        List<Long> recent = new ArrayList<>();
        if (before != null) {
            for (Long t : before.getList("failures", Long.class, List.of())) {
                if (t > now - properties.lockoutWindow().toMillis()) {
                    recent.add(t);
                }
            }
        }
        recent.add(now);
        if (recent.size() >= properties.lockoutFailures()) {
            attempts.updateOne(eq("_id", login), Updates.combine(Updates.set("failures", List.of()),
                    Updates.set("lockedUntil", now + properties.lockoutDuration().toMillis())));
            return true;
        }
        // Old failures fall out of the window here, so the list stays short.
        attempts.updateOne(eq("_id", login), Updates.pull("failures",
                new Document("$lte", now - properties.lockoutWindow().toMillis())));
        return false;
    }

    /** Forgets the failures after a complete login. */
    public synchronized void clear(String login) {
        attempts.deleteOne(eq("_id", login));
    }
}
