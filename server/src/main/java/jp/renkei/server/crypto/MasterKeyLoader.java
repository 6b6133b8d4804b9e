package jp.renkei.server.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;

import jp.renkei.server.store.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the master key from configuration; see {@link CryptoProperties}. */
public final class MasterKeyLoader {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyLoader.class);

    /** File name of the key generated for the embedded demo setup, next to the database file. */
    public static final String GENERATED_KEY_FILE = "master.key";

    private MasterKeyLoader() {
    }

    /**
     * The configured master key.
     *
     * @param embeddedDataDir the embedded database's folder, or {@code null} when an external MongoDB is
     *                        used: then a key must be configured, since a generated key next to data
     *                        in another system would be lost or, worse, kept with the backups
     */
    public static MasterKey load(CryptoProperties p, Path embeddedDataDir) {
        if (p.keystore() != null) {
            warnIfInsideData(p.keystore(), embeddedDataDir);
            return fromKeystore(p);
        }
        if (p.masterKeyFile() != null) {
            warnIfInsideData(p.masterKeyFile(), embeddedDataDir);
            return readFile(p.masterKeyFile());
        }
        if (embeddedDataDir == null) {
            throw new IllegalStateException("No master key configured: set renkei.crypto.master-key-file or "
                    + "renkei.crypto.keystore (required when spring.mongodb.uri is set)");
        }
        Path file = embeddedDataDir.resolve(GENERATED_KEY_FILE).toAbsolutePath();
        if (!Files.exists(file)) {
            generate(file);
            log.info("Generated a master key for the embedded database at {} (owner-only). Back it up: without "
                    + "it nothing stored can be read.", file);
        } else {
            log.info("Using the master key at {}", file);
        }
        warnIfInsideData(file, embeddedDataDir);
        return readFile(file);
    }

    /**
     * One warning at every start while the key sits inside the data folder: a copy or backup of the
     * folder would carry both the encrypted data and the key that opens it (README.md, Operations).
     */
    static void warnIfInsideData(Path key, Path dataDir) {
        if (dataDir == null) {
            return;
        }
        Path k = key.toAbsolutePath().normalize();
        Path d = dataDir.toAbsolutePath().normalize();
        if (k.startsWith(d)) {
            log.warn("The master key is inside the data folder ({}): a copy or backup of the folder carries the "
                    + "data and its key together. Move it elsewhere and set renkei.crypto.master-key-file.", k);
        }
    }

    /** Reads a key file: 32 raw bytes, or the Base64 text of 32 bytes. */
    public static MasterKey readFile(Path file) {
        try {
            byte[] content = Files.readAllBytes(file);
            if (content.length == 32) {
                return new MasterKey(content);
            }
            String text = new String(content, StandardCharsets.US_ASCII).strip();
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("The master key file " + file
                        + " holds neither 32 raw bytes nor Base64 text");
            }
            return new MasterKey(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the master key file " + file, e);
        }
    }

    private static MasterKey fromKeystore(CryptoProperties p) {
        if (p.keyAlias() == null || p.keystorePassword() == null) {
            throw new IllegalStateException("renkei.crypto.keystore needs key-alias and keystore-password");
        }
        char[] password = p.keystorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(p.keystore())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            Key key = ks.getKey(p.keyAlias(), password);
            if (key == null || key.getEncoded() == null) {
                throw new IllegalStateException("The keystore " + p.keystore() + " has no secret key entry "
                        + p.keyAlias());
            }
            return new MasterKey(key.getEncoded());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the master key from the keystore " + p.keystore(), e);
        }
    }

    private static void generate(Path file) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        try {
            Files.createDirectories(file.getParent());
            OwnerOnlyFiles.create(file);
            Files.write(file, Base64.getEncoder().encode(raw), StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the generated master key to " + file, e);
        }
    }
}
