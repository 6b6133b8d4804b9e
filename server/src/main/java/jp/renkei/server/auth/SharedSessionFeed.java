package jp.renkei.server.auth;

import java.util.List;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.store.ChangeStreamFollower;
import jp.renkei.server.store.Collections;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
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
 * Each stream is a {@link ChangeStreamFollower} (its own daemon thread, resumable, reopened after an error
 * with a growing pause). After a reopen, changes may have been missed: every session this node holds is
 * read again, and every cached account dropped. Stopped when the application context closes.
 */
@Component
@ConditionalOnProperty(prefix = "renkei.cluster", name = "enabled", havingValue = "true")
class SharedSessionFeed {

    private final SharedSessionStore store;
    private final AuthSessions sessions;
    private final AccountRepository accounts;
    private final ChangeStreamFollower onSessions;
    private final ChangeStreamFollower onUsers;

    SharedSessionFeed(SharedSessionStore store, MongoDatabase db, AuthSessions sessions, AccountRepository accounts) {
        this.store = store;
        this.sessions = sessions;
        this.accounts = accounts;
        this.onSessions = new ChangeStreamFollower("sessions", store.collection(), List.of(), true,
                this::sessionChanged, this::rereadSessions);
        this.onUsers = new ChangeStreamFollower("users", db.getCollection(Collections.USERS), List.of(), true,
                this::accountChanged, accounts::forgetAll);
    }

    @PostConstruct
    void start() {
        onSessions.start();
        onUsers.start();
    }

    @PreDestroy
    void stop() {
        onSessions.stop();
        onUsers.stop();
    }

    private void rereadSessions() {
        for (String id : sessions.localSessionIds()) {
            sessions.changed(id, store.find(id));
        }
    }

    private void sessionChanged(ChangeStreamDocument<Document> change) {
        String id = idOf(change);
        if (id == null) {
            return;
        }
        OperationType op = change.getOperationType();
        if (op == OperationType.DELETE) {
            sessions.changed(id, null);
        } else if (op == OperationType.INSERT || op == OperationType.REPLACE) {
            Document doc = change.getFullDocument();
            sessions.changed(id, doc != null ? doc : store.find(id));
        } else if (op == OperationType.UPDATE) {
            // Read it: an update's change may carry only the fields it set (the embedded store's log).
            sessions.changed(id, store.find(id));
        }
    }

    private void accountChanged(ChangeStreamDocument<Document> change) {
        String id = idOf(change);
        if (id != null) {
            accounts.forget(id);
        } else {
            accounts.forgetAll();
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

    /** For tests: whether both streams are open. */
    boolean alive() {
        return onSessions.state().open() && onUsers.state().open();
    }
}
