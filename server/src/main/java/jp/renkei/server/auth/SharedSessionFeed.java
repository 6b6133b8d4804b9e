package jp.renkei.server.auth;

import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.OperationType;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.store.Collections;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Cluster mode: tells this node what other nodes did to sessions and accounts, through MongoDB change
 * streams (no polling of the data, no broker of Renkei's own):
 *
 * <ul>
 *   <li>on the shared sessions ({@link SharedSessionStore}): a session removed (sign-out, expiry) or made a
 *       tombstone (device revoke, offboarding) has its WebSockets on this node closed with
 *       {@link AuthSessions#SESSION_ENDED} or {@link AuthSessions#DEVICE_REVOKED}; a session locked elsewhere
 *       has them closed with {@link AuthSessions#SESSION_LOCKED} (SP-AUTH-06, SP-AUTHZ-05, SP-MOB-02);
 *   <li>on the accounts ({@code users}): the changed account is dropped from this node's cache, so an
 *       offboarded or re-roled account is read afresh at once.
 * </ul>
 *
 * One daemon thread; the resume token of each stream is kept in memory, and after an error the streams are
 * reopened from it with a growing pause (0.2 s doubling up to 30 s). If a stream cannot resume, it starts
 * afresh and every session this node holds is read again, so nothing missed stays open. On MongoDB a
 * {@code getMore} waits for changes ({@code maxAwaitTime}); the embedded store answers at once, so an empty
 * answer is followed by a pause of {@value #IDLE_MILLIS} ms. Stopped when the application context closes.
 */
@Component
@ConditionalOnProperty(prefix = "renkei.cluster", name = "enabled", havingValue = "true")
class SharedSessionFeed {

    static final long IDLE_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(SharedSessionFeed.class);

    private final SharedSessionStore store;
    private final MongoDatabase db;
    private final AuthSessions sessions;
    private final AccountRepository accounts;
    private final Object wake = new Object();
    private volatile boolean running;
    private Thread thread;
    private BsonDocument sessionsToken;
    private BsonDocument usersToken;

    SharedSessionFeed(SharedSessionStore store, MongoDatabase db, AuthSessions sessions, AccountRepository accounts) {
        this.store = store;
        this.db = db;
        this.sessions = sessions;
        this.accounts = accounts;
    }

    @PostConstruct
    void start() {
        running = true;
        thread = new Thread(this::run, "session-feed");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        thread.join(5_000);
    }

    private void run() {
        long backoff = 200;
        while (running) {
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> onSessions = open(true);
                 MongoChangeStreamCursor<ChangeStreamDocument<Document>> onUsers = open(false)) {
                backoff = 200;
                while (running) {
                    boolean any = false;
                    ChangeStreamDocument<Document> change;
                    while (running && (change = onSessions.tryNext()) != null) {
                        sessionsToken = change.getResumeToken();
                        sessionChanged(change);
                        any = true;
                    }
                    while (running && (change = onUsers.tryNext()) != null) {
                        usersToken = change.getResumeToken();
                        String id = idOf(change);
                        if (id != null) {
                            accounts.forget(id);
                        } else {
                            accounts.forgetAll();
                        }
                        any = true;
                    }
                    if (!any) {
                        pause(IDLE_MILLIS);
                    }
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Session change stream failed ({}); reopening in {} ms", e.getClass().getSimpleName(), backoff);
                pause(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private MongoChangeStreamCursor<ChangeStreamDocument<Document>> open(boolean ofSessions) {
        BsonDocument token = ofSessions ? sessionsToken : usersToken;
        var collection = ofSessions ? store.collection() : db.getCollection(Collections.USERS);
        var stream = collection.watch().fullDocument(FullDocument.UPDATE_LOOKUP)
                .maxAwaitTime(IDLE_MILLIS, TimeUnit.MILLISECONDS);
        if (token != null) {
            try {
                return stream.resumeAfter(token).cursor();
            } catch (RuntimeException cannotResume) {
                log.warn("Session change stream cannot resume; starting afresh and re-reading this node's sessions");
            }
        }
        MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = collection.watch()
                .fullDocument(FullDocument.UPDATE_LOOKUP).maxAwaitTime(IDLE_MILLIS, TimeUnit.MILLISECONDS).cursor();
        if (token != null) {
            // Changes may have been missed: every session and account this node holds is read again.
            if (ofSessions) {
                for (String id : sessions.localSessionIds()) {
                    sessions.changed(id, store.find(id));
                }
            } else {
                accounts.forgetAll();
            }
        }
        return cursor;
    }

    private void sessionChanged(ChangeStreamDocument<Document> change) {
        String id = idOf(change);
        if (id == null) {
            return;
        }
        OperationType op = change.getOperationType();
        if (op == OperationType.DELETE) {
            sessions.changed(id, null);
        } else if (op == OperationType.INSERT || op == OperationType.UPDATE || op == OperationType.REPLACE) {
            Document doc = change.getFullDocument();
            sessions.changed(id, doc != null ? doc : store.find(id));
        }
    }

    /**
     * The changed document's id: its {@code documentKey}; failing that, its full document. (The embedded
     * store reports an update's operators as the key of an update event: such an event of the sessions
     * names no session and is ignored, which is why every change other nodes must act on, an end or a lock,
     * is written as a removal or a whole-document replacement; an account update makes the node drop every
     * cached account.)
     */
    private static String idOf(ChangeStreamDocument<Document> change) {
        BsonDocument key = change.getDocumentKey();
        BsonValue id = key == null ? null : key.get("_id");
        if (id != null && id.isString()) {
            return id.asString().getValue();
        }
        Document full = change.getFullDocument();
        return full != null && full.get("_id") instanceof String s ? s : null;
    }

    private void pause(long millis) {
        synchronized (wake) {
            if (running) {
                try {
                    wake.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    /** For tests: whether the feed's thread is alive. */
    boolean alive() {
        return thread != null && thread.isAlive() && running;
    }
}
