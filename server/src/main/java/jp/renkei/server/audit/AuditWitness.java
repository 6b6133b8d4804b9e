package jp.renkei.server.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy of the audit chain's signed heads kept outside the database (SP-AUD-02).
 *
 * <p>Why: the database's own seal and checkpoints prove that nothing <em>before</em> them was changed,
 * but someone with write access to the database can delete the newest records together with the
 * newest seal and checkpoints, rolling the trail back to an earlier signed state that still verifies.
 * The witness remembers how far the trail had got: {@link VerifyAuditTrail} fails when the database's
 * chain ends before the witness's last head, or differs from it. The operator ships the file (or the
 * {@code Audit witness:} log lines, written at every checkpoint) somewhere the database's
 * administrators cannot write, and keeps it with the backups.
 *
 * <p>Format: one line per head, appended, never rewritten: {@code seal|checkpoint node seq hash
 * atMillis signature} separated by single spaces (no patient data: ids, numbers and hashes). Lines
 * are appended at most every {@code renkei.audit.witness-interval} and at every checkpoint, forced to
 * the device. A failure to write is logged once per run of failures, with a count when it ends; the
 * trail goes on (the database is still the record).
 *
 * <p>Thread-safety: called by the trail's flusher under its flush lock only.
 */
public final class AuditWitness {

    private static final Logger log = LoggerFactory.getLogger(AuditWitness.class);
    private static final Pattern LINE = Pattern.compile(
            "^(seal|checkpoint) ([A-Za-z0-9_-]{1,32}) (\\d{1,19}) ([0-9a-f]{64}) (\\d{1,19}) ([A-Za-z0-9+/=]{1,200})$");
    private static final AuditWitness NONE = new AuditWitness(null, Long.MAX_VALUE);

    /** One head as the witness holds it. */
    public record Head(String kind, String node, long seq, String hash, long atMillis, String signature) {
        String line() {
            return kind + " " + node + " " + seq + " " + hash + " " + atMillis + " " + signature;
        }
    }

    private final Path file;
    private final long intervalMillis;
    private long lastWrittenAt = Long.MIN_VALUE / 2;
    private long lastWrittenSeq;
    private int failures;

    private AuditWitness(Path file, long intervalMillis) {
        this.file = file;
        this.intervalMillis = intervalMillis;
    }

    /** No witness (tools, benchmarks and tests that do not check rollbacks). */
    public static AuditWitness none() {
        return NONE;
    }

    /** A witness appending to {@code file}, at most every {@code intervalMillis} between checkpoints. */
    public static AuditWitness file(Path file, long intervalMillis) {
        return new AuditWitness(file.toAbsolutePath(), intervalMillis);
    }

    /** The file, or {@code null} for {@link #none()}. */
    public Path path() {
        return file;
    }

    /** Appends a seal if the interval has passed since the last line and the head moved. */
    void seal(String node, long seq, String hash, long atMillis, String signature) {
        if (file == null || seq <= lastWrittenSeq || atMillis - lastWrittenAt < intervalMillis) {
            return;
        }
        append(new Head("seal", node, seq, hash, atMillis, signature));
    }

    /** Appends a checkpoint, always, and logs it for operators who ship logs elsewhere. */
    void checkpoint(String node, long seq, String hash, long atMillis, String signature) {
        log.info("Audit witness: node={} seq={} hash={} at={} sig={}", node, seq, hash, atMillis, signature);
        if (file != null) {
            append(new Head("checkpoint", node, seq, hash, atMillis, signature));
        }
    }

    private void append(Head head) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap((head.line() + "\n").getBytes(StandardCharsets.US_ASCII)));
                ch.force(false);
            }
            lastWrittenAt = head.atMillis();
            lastWrittenSeq = Math.max(lastWrittenSeq, head.seq());
            if (failures > 0) {
                log.warn("Audit witness {} writable again after {} failed attempts", file, failures);
                failures = 0;
            }
        } catch (IOException e) {
            if (failures++ == 0) {
                log.error("Audit witness {} cannot be written ({}); retrying quietly", file, e.getClass().getSimpleName());
            }
        }
    }

    /**
     * The last head of each node in a witness file, in file order of first appearance.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the line number of a malformed line
     */
    public static Map<String, Head> lastHeads(Path file) throws IOException {
        Map<String, Head> last = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.US_ASCII));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a witness line");
            }
            Head head = new Head(m.group(1), m.group(2), Long.parseLong(m.group(3)), m.group(4),
                    Long.parseLong(m.group(5)), m.group(6));
            Head before = last.get(head.node());
            if (before == null || head.seq() >= before.seq()) {
                last.put(head.node(), head);
            }
        }
        return last;
    }
}
