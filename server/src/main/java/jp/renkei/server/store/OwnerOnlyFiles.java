package jp.renkei.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates the files that hold keys (master key, audit signing key, VAPID key) readable by their owner
 * alone, in one step, so that no other local user can read them even for a moment. On a file system
 * without POSIX permissions the file is created plainly and restricting it is the operator's duty.
 */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /**
     * Creates {@code file} empty with permissions {@code rw-------} (where the file system has them).
     *
     * @throws java.nio.file.FileAlreadyExistsException if it exists (another process may have made it first)
     * @throws IOException if it cannot be created
     */
    public static void create(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }
}
