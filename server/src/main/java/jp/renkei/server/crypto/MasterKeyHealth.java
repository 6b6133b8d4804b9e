package jp.renkei.server.crypto;

import com.mongodb.MongoException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The master key's part of health ({@code components.masterKey}): {@code UP} when the loaded key is the
 * one that wrapped the stored room keys (so every room can be decrypted), {@code DOWN} when it is not
 * (e.g. a database restored from another installation without its key), {@code UNKNOWN} when the
 * database could not be asked. Detail: the key's non-secret fingerprint ({@link MasterKey#id()}) only.
 */
@Component("masterKeyHealthIndicator")
class MasterKeyHealth implements HealthIndicator {

    private final MasterKey key;
    private final RoomKeys roomKeys;

    MasterKeyHealth(MasterKey key, RoomKeys roomKeys) {
        this.key = key;
        this.roomKeys = roomKeys;
    }

    @Override
    public Health health() {
        Health.Builder builder;
        try {
            roomKeys.checkMasterKey();
            builder = Health.up();
        } catch (IllegalStateException e) {
            builder = Health.down().withDetail("error", "not the key that wrapped the stored room keys");
        } catch (MongoException e) {
            builder = Health.status(Status.UNKNOWN).withDetail("error", e.getClass().getSimpleName());
        }
        return builder.withDetail("keyId", key.id()).build();
    }
}
