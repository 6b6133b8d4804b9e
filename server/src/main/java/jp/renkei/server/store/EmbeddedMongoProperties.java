package jp.renkei.server.store;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the embedded database, used only when {@code spring.mongodb.uri} is not set.
 *
 * @param dataDir  folder of the database file ({@code renkei.mv}); created if missing
 * @param fsync    force every commit to the device (survives power loss, not only a process crash)
 * @param minFree  writes are refused ({@code STORAGE_FULL}) while the data folder's file system has less
 *                 free space than this, so the store never meets a full disk mid-write
 * @param warnFree below this much free space, health says so and the log warns (once per crossing)
 * @param listenAddress the address the server listens on: loopback by default; a private address lets other
 *                 Renkei nodes on the network share this store (never a public one: the wire protocol has no
 *                 authentication here)
 * @param port     the port to listen on; {@code 0} picks a free one (the default: only this node uses the store)
 * @param oplog    keep an operation log, so that change streams work (cluster mode); off by default, as every
 *                 write then also keeps a change document (in memory: see {@code MemoryOplog})
 * @param oplogRetention how long the operation log keeps a change (and at most {@code MemoryOplog.MAX_ENTRIES}):
 *                 a change stream that was away longer resumes without the older changes
 */
@ConfigurationProperties("renkei.embedded")
public record EmbeddedMongoProperties(@DefaultValue("data") Path dataDir, @DefaultValue("true") boolean fsync,
                                      @DefaultValue("64MB") DataSize minFree, @DefaultValue("1GB") DataSize warnFree,
                                      @DefaultValue("127.0.0.1") String listenAddress, @DefaultValue("0") int port,
                                      @DefaultValue("false") boolean oplog,
                                      @DefaultValue("10m") java.time.Duration oplogRetention) {

    /** The constructor configuration binds to. */
    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public EmbeddedMongoProperties {
    }

    /** Without an explicit retention (ten minutes). */
    public EmbeddedMongoProperties(Path dataDir, boolean fsync, DataSize minFree, DataSize warnFree, String listenAddress,
                                   int port, boolean oplog) {
        this(dataDir, fsync, minFree, warnFree, listenAddress, port, oplog, java.time.Duration.ofMinutes(10));
    }

    /** Defaults for a data folder, for tools and tests. */
    public static EmbeddedMongoProperties of(Path dataDir, boolean fsync) {
        return new EmbeddedMongoProperties(dataDir, fsync, DataSize.ofMegabytes(64), DataSize.ofGigabytes(1),
                "127.0.0.1", 0, false, java.time.Duration.ofMinutes(10));
    }
}
