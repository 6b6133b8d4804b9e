package jp.renkei.server.audit;

import static com.mongodb.client.model.Filters.in;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.EmbeddedMongoServer;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bson.Document;

/**
 * Verifies the audit trail without the server (SP-AUD-02): every record's hash, the links between
 * records, the sequence (no gaps, nothing extra) and every checkpoint's Ed25519 signature.
 *
 * <p>Run from the server's runnable jar (the server must be stopped when reading the embedded file):
 * <pre>
 * java -jar server/target/renkei-server-exec.jar --verify-audit --data-dir data
 * java -jar server/target/renkei-server-exec.jar --verify-audit --mongo-uri mongodb://… --public-key audit-signing.key.pub
 * </pre>
 * Exit status 0: intact; 1: damage found (the first problem is printed with its node and seq); 2: could
 * not run.
 *
 * <p>Also checks each node's seal (the signed head written at every flush) and, given the witness
 * file kept outside the database ({@link AuditWitness}; demanded unless {@code --no-witness}), that the
 * database's chain reaches the witness's last head and agrees with it: a trail rolled back to an earlier
 * signed state fails. Records after the seal (at most one flush interval) are reported as unsealed.
 *
 * <p>Reads are key lookups in batches ({@code _id $in}) after one pass over the ids, so it runs on the
 * embedded server too. What remains undetectable is listed in docs/security.md ("Audit trail").
 */
public final class VerifyAuditTrail {

    private static final int BATCH = 500;
    private static final int MAX_PROBLEMS = 1000;

    /** The kinds of damage. */
    public enum Damage {
        /** A record's content does not match its hash. */
        EDITED,
        /** A record (or checkpoint) is missing: a gap in the sequence or a tail cut below a checkpoint. */
        DELETED,
        /** A record that is not part of the chain: a foreign or duplicate id, or a broken link. */
        INSERTED,
        /** A checkpoint's signature does not verify with the public key. */
        CHECKPOINT_SIGNATURE_INVALID,
        /** A validly signed checkpoint does not match the chain: the records before it were rewritten. */
        CHECKPOINT_MISMATCH,
        /** A node's seal (or a witness line) is not signed by this key. */
        SEAL_SIGNATURE_INVALID,
        /** The signed head (seal or witness) does not match the chain: records up to it were rewritten. */
        SEAL_MISMATCH,
        /** The database's chain ends before the head the witness saw: the trail was rolled back. */
        ROLLED_BACK
    }

    /** One problem: where and what. */
    public record Problem(String node, long seq, Damage damage, String detail) {
        @Override
        public String toString() {
            return "node " + node + " seq " + seq + ": " + damage + " (" + detail + ")";
        }
    }

    /** The outcome: counts, the problems in chain order, and how many records are not yet sealed. */
    public record Report(long records, long checkpoints, long unsealed, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public Problem first() {
            return problems.isEmpty() ? null : problems.get(0);
        }
    }

    private VerifyAuditTrail() {
    }

    /** Verifies the trail in {@code db} against {@code publicKey}, without a witness. */
    public static Report verify(MongoDatabase db, Ed25519PublicKeyParameters publicKey) {
        return verify(db, publicKey, Map.of());
    }

    /**
     * Verifies the trail in {@code db} against {@code publicKey} and the witness's last head of each
     * node ({@link AuditWitness#lastHeads}; empty: no witness).
     */
    public static Report verify(MongoDatabase db, Ed25519PublicKeyParameters publicKey,
                                Map<String, AuditWitness.Head> witness) {
        MongoCollection<Document> audit = db.getCollection(Collections.AUDIT);
        MongoCollection<Document> checkpointCollection = db.getCollection(Collections.AUDIT_CHECKPOINTS);
        List<Problem> problems = new ArrayList<>();
        Map<String, BitSet> present = new TreeMap<>();
        long records = 0;

        // Pass 1: every id, to find foreign records and where each chain ends.
        for (Document d : audit.find().projection(Projections.include("_id", "node", "seq"))) {
            records++;
            AuditChain.NodeSeq id = AuditChain.parseId(d.get("_id"));
            Object seqField = d.get("seq");
            long seq = seqField instanceof Number n ? n.longValue() : -1;
            if (id == null || !id.node().equals(d.get("node")) || id.seq() != seq || seq < 1
                    || seq > Integer.MAX_VALUE) {
                problems.add(new Problem(String.valueOf(d.get("node")), seq, Damage.INSERTED,
                        "record " + d.get("_id") + " is not in the chain's numbering"));
                continue;
            }
            present.computeIfAbsent(id.node(), k -> new BitSet()).set((int) seq);
        }

        // Checkpoints: signatures, numbering.
        Map<String, TreeMap<Long, Document>> signed = new TreeMap<>();
        long checkpointCount = 0;
        Map<String, TreeSet<Long>> numbers = new HashMap<>();
        for (Document cp : checkpointCollection.find()) {
            checkpointCount++;
            AuditChain.NodeSeq id = AuditChain.parseId(cp.get("_id"));
            String node = cp.getString("node");
            long upTo = cp.get("upToSeq") instanceof Number n ? n.longValue() : -1;
            long number = cp.get("n") instanceof Number n ? n.longValue() : -1;
            Date at = cp.get("at") instanceof Date d ? d : null;
            String hash = cp.getString("hash");
            boolean valid = id != null && node != null && id.node().equals(node) && id.seq() == number
                    && hash != null && at != null && upTo > 0
                    && AuditSigner.verify(publicKey, AuditChain.checkpointMessage(node, number, upTo, hash, at.getTime()),
                    cp.getString("sig"));
            if (!valid) {
                problems.add(new Problem(String.valueOf(node), upTo, Damage.CHECKPOINT_SIGNATURE_INVALID,
                        "checkpoint " + cp.get("_id") + " is not signed by this key"));
                continue;
            }
            signed.computeIfAbsent(node, k -> new TreeMap<>()).put(upTo, cp);
            numbers.computeIfAbsent(node, k -> new TreeSet<>()).add(number);
            present.computeIfAbsent(node, k -> new BitSet());
        }
        numbers.forEach((node, ns) -> {
            long expected = 1;
            for (long n : ns) {
                if (n != expected) {
                    problems.add(new Problem(node, 0, Damage.DELETED, "checkpoint " + expected + " is missing"));
                    break;
                }
                expected++;
            }
        });

        // Seals (one per node, signed at every flush) and the witness's heads: the furthest signed head.
        Map<String, TreeMap<Long, String>> heads = new TreeMap<>();
        for (Document seal : db.getCollection(Collections.AUDIT_SYNC).find()) {
            String node = seal.getString("node");
            long seq = seal.get("seq") instanceof Number n ? n.longValue() : -1;
            String hash = seal.getString("hash");
            Date at = seal.get("at") instanceof Date d ? d : null;
            if (node == null && hash == null) {
                continue; // a mark written before seals were signed: nothing to check
            }
            if (node == null || hash == null || at == null || seq < 1 || !AuditSigner.verify(publicKey,
                    AuditChain.sealMessage(node, seq, hash, at.getTime()), seal.getString("sig"))) {
                problems.add(new Problem(String.valueOf(node), seq, Damage.SEAL_SIGNATURE_INVALID,
                        "the seal " + seal.get("_id") + " is not signed by this key"));
                continue;
            }
            heads.computeIfAbsent(node, k -> new TreeMap<>()).put(seq, hash);
            present.computeIfAbsent(node, k -> new BitSet());
        }
        Map<String, Long> witnessed = new HashMap<>();
        witness.forEach((node, head) -> {
            if (!AuditSigner.verify(publicKey, AuditChain.sealMessage(node, head.seq(), head.hash(), head.atMillis()),
                    head.signature())) {
                problems.add(new Problem(node, head.seq(), Damage.SEAL_SIGNATURE_INVALID,
                        "the witness's last line is not signed by this key"));
                return;
            }
            heads.computeIfAbsent(node, k -> new TreeMap<>()).merge(head.seq(), head.hash(),
                    (a, b) -> a.equals(b) ? a : a + "|" + b);
            witnessed.put(node, head.seq());
            present.computeIfAbsent(node, k -> new BitSet());
        });

        // Pass 2: walk each chain in order with key lookups.
        long unsealed = 0;
        for (Map.Entry<String, BitSet> e : present.entrySet()) {
            String node = e.getKey();
            BitSet seqs = e.getValue();
            TreeMap<Long, Document> cps = signed.getOrDefault(node, new TreeMap<>());
            TreeMap<Long, String> signedHeads = heads.getOrDefault(node, new TreeMap<>());
            long lastRecord = seqs.length() - 1;
            long lastSealed = Math.max(cps.isEmpty() ? 0 : cps.lastKey(),
                    signedHeads.isEmpty() ? 0 : signedHeads.lastKey());
            long end = Math.max(lastRecord, lastSealed);
            unsealed += Math.max(0, lastRecord - lastSealed);
            long witnessSeq = witnessed.getOrDefault(node, 0L);
            if (witnessSeq > lastRecord) {
                problems.add(new Problem(node, lastRecord + 1, Damage.ROLLED_BACK, "the chain ends at " + lastRecord
                        + " but the witness outside the database saw it reach " + witnessSeq));
            }
            String prev = AuditChain.GENESIS;
            long lastGoodCheckpoint = 0;
            boolean reportedGap = false;
            for (long from = 1; from <= end && problems.size() < MAX_PROBLEMS; from += BATCH) {
                long to = Math.min(end, from + BATCH - 1);
                List<String> ids = new ArrayList<>();
                for (long s = from; s <= to; s++) {
                    if (s <= lastRecord && seqs.get((int) s)) {
                        ids.add(AuditChain.recordId(node, s));
                    }
                }
                Map<String, Document> byId = new HashMap<>();
                if (!ids.isEmpty()) {
                    for (Document d : audit.find(in("_id", ids))) {
                        byId.put(d.getString("_id"), d);
                    }
                }
                for (long s = from; s <= to; s++) {
                    Document d = byId.get(AuditChain.recordId(node, s));
                    if (d == null) {
                        if (!reportedGap) {
                            problems.add(new Problem(node, s, Damage.DELETED, s > lastRecord
                                    ? "records " + s + ".." + lastSealed + " are missing but were signed as written"
                                    : "record " + s + " is missing"));
                        }
                        reportedGap = true; // one report per gap, not one per missing record
                        prev = null;        // the next record's link cannot be checked
                        continue;
                    }
                    reportedGap = false;
                    String stored = d.getString("hash");
                    String storedPrev = d.getString("prev");
                    String recomputed = storedPrev == null ? null : AuditChain.hash(storedPrev, d);
                    if (recomputed == null || !recomputed.equals(stored)) {
                        problems.add(new Problem(node, s, Damage.EDITED, "content does not match its hash"));
                    } else if (prev != null && !prev.equals(storedPrev)) {
                        problems.add(new Problem(node, s, Damage.INSERTED, "does not link to record " + (s - 1)
                                + ": record " + (s - 1) + " or " + s + " was replaced or inserted"));
                    }
                    prev = stored;
                    Document cp = cps.get(s);
                    if (cp != null) {
                        if (stored == null || !stored.equals(cp.getString("hash"))) {
                            problems.add(new Problem(node, s, Damage.CHECKPOINT_MISMATCH, "records "
                                    + (lastGoodCheckpoint + 1) + ".." + s + " differ from what checkpoint "
                                    + cp.get("n") + " sealed"));
                        }
                        lastGoodCheckpoint = s;
                    }
                    String head = signedHeads.get(s);
                    if (head != null && (stored == null || !head.equals(stored))) {
                        problems.add(new Problem(node, s, Damage.SEAL_MISMATCH, "record " + s
                                + " differs from the head signed at flush time (seal or witness)"));
                    }
                }
            }
        }
        problems.sort(Comparator.comparing(Problem::node).thenComparingLong(Problem::seq));
        return new Report(records, checkpointCount, unsealed, List.copyOf(problems));
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the command with {@code args} (as after {@code --verify-audit}); returns the exit status. */
    public static int run(String[] args, PrintStream out) {
        Map<String, String> options = new HashMap<>();
        boolean noWitness = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--verify-audit")) {
                continue;
            }
            if (a.equals("--no-witness")) {
                noWitness = true;
                continue;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                return usage(out, "unexpected argument " + a);
            }
            options.put(a.substring(2), args[++i]);
        }
        String dataDir = options.get("data-dir");
        String uri = options.get("mongo-uri");
        if ((dataDir == null) == (uri == null)) {
            return usage(out, "give exactly one of --data-dir and --mongo-uri");
        }
        String keyOption = options.get("public-key");
        if (keyOption == null && dataDir == null) {
            return usage(out, "--public-key is required with --mongo-uri");
        }
        Path keyFile = keyOption != null ? Path.of(keyOption)
                : AuditSigner.publicKeyFile(Path.of(dataDir).resolve("audit-signing.key"));
        Ed25519PublicKeyParameters key;
        try {
            key = AuditSigner.readPublicKey(keyFile);
        } catch (IOException | RuntimeException e) {
            out.println("Cannot read the public key " + keyFile + ": " + e.getClass().getSimpleName());
            return 2;
        }
        Map<String, AuditWitness.Head> witness = new TreeMap<>();
        if (!noWitness) {
            List<Path> files = new ArrayList<>();
            if (options.containsKey("witness")) {
                for (String f : options.get("witness").split(",")) {
                    files.add(Path.of(f.trim()));
                }
            } else if (dataDir != null) {
                files.addAll(defaultWitnessFiles(Path.of(dataDir)));
            }
            if (files.isEmpty()) {
                out.println("No audit witness file: give --witness FILE[,FILE] (audit-witness-<node>.log, kept outside"
                        + " the database), or --no-witness to check the database alone (a rollback then goes unseen)");
                return 2;
            }
            for (Path f : files) {
                try {
                    AuditWitness.lastHeads(f).forEach(witness::put);
                } catch (IOException | IllegalArgumentException e) {
                    out.println("Cannot read the witness " + f + ": " + (e instanceof IllegalArgumentException
                            ? e.getMessage() : e.getClass().getSimpleName()));
                    return 2;
                }
            }
        }
        EmbeddedMongoServer embedded = null;
        try {
            if (dataDir != null) {
                if (!Files.exists(Path.of(dataDir).resolve("renkei.mv"))) {
                    out.println("No database in " + dataDir);
                    return 2;
                }
                try {
                    embedded = EmbeddedMongoServer.start(Path.of(dataDir), false);
                } catch (RuntimeException e) {
                    out.println("Cannot open the database in " + dataDir + " (stop the server first): "
                            + e.getClass().getSimpleName());
                    return 2;
                }
                uri = embedded.connectionString();
            }
            try (MongoClient client = MongoClients.create(uri)) {
                Report report = verify(client.getDatabase(options.getOrDefault("database", "renkei")), key, witness);
                if (noWitness) {
                    out.println("Checked without a witness: a rollback of the whole tail cannot be seen.");
                } else {
                    witness.forEach((node, head) -> out.printf("Witness: node %s reached seq %d%n", node, head.seq()));
                }
                print(report, out, AuditSigner.keyIdOf(key.getEncoded()));
                return report.ok() ? 0 : 1;
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static void print(Report report, PrintStream out, String keyId) {
        if (report.ok()) {
            out.printf("OK: %d audit records, %d checkpoints signed by key %s; %d records after the last checkpoint "
                    + "(chained, not yet sealed)%n", report.records(), report.checkpoints(), keyId, report.unsealed());
            return;
        }
        out.println("DAMAGED: " + report.first());
        out.printf("%d problem(s) in %d records and %d checkpoints:%n", report.problems().size(), report.records(),
                report.checkpoints());
        report.problems().stream().limit(50).forEach(p -> out.println("  " + p));
    }

    /** The witness files the server writes by default: beside the data folder. */
    private static List<Path> defaultWitnessFiles(Path dataDir) {
        Path data = dataDir.toAbsolutePath().normalize();
        Path beside = data.getParent() != null ? data.getParent() : data;
        List<Path> found = new ArrayList<>();
        try (var files = Files.list(beside)) {
            files.filter(p -> p.getFileName().toString().matches("audit-witness-[A-Za-z0-9_-]+\\.log"))
                    .sorted().forEach(found::add);
        } catch (IOException e) {
            return List.of();
        }
        return found;
    }

    private static int usage(PrintStream out, String problem) {
        out.println(problem);
        out.println("usage: --verify-audit (--data-dir DIR | --mongo-uri URI [--database NAME]) [--public-key FILE]"
                + " (--witness FILE[,FILE] | --no-witness)");
        return 2;
    }
}
