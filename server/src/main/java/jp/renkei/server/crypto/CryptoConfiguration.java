package jp.renkei.server.crypto;

import java.nio.file.Path;

import com.mongodb.client.MongoDatabase;
import jp.renkei.server.store.EmbeddedMongoServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires encryption at rest: the master key from configuration, the room keys (checked against the
 * master key at startup, re-wrapped during a rotation) and the content cipher.
 */
@Configuration(proxyBeanMethods = false)
public class CryptoConfiguration {

    @Bean
    MasterKey masterKey(CryptoProperties properties, ObjectProvider<EmbeddedMongoServer> embedded) {
        EmbeddedMongoServer server = embedded.getIfAvailable();
        Path dataDir = server == null ? null : server.file().getParent();
        return MasterKeyLoader.load(properties, dataDir);
    }

    @Bean
    RoomKeys roomKeys(MongoDatabase db, MasterKey master, CryptoProperties properties) {
        RoomKeys keys = new RoomKeys(db, master);
        if (properties.previousMasterKeyFile() != null) {
            keys.rewrapFrom(MasterKeyLoader.readFile(properties.previousMasterKeyFile()));
        }
        keys.checkMasterKey();
        return keys;
    }

    @Bean
    ContentCipher contentCipher(RoomKeys keys) {
        return new ContentCipher(keys);
    }
}
