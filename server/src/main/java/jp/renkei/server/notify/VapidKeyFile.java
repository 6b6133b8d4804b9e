package jp.renkei.server.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.interaso.webpush.VapidKeys;
import jp.renkei.server.store.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's VAPID key pair (RFC 8292, ECDSA P-256), kept like the audit signing key: a file in the
 * data folder (or {@code renkei.notify.vapid-key-file}), generated on first start, created owner-only
 * in one step. Format (the one {@code com.interaso.webpush.VapidKeys.load} reads): two lines, the X.509
 * public key and the PKCS#8 private key, each Base64. Changing the key invalidates every browser's
 * subscription (they were made with the old public key), so it must be backed up with the data.
 */
final class VapidKeyFile {

    private static final Logger log = LoggerFactory.getLogger(VapidKeyFile.class);

    private VapidKeyFile() {
    }

    static VapidKeys loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                generate(file);
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            if (lines.size() < 2) {
                throw new IllegalStateException("The VAPID key file " + file + " must hold two lines");
            }
            return VapidKeys.create(lines.get(0).strip(), lines.get(1).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the VAPID key " + file, e);
        }
    }

    private static void generate(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        VapidKeys keys = VapidKeys.generate();
        OwnerOnlyFiles.create(file);
        Files.writeString(file, keys.getX509PublicKey() + "\n" + keys.getPkcs8PrivateKey() + "\n",
                StandardCharsets.US_ASCII);
        log.warn("Generated a new VAPID key {}: back it up with the data (a new key ends every push subscription)",
                file);
    }
}
