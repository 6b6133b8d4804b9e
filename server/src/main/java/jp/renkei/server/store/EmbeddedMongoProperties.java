package jp.renkei.server.store;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded database, used only when {@code spring.mongodb.uri} is not set.
 *
 * @param dataDir folder of the database file ({@code renkei.mv}); created if missing
 * @param fsync   force every commit to the device (survives power loss, not only a process crash)
 */
@ConfigurationProperties("renkei.embedded")
public record EmbeddedMongoProperties(@DefaultValue("data") Path dataDir, @DefaultValue("true") boolean fsync) {
}
