package jp.renkei.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import jp.renkei.server.store.EmbeddedMongoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The database file, its folder and the generated master key are the owner's alone (rw-------), and a
 * master key kept inside the data folder is warned about at every start: a copy of the folder would
 * carry both the data and its key.
 */
@ExtendWith(OutputCaptureExtension.class)
class DataFilePermissionsTest {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    @Test
    void theDatabaseFileAndItsFolderAreOwnerOnly(@TempDir Path tmp) throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path data = tmp.resolve("data");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(data, false)) {
            assertThat(Files.getPosixFilePermissions(server.file())).isEqualTo(OWNER_ONLY_FILE);
            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void anExistingWorldReadableDatabaseFileIsMadeOwnerOnly(@TempDir Path tmp) throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path data = tmp.resolve("data");
        Path file;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(data, false)) {
            file = server.file();
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(data, false)) {
            assertThat(Files.getPosixFilePermissions(server.file())).isEqualTo(OWNER_ONLY_FILE);
        }
    }

    @Test
    void aGeneratedKeyIsOwnerOnlyAndAKeyInsideTheDataFolderIsWarnedAbout(@TempDir Path tmp, CapturedOutput output)
            throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        CryptoProperties none = new CryptoProperties(null, null, null, null, null);
        MasterKeyLoader.load(none, data);
        Path key = data.resolve(MasterKeyLoader.GENERATED_KEY_FILE);
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(OWNER_ONLY_FILE);
        int before = warnings(output);
        assertThat(before).isEqualTo(1);
        // Every later start warns again, once.
        MasterKeyLoader.load(none, data);
        assertThat(warnings(output)).isEqualTo(2);
        // A configured key file inside the data folder is warned about too; one elsewhere is not.
        MasterKeyLoader.load(new CryptoProperties(key, null, null, null, null), data);
        assertThat(warnings(output)).isEqualTo(3);
        Path elsewhere = tmp.resolve("keys").resolve("master.key");
        Files.createDirectories(elsewhere.getParent());
        Files.copy(key, elsewhere);
        MasterKeyLoader.load(new CryptoProperties(elsewhere, null, null, null, null), data);
        assertThat(warnings(output)).isEqualTo(3);
    }

    private static int warnings(CapturedOutput output) {
        return output.getAll().split("master key is inside the data folder", -1).length - 1;
    }
}
