package jp.renkei.server.auth;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.store.Collections;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Lockout (SP-AUTH-04): {@code lockoutFailures} failed attempts (password or second factor) within
 * {@code lockoutWindow} lock a login id for {@code lockoutDuration}. Counted per normalised login id,
 * for unknown ids too, so the lockout itself does not reveal which ids exist.
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

    /** Records a failure; returns true if this failure locked the login id. */
    public synchronized boolean fail(String login) {
        long now = clock.millis();
        Document doc = attempts.find(eq("_id", login)).first();
        List<Long> recent = new ArrayList<>();
        if (doc != null) {
            for (Long t : doc.getList("failures", Long.class, List.of())) {
                if (t > now - properties.lockoutWindow().toMillis()) {
                    recent.add(t);
                }
            }
        }
        recent.add(now);
        boolean lock = recent.size() >= properties.lockoutFailures();
        Long lockedUntil = doc == null ? null : doc.getLong("lockedUntil");
        if (lock) {
            lockedUntil = now + properties.lockoutDuration().toMillis();
        }
        attempts.replaceOne(eq("_id", login), new Document("_id", login)
                .append("failures", lock ? List.of() : recent)
                .append("lockedUntil", lockedUntil), new ReplaceOptions().upsert(true));
        return lock;
    }

    /** Forgets the failures after a complete login. */
    public synchronized void clear(String login) {
        attempts.deleteOne(eq("_id", login));
    }
}
