package jp.renkei.server.audit;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import jp.renkei.server.audit.VerifyAuditTrail.Damage;
import jp.renkei.server.audit.VerifyAuditTrail.Report;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.EmbeddedMongoServer;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hash chain and its verification against the real embedded database: each kind of damage, made
 * with the raw driver behind the trail's back, is found at the right place.
 */
class AuditChainVerificationTest {

    @TempDir
    Path dir;
    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase db;
    private MongoCollection<Document> raw;
    private AuditSigner signer;
    private Ed25519PublicKeyParameters publicKey;

    @BeforeEach
    void start() throws Exception {
        server = EmbeddedMongoServer.start(dir, false);
        client = MongoClients.create(server.connectionString());
        db = client.getDatabase("renkei");
        raw = db.getCollection(Collections.AUDIT);
        signer = AuditSigner.loadOrCreate(dir.resolve("audit-signing.key"));
        publicKey = AuditSigner.readPublicKey(AuditSigner.publicKeyFile(dir.resolve("audit-signing.key")));
    }

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    private AuditTrail trail() {
        return trail(10);
    }

    /** A trail with a checkpoint every {@code checkpointEvery} records and a witness outside the database. */
    private AuditTrail trail(int checkpointEvery) {
        return new AuditTrail(db, new AuditSettings("n1", null, 20, checkpointEvery, Duration.ofHours(1),
                ZoneId.of("Asia/Tokyo"), 22, 6, 30, null, Duration.ofMillis(1)), signer, id -> null, Clock.systemUTC(),
                AuditWitness.file(witnessFile(), 1));
    }

    private Path witnessFile() {
        return dir.resolve("elsewhere").resolve("audit-witness-n1.log");
    }

    private Report verifyWithWitness() throws Exception {
        return VerifyAuditTrail.verify(db, publicKey, AuditWitness.lastHeads(witnessFile()));
    }

    /** 25 records (every third batched), sealed: checkpoints at 10, 20 and 25. */
    private void write25() {
        try (AuditTrail trail = trail()) {
            for (int i = 1; i <= 25; i++) {
                AuditEntry e = new AuditEntry("u-" + i, "room.view", "room", "r-" + i, "r-" + i, i % 5 != 0,
                        i % 5 == 0 ? "not_a_member" : "member", "192.0.2." + i);
                if (i % 3 == 0) {
                    trail.recordBatched(e);
                } else {
                    trail.record(e);
                }
            }
        }
    }

    private Report verify() {
        return VerifyAuditTrail.verify(db, publicKey);
    }

    private static String id(long seq) {
        return AuditChain.recordId("n1", seq);
    }

    @Test
    void anEntryWrittenAheadOfADurableWriteIsChainedWrittenAtOnceAndSealed() {
        try (AuditTrail trail = trail()) {
            trail.record(new AuditEntry("u-1", "room.view", "room", "r-1", "r-1", true, "member", null));
            try (AuditContext.Scope ignored = AuditContext.open("192.0.2.9")) {
                CommandAudit command = CommandAudit.of(new AuditEntry("u-2", "note.post", "room", "r-1", "r-1", true, "ok", null));
                trail.writeBefore(command);
                assertThat(command.written()).isTrue();
                trail.writeBefore(command); // taken once: a retried insert writes nothing more
                trail.complete(command); // and completing the command records nothing more either
            }
            assertThat(raw.countDocuments()).isEqualTo(2); // written before the caller's write, not by the flusher
            // Nothing pending, but entry 2 was written without the journal: sealing it needs the barrier.
            trail.sync();
            Report report = verify();
            assertThat(report.problems()).isEmpty();
            assertThat(report.records()).isEqualTo(2);
            assertThat(report.unsealed()).isZero();
        }
        assertThat(raw.find(eq("_id", id(2))).first().getString("from")).isEqualTo("192.0.2.9");
    }

    @Test
    void aFanOutEntryChainsItsRecipientsAndEditingOneIsFound() {
        try (AuditTrail trail = trail()) {
            trail.record(new AuditEntry("u-1", "room.view", "room", "r-1", "r-1", true, "member", null));
            trail.recordBatched(new AuditEntry("system", "event.deliver", "event", "r-1:7", "r-1", true, "delivered:2",
                    null, List.of("u-2/s-a", "u-3/s-b")));
            trail.record(new AuditEntry("u-1", "room.view", "room", "r-1", "r-1", true, "member", null));
        }
        assertThat(raw.find(eq("_id", id(2))).first().getList("to", String.class)).containsExactly("u-2/s-a", "u-3/s-b");
        assertThat(verify().problems()).isEmpty();
        // Who received an event is part of the chained record: changing a recipient breaks the chain there.
        raw.updateOne(eq("_id", id(2)), Updates.set("to", List.of("u-2/s-a", "u-9/s-b")));
        Report report = verify();
        assertThat(report.problems()).isNotEmpty();
        assertThat(report.first().damage()).isEqualTo(Damage.EDITED);
        assertThat(report.first().seq()).isEqualTo(2);
    }

    @Test
    void anIntactTrailVerifies() {
        write25();
        Report report = verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).isEqualTo(25);
        assertThat(report.checkpoints()).isEqualTo(3);
        assertThat(report.unsealed()).isZero();
        Document third = raw.find(eq("_id", id(3))).first();
        assertThat(third.getString("prev")).isEqualTo(raw.find(eq("_id", id(2))).first().getString("hash"));
        assertThat(third.getString("from")).isEqualTo("192.0.2.3");
    }

    @Test
    void anEditedRecordIsFoundByItsHash() {
        write25();
        raw.updateOne(eq("_id", id(7)), Updates.set("allowed", false));
        assertThat(verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.seq()).isEqualTo(7);
            assertThat(p.damage()).isEqualTo(Damage.EDITED);
        });
    }

    @Test
    void aDeletedRecordIsAGap() {
        write25();
        raw.deleteOne(eq("_id", id(12)));
        Report report = verify();
        assertThat(report.first().damage()).isEqualTo(Damage.DELETED);
        assertThat(report.first().seq()).isEqualTo(12);
    }

    @Test
    void aDeletedSealedTailIsFound() {
        write25();
        raw.deleteOne(eq("_id", id(24)));
        raw.deleteOne(eq("_id", id(25)));
        Report report = verify();
        assertThat(report.first().damage()).isEqualTo(Damage.DELETED);
        assertThat(report.first().seq()).isEqualTo(24);
    }

    @Test
    void aRollbackToAnEarlierCheckpointPassesTheDatabaseAloneButNotTheWitness() throws Exception {
        write25();
        // With write access and the server stopped: delete the newest records, checkpoint and seal, and
        // put back the head of checkpoint 2 as it was signed then. The database alone verifies...
        for (long s = 21; s <= 25; s++) {
            raw.deleteOne(eq("_id", id(s)));
        }
        db.getCollection(Collections.AUDIT_CHECKPOINTS).deleteOne(eq("_id", AuditChain.checkpointId("n1", 3)));
        db.getCollection(Collections.AUDIT_SYNC).deleteMany(new Document());
        assertThat(verify().problems()).isEmpty();
        // ... but the witness outside it saw the chain reach 25.
        Report report = verifyWithWitness();
        assertThat(report.first().damage()).isEqualTo(Damage.ROLLED_BACK);
        assertThat(report.first().seq()).isEqualTo(21);
    }

    @Test
    void anEditAfterTheLastCheckpointWithRecomputedHashesIsCaughtByTheSeal() {
        try (AuditTrail trail = trail(1000)) {
            for (int i = 1; i <= 12; i++) {
                trail.record(new AuditEntry("u-" + i, "room.view", "room", "r-" + i, "r-" + i, true, "member", null));
            }
            // No checkpoint yet (every 1000 records or hourly). Edit record 8 and recompute every hash after it.
            String prev = raw.find(eq("_id", id(7))).first().getString("hash");
            for (long s = 8; s <= 12; s++) {
                Document d = raw.find(eq("_id", id(s))).first();
                if (s == 8) {
                    d.put("actor", "u-someone-else");
                }
                d.put("prev", prev);
                d.put("hash", AuditChain.hash(prev, d));
                prev = d.getString("hash");
                raw.replaceOne(eq("_id", id(s)), d);
            }
            Report report = verify();
            assertThat(report.problems()).extracting(VerifyAuditTrail.Problem::damage).containsExactly(Damage.SEAL_MISMATCH);
            assertThat(report.first().seq()).isEqualTo(12);
            assertThat(report.unsealed()).isZero();
        }
    }

    @Test
    void aSealRestoredFromAnOtherNodeOrForgedIsRefused() {
        write25();
        MongoCollection<Document> seals = db.getCollection(Collections.AUDIT_SYNC);
        seals.updateOne(eq("_id", "n1"), Updates.set("seq", 20));
        assertThat(verify().first().damage()).isEqualTo(Damage.SEAL_SIGNATURE_INVALID);
    }

    @Test
    void aForeignRecordIsInserted() {
        write25();
        Document fake = raw.find(eq("_id", id(9))).first();
        fake.put("_id", "n1:9");
        raw.insertOne(fake);
        assertThat(verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.damage()).isEqualTo(Damage.INSERTED);
            assertThat(p.seq()).isEqualTo(9);
        });
    }

    @Test
    void aReplacedRecordWithARecomputedHashBreaksTheChain() {
        write25();
        Document five = raw.find(eq("_id", id(5))).first();
        five.put("actor", "u-someone-else");
        five.put("hash", AuditChain.hash(five.getString("prev"), five));
        raw.replaceOne(eq("_id", id(5)), five);
        Report report = verify();
        assertThat(report.first().damage()).isEqualTo(Damage.INSERTED);
        assertThat(report.first().seq()).isEqualTo(6);
    }

    @Test
    void aRewrittenChainDoesNotMatchItsSignedCheckpoint() {
        write25();
        // Rewrite records 15..25 and recompute every hash: the chain is consistent again, the signature is not.
        String prev = raw.find(eq("_id", id(14))).first().getString("hash");
        for (long s = 15; s <= 25; s++) {
            Document d = raw.find(eq("_id", id(s))).first();
            d.put("reason", "member");
            d.put("prev", prev);
            d.put("hash", AuditChain.hash(prev, d));
            prev = d.getString("hash");
            raw.replaceOne(eq("_id", id(s)), d);
        }
        Report report = verify();
        assertThat(report.first().damage()).isEqualTo(Damage.CHECKPOINT_MISMATCH);
        assertThat(report.first().seq()).isEqualTo(20);
    }

    @Test
    void aForgedCheckpointHasAnInvalidSignature() {
        write25();
        MongoCollection<Document> cps = db.getCollection(Collections.AUDIT_CHECKPOINTS);
        cps.updateOne(eq("_id", AuditChain.checkpointId("n1", 2)), Updates.set("upToSeq", 19));
        Report report = verify();
        assertThat(report.problems()).extracting(VerifyAuditTrail.Problem::damage)
                .contains(Damage.CHECKPOINT_SIGNATURE_INVALID);
        // Signed by another key: invalid too.
        Ed25519PublicKeyParameters other = AuditSigner.loadOrCreate(dir.resolve("other.key")).publicKeyOf();
        assertThat(VerifyAuditTrail.verify(db, other).first().damage()).isEqualTo(Damage.CHECKPOINT_SIGNATURE_INVALID);
    }

    @Test
    void aRestartedTrailContinuesTheChain() {
        write25();
        try (AuditTrail again = trail()) {
            again.record(new AuditEntry("u-x", "login", "session", null, null, true, "ok", null));
        }
        Report report = verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).isEqualTo(26);
        assertThat(raw.find(eq("_id", id(26))).first().getString("prev"))
                .isEqualTo(raw.find(eq("_id", id(25))).first().getString("hash"));
    }

    @Test
    void concurrentWritersMakeOneUnbrokenChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (AuditTrail trail = trail()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        AuditEntry e = new AuditEntry("u-" + thread, "event.deliver", "event", "r:" + i, "r", true,
                                "member", null);
                        if (i % 2 == 0) {
                            trail.recordBatched(e);
                        } else {
                            trail.record(e);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Report report = verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).isEqualTo(800);
    }

    @Test
    void theCommandVerifiesTheStoppedDatabaseAndReportsDamage() throws Exception {
        write25();
        raw.updateOne(eq("_id", id(3)), Updates.set("action", "room.list"));
        client.close();
        server.close();
        server = null;
        client = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=1"); // closed in stop()

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = VerifyAuditTrail.run(new String[] {"--verify-audit", "--data-dir", dir.toString(),
                "--witness", witnessFile().toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("DAMAGED: node n1 seq 3: EDITED")
                .contains("Witness: node n1 reached seq 25");

        assertThat(VerifyAuditTrail.run(new String[] {"--verify-audit"}, new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(2);
        // The witness is demanded: without one (and without --no-witness) the command does not run.
        ByteArrayOutputStream noWitness = new ByteArrayOutputStream();
        assertThat(VerifyAuditTrail.run(new String[] {"--verify-audit", "--mongo-uri", "mongodb://127.0.0.1:1",
                "--public-key", AuditSigner.publicKeyFile(dir.resolve("audit-signing.key")).toString()},
                new PrintStream(noWitness, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(noWitness.toString(StandardCharsets.UTF_8)).contains("No audit witness file");
    }

    @Test
    void theSigningKeyIsGeneratedOwnerOnlyAndItsPublicKeyPublished() throws Exception {
        Path key = dir.resolve("audit-signing.key");
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(AuditSigner.publicKeyFile(key)).strip()).isEqualTo(signer.publicKeyBase64());
        // Loading again uses the same key.
        assertThat(AuditSigner.loadOrCreate(key).publicKeyBase64()).isEqualTo(signer.publicKeyBase64());
    }
}
