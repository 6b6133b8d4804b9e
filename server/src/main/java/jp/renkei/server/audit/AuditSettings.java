package jp.renkei.server.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit trail ({@code renkei.audit.*}).
 *
 * @param nodeId             this server's chain: one hash chain per node, so appends need no
 *                           coordination between nodes (each node must have its own id)
 * @param signingKeyFile     Ed25519 key of the checkpoints; empty: {@code audit-signing.key} in the
 *                           embedded data folder, generated on first start
 * @param flushMillis        how often batched entries (deliveries, reads) are written; at most 100
 * @param checkpointEvery    a signed checkpoint after this many records
 * @param checkpointInterval ... or after this long, whichever comes first (SP-AUD-02: hourly)
 * @param reviewZone         time zone of the off-hours review
 * @param offHoursStart      off hours begin at this hour (inclusive)
 * @param offHoursEnd        ... and end at this hour (exclusive)
 * @param bulkThreshold      more than this many distinct rooms or history pages read by one user in one
 *                           hour is a bulk read
 * @param witnessFile        where this node appends its signed chain heads, outside the database so that
 *                           a rollback of the database can be told (see {@link AuditWitness}); empty:
 *                           {@code audit-witness-<node>.log} beside (not inside) the embedded data folder
 * @param witnessInterval    the latest signed head is appended at most this often, and at every checkpoint
 */
@ConfigurationProperties("renkei.audit")
public record AuditSettings(@DefaultValue("n1") String nodeId,
                            Path signingKeyFile,
                            @DefaultValue("50") int flushMillis,
                            @DefaultValue("1000") int checkpointEvery,
                            @DefaultValue("1h") Duration checkpointInterval,
                            @DefaultValue("Asia/Tokyo") ZoneId reviewZone,
                            @DefaultValue("22") int offHoursStart,
                            @DefaultValue("6") int offHoursEnd,
                            @DefaultValue("30") int bulkThreshold,
                            Path witnessFile,
                            @DefaultValue("10s") Duration witnessInterval) {

    public AuditSettings {
        if (!AuditChain.NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("renkei.audit.node-id must match " + AuditChain.NODE_ID);
        }
        if (flushMillis < 1 || flushMillis > 100) {
            throw new IllegalArgumentException("renkei.audit.flush-millis must be 1..100");
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("renkei.audit.checkpoint-every must be positive");
        }
        if (witnessInterval.isNegative() || witnessInterval.isZero()) {
            throw new IllegalArgumentException("renkei.audit.witness-interval must be positive");
        }
        if (offHoursStart < 0 || offHoursStart > 23 || offHoursEnd < 0 || offHoursEnd > 23) {
            throw new IllegalArgumentException("renkei.audit.off-hours-start/end must be hours 0..23");
        }
    }

    /** Defaults, for tools and tests. */
    public static AuditSettings defaults(String nodeId) {
        return new AuditSettings(nodeId, null, 50, 1000, Duration.ofHours(1), ZoneId.of("Asia/Tokyo"), 22, 6, 30,
                null, Duration.ofSeconds(10));
    }
}
