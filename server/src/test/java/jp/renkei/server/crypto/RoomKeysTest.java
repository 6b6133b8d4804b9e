package jp.renkei.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.function.Function;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.EmbeddedMongoServer;
import jp.renkei.server.error.DomainException;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Room keys and the content cipher over a real embedded database file: round trip, tampering, moved
 * ciphertexts, shredding, restart with the same or a wrong master key, and master key rotation.
 */
class RoomKeysTest {

    private static final String ROOM = "r-cryptotestroom01";
    private static final String TEXT = "褥瘡の状態を確認しました。右踵に発赤。";

    @TempDir
    Path dir;

    /** Runs {@code body} against a freshly opened database in {@link #dir} (a "process"). */
    private <T> T withDb(Function<MongoDatabase, T> body) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, false);
             MongoClient client = MongoClients.create(server.connectionString())) {
            return body.apply(client.getDatabase("renkei"));
        }
    }

    private static ContentCipher cipher(MongoDatabase db, MasterKey key) {
        RoomKeys keys = new RoomKeys(db, key);
        keys.checkMasterKey();
        return new ContentCipher(keys);
    }

    @Test
    void roundTripAndKeysAreStoredOnlyWrapped() {
        MasterKey master = MasterKey.generate();
        withDb(db -> {
            ContentCipher c = cipher(db, master);
            byte[] env = c.sealText(ROOM, ROOM + ":1", TEXT);
            assertThat(new String(env, StandardCharsets.UTF_8)).doesNotContain("褥瘡");
            assertThat(c.openText(ROOM, ROOM + ":1", env)).isEqualTo(TEXT);
            // Two seals of the same text differ (random nonce).
            assertThat(c.sealText(ROOM, ROOM + ":1", TEXT)).isNotEqualTo(env);
            Document stored = db.getCollection(Collections.ROOM_KEYS).find().first();
            assertThat(stored.getString("kek")).isEqualTo(master.id());
            assertThat(((Binary) stored.get("wrapped")).getData()).hasSize(40); // RFC 3394: key + 8
            return null;
        });
    }

    @Test
    void tamperedOrMovedCiphertextIsRejected() {
        withDb(db -> {
            ContentCipher c = cipher(db, MasterKey.generate());
            byte[] env = c.sealText(ROOM, ROOM + ":1", TEXT);
            byte[] flipped = env.clone();
            flipped[flipped.length - 20] ^= 1;
            assertCode(() -> c.open(ROOM, ROOM + ":1", flipped), ErrorCode.CONTENT_UNREADABLE);
            // The same bytes on another record, or in another room: the associated data differs.
            assertCode(() -> c.open(ROOM, ROOM + ":2", env), ErrorCode.CONTENT_UNREADABLE);
            c.sealText("r-otherroom000001", "x", "x");
            assertCode(() -> c.open("r-otherroom000001", ROOM + ":1", env), ErrorCode.CONTENT_UNREADABLE);
            assertCode(() -> c.open(ROOM, ROOM + ":1", new byte[3]), ErrorCode.CONTENT_UNREADABLE);
            return null;
        });
    }

    @Test
    void destroyingTheRoomKeyMakesItsContentUnreadableForGood() {
        MasterKey master = MasterKey.generate();
        byte[] env = withDb(db -> {
            RoomKeys keys = new RoomKeys(db, master);
            ContentCipher c = new ContentCipher(keys);
            byte[] e = c.sealText(ROOM, ROOM + ":1", TEXT);
            keys.destroy(ROOM);
            assertThat(keys.isDestroyed(ROOM)).isTrue();
            assertCode(() -> c.open(ROOM, ROOM + ":1", e), ErrorCode.CONTENT_DESTROYED);
            assertCode(() -> c.sealText(ROOM, ROOM + ":2", TEXT), ErrorCode.CONTENT_DESTROYED);
            Document tomb = db.getCollection(Collections.ROOM_KEYS).find().first();
            assertThat(tomb).doesNotContainKey("wrapped").containsKey("destroyed");
            return e;
        });
        // Also after a restart: nothing cached brings the key back.
        withDb(db -> {
            assertCode(() -> cipher(db, master).open(ROOM, ROOM + ":1", env), ErrorCode.CONTENT_DESTROYED);
            return null;
        });
    }

    @Test
    void restartWithTheSameMasterKeyReadsEverything() {
        MasterKey master = MasterKey.generate();
        byte[] env = withDb(db -> cipher(db, master).sealText(ROOM, ROOM + ":1", TEXT));
        String read = withDb(db -> cipher(db, master).openText(ROOM, ROOM + ":1", env));
        assertThat(read).isEqualTo(TEXT);
    }

    @Test
    void aWrongMasterKeyFailsClearlyAtStartupAndAtRead() {
        byte[] env = withDb(db -> cipher(db, MasterKey.generate()).sealText(ROOM, ROOM + ":1", TEXT));
        MasterKey wrong = MasterKey.generate();
        withDb(db -> {
            RoomKeys keys = new RoomKeys(db, wrong);
            assertThatThrownBy(keys::checkMasterKey).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not the one that wrapped the stored room keys");
            assertCode(() -> new ContentCipher(keys).open(ROOM, ROOM + ":1", env), ErrorCode.CONTENT_UNREADABLE);
            return null;
        });
    }

    @Test
    void rotationReWrapsRoomKeysUnderTheNewMasterKey() {
        MasterKey old = MasterKey.generate();
        MasterKey fresh = MasterKey.generate();
        byte[] env = withDb(db -> cipher(db, old).sealText(ROOM, ROOM + ":1", TEXT));
        withDb(db -> {
            RoomKeys keys = new RoomKeys(db, fresh);
            assertThat(keys.rewrapFrom(old)).isEqualTo(1);
            keys.checkMasterKey();
            assertThat(new ContentCipher(keys).openText(ROOM, ROOM + ":1", env)).isEqualTo(TEXT);
            assertThat(db.getCollection(Collections.ROOM_KEYS).find().first().getString("kek")).isEqualTo(fresh.id());
            return null;
        });
    }

    @Test
    void theEmbeddedSetupGeneratesAnOwnerOnlyKeyOnceAndReusesIt() throws Exception {
        CryptoProperties none = new CryptoProperties(null, null, null, null, null);
        MasterKey first = MasterKeyLoader.load(none, dir);
        Path file = dir.resolve(MasterKeyLoader.GENERATED_KEY_FILE);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(MasterKeyLoader.load(none, dir).id()).isEqualTo(first.id());
        // Configured key files: raw 32 bytes or Base64.
        byte[] raw = new byte[32];
        raw[0] = 7;
        Files.write(dir.resolve("raw.key"), raw);
        Files.writeString(dir.resolve("b64.key"), Base64.getEncoder().encodeToString(raw) + "\n");
        assertThat(MasterKeyLoader.readFile(dir.resolve("raw.key")).id())
                .isEqualTo(MasterKeyLoader.readFile(dir.resolve("b64.key")).id());
        // Without the embedded database, a key must be configured.
        assertThatThrownBy(() -> MasterKeyLoader.load(none, null)).hasMessageContaining("No master key configured");
    }

    private static void assertCode(Runnable r, ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
