package jp.renkei.server.audit;

import static com.mongodb.client.model.Filters.eq;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.EmbeddedMongoProperties;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The audit trail (SP-AUD-01, SP-AUD-02): every access, allowed or denied, appended to a hash chain
 * with signed checkpoints.
 *
 * <p><b>Three ways in.</b> {@link #record(AuditEntry)} is durable before it returns (writes, denials,
 * logins, subscriptions): call it before answering. {@link #writeBefore(CommandAudit)} writes the
 * entry a command carries ({@link CommandAudit}) just before the durable write that command makes,
 * without waiting for the journal: the store journals in order (the embedded server commits everything
 * applied before a journaled write; MongoDB's journal is sequential), so that write's acknowledgement
 * makes the entry durable too, and a post costs one durable write instead of two;
 * {@link #complete(CommandAudit)} records it durably if no such write followed.
 * {@link #recordBatched(AuditEntry)} is for the
 * high-volume entries (each delivery of an event, history reads): the entry takes its place in the
 * chain at once and is written with others in one {@code insertMany} within
 * {@code renkei.audit.flush-millis} (≤ 100 ms). A crash can lose batched entries of the last flush
 * interval, always a tail of the chain (flushes are serialised and in order, and a durable
 * {@code record} writes every earlier batched entry first), so the chain stays verifiable.
 *
 * <p><b>Chain.</b> One chain per node ({@code renkei.audit.node-id}); sequence numbers and hashes are
 * assigned under one lock, so the chain order is the order of the calls. {@code _id} =
 * {@code node:seq}: see {@link AuditChain}. On start the head is found by key lookups (exponential then
 * binary search), not by a scan.
 *
 * <p><b>Checkpoints.</b> After {@code checkpoint-every} records or {@code checkpoint-interval}, and on
 * shutdown, a checkpoint {@code {n, upToSeq, hash, at, sig}} signed with Ed25519 is written to
 * {@value Collections#AUDIT_CHECKPOINTS}. A verifier with the public key can tell that no record up to
 * {@code upToSeq} was edited, deleted or inserted, even by someone able to recompute hashes.
 *
 * <p><b>Seal and witness.</b> Every flush ends with one journaled write: the node's head (seq, hash,
 * time) signed with the same key, overwriting the node's seal in {@value Collections#AUDIT_SYNC}. So
 * the unsigned tail is at most one flush interval long. The seals (at most every
 * {@code renkei.audit.witness-interval}) and every checkpoint are also appended to a file outside the
 * database ({@link AuditWitness}), which the verifier demands: a rollback of the database to an earlier
 * signed state shows as a trail that ends before the witness.
 *
 * <p>Ids and codes only: never names, note bodies or any other patient data.
 */
@Component
public class AuditTrail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    /** Batched entries waiting beyond this mean the database has been unreachable for long: fail closed. */
    private static final int MAX_PENDING = 200_000;

    private final MongoCollection<Document> audit;
    /** The same collection, written without waiting for the journal ({@link #writeBefore}). */
    private final MongoCollection<Document> auditUnjournaled;
    private final MongoCollection<Document> checkpoints;
    /** This node's signed head, overwritten at every flush that wrote entries ({@link #seal()}). */
    private final MongoCollection<Document> syncMarks;
    private final AuditWitness witness;
    private final AuditSettings settings;
    private final AuditSigner signer;
    private final Function<String, UserAccount> actors;
    private final Clock clock;
    private final String node;
    private final ScheduledExecutorService flusher;

    private final Object chainLock = new Object();
    /** Next sequence number and the hash of the last appended record; guarded by chainLock. */
    private long nextSeq;
    private String lastHash;
    /** Appended but not yet written, in chain order; guarded by chainLock. */
    private final ArrayDeque<Document> pending = new ArrayDeque<>();

    private final ReentrantLock flushLock = new ReentrantLock();
    /** Written to the store (journaled or not), and known durable; written under flushLock. */
    private volatile long writtenSeq;
    private String writtenHash;
    private volatile long durableSeq;
    private String durableHash;
    private long checkpointNumber;
    private long checkpointSeq;
    private long checkpointAt;
    /** When the last flush that worked ended, by {@link #clock} (read by {@link #backlog()}). */
    private volatile long lastFlushAt;
    /** Time of the first entry of the batch last drained for writing; guarded by chainLock. */
    private long inFlightFirstAt;

    @Autowired
    public AuditTrail(MongoDatabase database, AuditSettings settings, EmbeddedMongoProperties embedded,
                      AccountRepository accounts) {
        this(database, settings, AuditSigner.loadOrCreate(keyFile(settings, embedded)),
                id -> accounts.findUser(id).orElse(null), Clock.systemUTC(),
                AuditWitness.file(witnessFile(settings, embedded), settings.witnessInterval().toMillis()));
    }

    /** For tools and tests: no Spring, any key, any way to find an actor's organisation, no witness. */
    public AuditTrail(MongoDatabase database, AuditSettings settings, AuditSigner signer,
                      Function<String, UserAccount> actors, Clock clock) {
        this(database, settings, signer, actors, clock, AuditWitness.none());
    }

    /** For tools and tests, with a witness outside the database. */
    public AuditTrail(MongoDatabase database, AuditSettings settings, AuditSigner signer,
                      Function<String, UserAccount> actors, Clock clock, AuditWitness witness) {
        this.witness = witness;
        this.audit = database.getCollection(Collections.AUDIT).withWriteConcern(WriteConcerns.LOG);
        this.auditUnjournaled = audit.withWriteConcern(WriteConcerns.DERIVED);
        this.checkpoints = database.getCollection(Collections.AUDIT_CHECKPOINTS).withWriteConcern(WriteConcerns.LOG);
        this.syncMarks = database.getCollection(Collections.AUDIT_SYNC).withWriteConcern(WriteConcerns.LOG);
        this.settings = settings;
        this.signer = signer;
        this.actors = actors;
        this.clock = clock;
        this.node = settings.nodeId();
        createIndexes();
        long head = lastContiguous(audit, node);
        Document last = head == 0 ? null : audit.find(eq("_id", AuditChain.recordId(node, head))).first();
        this.nextSeq = head + 1;
        this.lastHash = last == null ? AuditChain.GENESIS : last.getString("hash");
        this.durableSeq = head;
        this.durableHash = lastHash;
        this.writtenSeq = head;
        this.writtenHash = lastHash;
        this.checkpointNumber = lastContiguous(checkpoints, node);
        Document cp = checkpointNumber == 0 ? null
                : checkpoints.find(eq("_id", AuditChain.checkpointId(node, checkpointNumber))).first();
        this.checkpointSeq = cp == null ? 0 : cp.get("upToSeq", Number.class).longValue();
        this.checkpointAt = clock.millis();
        this.lastFlushAt = clock.millis();
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-flush-" + node);
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, settings.flushMillis(), settings.flushMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Audit trail of node {}: {} records, {} checkpoints", node, head, checkpointNumber);
    }

    /** The default witness lies beside the data folder, not in it: a copy of the folder is not a copy of it. */
    static Path witnessFile(AuditSettings settings, EmbeddedMongoProperties embedded) {
        if (settings.witnessFile() != null) {
            return settings.witnessFile();
        }
        Path data = embedded.dataDir().toAbsolutePath().normalize();
        Path beside = data.getParent() != null ? data.getParent() : data;
        return beside.resolve("audit-witness-" + settings.nodeId() + ".log");
    }

    private static Path keyFile(AuditSettings settings, EmbeddedMongoProperties embedded) {
        return settings.signingKeyFile() != null ? settings.signingKeyFile()
                : embedded.dataDir().resolve("audit-signing.key");
    }

    /** Records {@code entry}; it is durable when this returns. Throws if it could not be stored. */
    public void record(AuditEntry entry) {
        long seq = append(entry);
        flush();
        if (durableSeq < seq) {
            throw new IllegalStateException("The audit trail could not be written; the action is refused");
        }
    }

    /**
     * Writes a command's entry (with every entry chained before it) without waiting for the journal.
     * Call it right before the durable write the entry authorises (an event insert): that write's
     * acknowledgement makes the entry durable too. Writes the entry at most once per command (a retried
     * insert writes nothing more); does nothing for {@link CommandAudit#none()}.
     *
     * @throws IllegalStateException if the entry could not be written; the write it should ride on
     *     must then not be made
     */
    public void writeBefore(CommandAudit command) {
        writeBefore(command, null);
    }

    /**
     * {@link #writeBefore(CommandAudit)} for the insert of event {@code eventId}, which an entry made with
     * {@link CommandAudit#ofEvent} names.
     */
    public void writeBefore(CommandAudit command, String eventId) {
        AuditEntry entry = command.take(eventId);
        if (entry == null) {
            return;
        }
        long seq = append(entry);
        flushLock.lock();
        try {
            List<Document> batch = drain();
            if (!batch.isEmpty()) {
                write(batch, false);
            }
        } finally {
            flushLock.unlock();
        }
        if (writtenSeq < seq) {
            throw new IllegalStateException("The audit trail could not be written; the action is refused");
        }
    }

    /**
     * Ends a command that ran to completion: if its entry did not ride on an event's insert (nothing
     * was stored, e.g. a retried transaction), records it durably now. Call before answering.
     *
     * @throws IllegalStateException if the entry could not be stored; the command must not be
     *     answered as done
     */
    public void complete(CommandAudit command) {
        AuditEntry entry = command.take();
        if (entry != null) {
            record(entry);
        }
    }

    /**
     * Records a high-volume {@code entry} (a delivery, a read): chained now, written within the flush
     * interval together with others. See the class comment for what a crash can lose.
     */
    public void recordBatched(AuditEntry entry) {
        append(entry);
    }

    /** The public key that verifies this trail's checkpoints, Base64. */
    public String publicKeyBase64() {
        return signer.publicKeyBase64();
    }

    /** This server's chain. */
    public String nodeId() {
        return node;
    }

    private long append(AuditEntry entry) {
        UserAccount actor = "-".equals(entry.actorId()) ? null : actors.apply(entry.actorId());
        String org = actor == null ? null : actor.organizationId();
        String prof = actor == null ? null : actor.profession().wire();
        String origin = entry.origin() != null ? entry.origin() : AuditContext.origin();
        AuditContext.noteRecorded(entry);
        synchronized (chainLock) {
            if (pending.size() >= MAX_PENDING) {
                throw new IllegalStateException("The audit trail is not being written; the action is refused");
            }
            long seq = nextSeq;
            Document doc = AuditChain.document(node, seq, clock.millis(), entry, org, prof, origin, lastHash);
            pending.addLast(doc);
            lastHash = doc.getString("hash");
            nextSeq = seq + 1;
            return seq;
        }
    }

    /** Writes every pending entry, in order, then a checkpoint if one is due (the flusher's step). */
    public void flush() {
        flushLock.lock();
        try {
            List<Document> batch = drain();
            if (!batch.isEmpty()) {
                write(batch, false);
            }
            if (durableSeq < writtenSeq) {
                seal(); // the one journaled write of the flush: makes the batch durable and signs it
            }
            lastFlushAt = clock.millis();
            try {
                checkpointIfDue(false);
            } catch (MongoException e) {
                // The records are durable; the checkpoint is retried on the next flush.
                log.error("Audit checkpoint not written, will retry: {}", e.getClass().getName());
            }
        } finally {
            flushLock.unlock();
        }
    }

    private List<Document> drain() {
        synchronized (chainLock) {
            List<Document> batch = new ArrayList<>(pending);
            pending.clear();
            if (!batch.isEmpty()) {
                inFlightFirstAt = batch.get(0).getDate("at").getTime();
            }
            return batch;
        }
    }

    /**
     * Signs the written head and stores it as this node's seal in {@value Collections#AUDIT_SYNC}, with
     * a journaled write: that write makes every entry written before it durable (the store journals in
     * order) and leaves no unsigned tail beyond one flush interval, so deleting or editing recent entries
     * and recomputing the plain hashes shows (the verifier checks the seal). (Not in the audit collection
     * itself, which the application should only insert into and read.) Also hands the head to the
     * witness outside the database. flushLock held.
     */
    private void seal() {
        long seq = writtenSeq;
        String hash = writtenHash;
        long at = clock.millis();
        String sig = signer.sign(AuditChain.sealMessage(node, seq, hash, at));
        syncMarks.replaceOne(eq("_id", node), new Document("_id", node).append("node", node).append("seq", seq)
                .append("hash", hash).append("at", new Date(at)).append("keyId", signer.keyId()).append("sig", sig),
                new ReplaceOptions().upsert(true));
        durableSeq = seq;
        durableHash = hash;
        witness.seal(node, seq, hash, at, sig);
    }

    /** Failed background flushes since the last one that worked; only the flusher thread writes it. */
    private volatile long failedFlushes;

    /**
     * How far the writing of batched entries is behind, for health and metrics (no entry contents).
     *
     * @param pending                entries chained but not yet written
     * @param oldestPendingAgeMillis how long the oldest of them has waited (0 when none waits)
     * @param lastFlushAgeMillis     time since the last flush that worked
     * @param failedFlushes          background flushes that failed since the last one that worked
     */
    public record Backlog(int pending, long oldestPendingAgeMillis, long lastFlushAgeMillis, long failedFlushes) {
    }

    /**
     * The current {@link Backlog}, by this trail's clock. Counts every entry chained but not yet written,
     * including a batch a flush is writing at this moment (it left {@code pending} but is not written).
     */
    public Backlog backlog() {
        long now = clock.millis();
        long unwritten;
        long oldestAt;
        synchronized (chainLock) {
            long written = writtenSeq;
            unwritten = Math.max(0, nextSeq - 1 - written);
            Document first = pending.peekFirst();
            if (unwritten == 0) {
                oldestAt = now;
            } else if (first != null && first.get("seq", Number.class).longValue() == written + 1) {
                oldestAt = first.getDate("at").getTime();
            } else {
                oldestAt = inFlightFirstAt; // the oldest unwritten entry is in the batch being written
            }
        }
        return new Backlog((int) Math.min(Integer.MAX_VALUE, unwritten), Math.max(0, now - oldestAt),
                Math.max(0, now - lastFlushAt), failedFlushes);
    }

    /** Batched entries this trail holds at most; beyond that every action is refused (fail closed). */
    public static int capacity() {
        return MAX_PENDING;
    }

    /**
     * The flusher's step. A database that cannot be written (a full disk, a lost primary) fails every
     * retry: the first failure is logged, the rest are counted and reported when a flush works again.
     */
    private void flushQuietly() {
        try {
            flush();
            if (failedFlushes > 0) {
                log.warn("Audit trail written again after {} failed flushes", failedFlushes);
                failedFlushes = 0;
            }
        } catch (RuntimeException e) {
            if (failedFlushes++ == 0) {
                log.error("Audit flush failed ({}); retrying every {} ms, reported again when it works",
                        jp.renkei.server.error.StorageFull.is(e) ? "storage full" : e.getClass().getName(),
                        settings.flushMillis());
            }
        }
    }

    /** Writes {@code batch} in chain order; {@code journaled}: waiting for the journal. flushLock held. */
    private void write(List<Document> batch, boolean journaled) {
        MongoCollection<Document> target = journaled ? audit : auditUnjournaled;
        List<Document> remaining = batch;
        while (!remaining.isEmpty()) {
            try {
                target.insertMany(remaining, new InsertManyOptions().ordered(true));
                remaining = List.of();
            } catch (MongoBulkWriteException e) {
                if (e.getWriteErrors().isEmpty()) {
                    // Only a write-concern error (a replica set that could not confirm in time): any of these
                    // may or may not be stored. Keep them all; the retry recognises those already written.
                    requeue(remaining);
                    throw e;
                }
                int failed = e.getWriteErrors().get(0).getIndex();
                Document doc = remaining.get(failed);
                if (e.getWriteErrors().get(0).getCode() == 11000 && sameAsStored(doc)) {
                    // Written by an attempt whose acknowledgement was lost: skip it, write the rest.
                    markWritten(remaining.subList(0, failed + 1), journaled);
                    remaining = remaining.subList(failed + 1, remaining.size());
                    continue;
                }
                markWritten(remaining.subList(0, failed), journaled);
                requeue(remaining.subList(failed, remaining.size()));
                log.error("Audit record {} could not be written (code {}); run the audit verification",
                        doc.getString("_id"), e.getWriteErrors().get(0).getCode());
                throw e;
            } catch (MongoException e) {
                requeue(remaining);
                throw e;
            }
        }
        markWritten(batch, journaled);
    }

    private boolean sameAsStored(Document doc) {
        Document stored = audit.find(eq("_id", doc.getString("_id"))).first();
        return stored != null && doc.getString("hash").equals(stored.getString("hash"));
    }

    /**
     * Advances the written mark; a journaled write also makes everything written before it durable
     * (the store journals in order). flushLock held.
     */
    private void markWritten(List<Document> written, boolean journaled) {
        if (!written.isEmpty()) {
            Document last = written.get(written.size() - 1);
            long seq = last.get("seq", Number.class).longValue();
            if (seq > writtenSeq) {
                writtenSeq = seq;
                writtenHash = last.getString("hash");
            }
        }
        if (journaled && writtenSeq > durableSeq) {
            durableSeq = writtenSeq;
            durableHash = writtenHash;
        }
    }

    private void requeue(List<Document> notWritten) {
        synchronized (chainLock) {
            for (int i = notWritten.size() - 1; i >= 0; i--) {
                pending.addFirst(notWritten.get(i));
            }
        }
    }

    /** Writes a signed checkpoint of the durable head if due (or if {@code force}); flushLock held. */
    private void checkpointIfDue(boolean force) {
        long upTo = durableSeq;
        if (upTo <= checkpointSeq) {
            return;
        }
        long now = clock.millis();
        boolean due = force || upTo - checkpointSeq >= settings.checkpointEvery()
                || now - checkpointAt >= settings.checkpointInterval().toMillis();
        if (!due) {
            return;
        }
        long number = checkpointNumber + 1;
        String hash = durableHash;
        Document cp = new Document("_id", AuditChain.checkpointId(node, number))
                .append("node", node)
                .append("n", number)
                .append("upToSeq", upTo)
                .append("hash", hash)
                .append("at", new Date(now))
                .append("keyId", signer.keyId())
                .append("sig", signer.sign(AuditChain.checkpointMessage(node, number, upTo, hash, now)));
        checkpoints.insertOne(cp);
        witness.checkpoint(node, upTo, hash, now, signer.sign(AuditChain.sealMessage(node, upTo, hash, now)));
        checkpointNumber = number;
        checkpointSeq = upTo;
        checkpointAt = now;
    }

    /** Writes what is pending and seals it with a checkpoint (shutdown, tests, tools). */
    public void sync() {
        flushLock.lock();
        try {
            flush();
            checkpointIfDue(true);
        } finally {
            flushLock.unlock();
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
            sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Audit trail not sealed on shutdown: {}", e.getClass().getName());
        }
    }

    /**
     * The highest {@code n} such that {@code node:1 .. node:n} exist, found with key lookups only.
     * A hole left by tampering can make this stop early; the verifier reports such holes.
     */
    static long lastContiguous(MongoCollection<Document> collection, String node) {
        if (!exists(collection, node, 1)) {
            return 0;
        }
        long lo = 1;
        long hi = 2;
        while (exists(collection, node, hi)) {
            lo = hi;
            hi *= 2;
        }
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (exists(collection, node, mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        while (exists(collection, node, lo + 1)) {
            lo++;
        }
        return lo;
    }

    private static boolean exists(MongoCollection<Document> collection, String node, long n) {
        return collection.find(eq("_id", AuditChain.recordId(node, n))).projection(Projections.include("_id"))
                .first() != null;
    }

    /**
     * The indexes the review queries want on a real MongoDB (the embedded server accepts and ignores
     * them, and the review scans there within its bounds).
     */
    private void createIndexes() {
        try {
            audit.createIndex(Indexes.compoundIndex(Indexes.ascending("org"), Indexes.descending("at")),
                    new IndexOptions().name("org_at"));
            audit.createIndex(Indexes.compoundIndex(Indexes.ascending("actor"), Indexes.descending("at")),
                    new IndexOptions().name("actor_at"));
            audit.createIndex(Indexes.compoundIndex(Indexes.ascending("org"), Indexes.ascending("action"),
                    Indexes.descending("at")), new IndexOptions().name("org_action_at"));
        } catch (MongoException e) {
            log.warn("Audit indexes not created: {}", e.getClass().getName());
        }
    }
}
