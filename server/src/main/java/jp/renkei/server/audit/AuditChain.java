package jp.renkei.server.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bson.Document;

/**
 * The hash chain of the audit trail (SP-AUD-02), shared by the writer ({@link AuditTrail}) and the
 * verifier ({@link VerifyAuditTrail}) so both compute exactly the same bytes.
 *
 * <p>Record {@code n} of a node stores {@code prev} (the hash of record {@code n - 1}, or 32 zero bytes
 * for the first) and {@code hash = SHA-256(prev || canonical(record n))}. The canonical form is every
 * field in a fixed order, each as a 4-byte length and its UTF-8 bytes ({@code -1} for null), so no two
 * different records encode to the same bytes. Written by hand because it must never change: a library's
 * JSON or BSON serialisation may reorder or re-format fields between versions.
 *
 * <p>{@code _id} = {@code node:seq} with the sequence zero-padded to 12 digits: reading record
 * {@code n} is a key lookup on every backend, and one chain per node keeps appends single-writer
 * on a multi-node deployment.
 */
public final class AuditChain {

    /** Hash of "no previous record": 32 zero bytes, hex. */
    public static final String GENESIS = "0".repeat(64);
    /** Node ids: short, lower case, safe in an {@code _id}. */
    public static final Pattern NODE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,15}");
    private static final Pattern RECORD_ID = Pattern.compile("([a-z0-9][a-z0-9-]{0,15}):(\\d{12})");
    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {
    }

    /** The {@code _id} of record {@code seq} of {@code node}. */
    public static String recordId(String node, long seq) {
        return node + ":" + String.format("%012d", seq);
    }

    /** The {@code _id} of checkpoint number {@code n} of {@code node}. */
    public static String checkpointId(String node, long n) {
        return node + ":" + String.format("%012d", n);
    }

    /** The node and sequence number of a well-formed id, or {@code null}. */
    static NodeSeq parseId(Object id) {
        if (!(id instanceof String s)) {
            return null;
        }
        Matcher m = RECORD_ID.matcher(s);
        return m.matches() ? new NodeSeq(m.group(1), Long.parseLong(m.group(2))) : null;
    }

    /** A node and a sequence number parsed from an id. */
    record NodeSeq(String node, long seq) {
    }

    /** The stored document of a record whose {@code seq}, {@code at} and {@code prev} are decided. */
    static Document document(String node, long seq, long atMillis, AuditEntry e, String org, String prof,
                             String origin, String prev) {
        Document d = new Document("_id", recordId(node, seq))
                .append("node", node)
                .append("seq", seq)
                .append("at", new Date(atMillis))
                .append("actor", e.actorId())
                .append("org", org)
                .append("prof", prof)
                .append("action", e.action())
                .append("type", e.resourceType())
                .append("resource", e.resourceId())
                .append("room", e.roomId())
                .append("allowed", e.allowed())
                .append("reason", e.reason())
                .append("from", origin);
        if (e.recipients() != null) {
            d.append("to", e.recipients());
        }
        d.append("prev", prev);
        d.append("hash", hash(prev, d));
        return d;
    }

    /** {@code SHA-256(prev || canonical(record))}, hex; reads only the chained fields of {@code d}. */
    public static String hash(String prevHex, Document d) {
        MessageDigest sha = sha256();
        sha.update(HEX.parseHex(prevHex));
        sha.update(canonical(d));
        return HEX.formatHex(sha.digest());
    }

    /**
     * The canonical bytes of a stored record (every field but {@code _id}, {@code prev} and {@code hash}).
     * A record with a recipients list ({@code to}: one entry for a fan-out) is version 2: another prefix, and
     * the list after the version-1 fields as a count and one field per recipient; version-1 records keep
     * exactly the bytes they were chained with.
     */
    static byte[] canonical(Document d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        Object to = d.get("to");
        field(out, to == null ? "renkei-audit-v1" : "renkei-audit-v2");
        field(out, d.getString("node"));
        field(out, String.valueOf(d.get("seq")));
        Object at = d.get("at");
        field(out, at instanceof Date date ? Long.toString(date.getTime()) : String.valueOf(at));
        for (String name : new String[] {"actor", "org", "prof", "action", "type", "resource", "room"}) {
            field(out, asString(d.get(name)));
        }
        field(out, String.valueOf(d.get("allowed")));
        field(out, asString(d.get("reason")));
        field(out, asString(d.get("from")));
        if (to != null) {
            List<?> recipients = to instanceof List<?> list ? list : List.of(to);
            writeInt(out, recipients.size());
            for (Object r : recipients) {
                field(out, asString(r));
            }
        }
        return out.toByteArray();
    }

    /** The bytes a checkpoint's signature covers. */
    static byte[] checkpointMessage(String node, long number, long upToSeq, String hash, long atMillis) {
        return ("renkei-audit-checkpoint-v1\n" + node + "\n" + number + "\n" + upToSeq + "\n" + hash + "\n" + atMillis)
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The bytes a seal signs: the chain head of a node after a flush. A different prefix from
     * {@link #checkpointMessage}, so neither signature can stand for the other.
     */
    static byte[] sealMessage(String node, long seq, String hash, long atMillis) {
        return ("renkei-audit-seal-v1\n" + node + "\n" + seq + "\n" + hash + "\n" + atMillis)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String asString(Object value) {
        return value == null ? null : value.toString();
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            writeInt(out, -1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
