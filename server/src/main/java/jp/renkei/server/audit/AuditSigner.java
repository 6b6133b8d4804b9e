package jp.renkei.server.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import jp.renkei.server.store.OwnerOnlyFiles;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs audit checkpoints with Ed25519 (Bouncy Castle's {@link Ed25519Signer}), SP-AUD-02.
 *
 * <p>Key file: one line, the 32-byte private key in Base64. The public key is written next to it
 * ({@code <name>.pub}, Base64 of the 32-byte key) so that auditors can verify without the secret. In
 * production the key comes from the operator (a file provisioned from the KMS/HSM, SP-CRY-02); in the
 * embedded and demo setup it is generated once, readable by the owner only.
 */
public final class AuditSigner {

    private static final Logger log = LoggerFactory.getLogger(AuditSigner.class);

    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters publicKey;

    AuditSigner(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey();
    }

    /** Loads the key in {@code file}, or generates it there (owner-only) if the file does not exist. */
    public static AuditSigner loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                generate(file);
            }
            byte[] raw = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (raw.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
                throw new IllegalStateException("The audit signing key " + file + " is not a 32-byte Ed25519 key");
            }
            AuditSigner signer = new AuditSigner(new Ed25519PrivateKeyParameters(raw, 0));
            Path pub = publicKeyFile(file);
            String published = signer.publicKeyBase64();
            if (!Files.exists(pub) || !Files.readString(pub, StandardCharsets.US_ASCII).strip().equals(published)) {
                Files.writeString(pub, published + "\n", StandardCharsets.US_ASCII);
            }
            log.info("Audit checkpoints signed with Ed25519 key {} (public key {}, id {})", file, pub, signer.keyId());
            return signer;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the audit signing key " + file, e);
        }
    }

    private static void generate(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        String line = Base64.getEncoder().encodeToString(key.getEncoded()) + "\n";
        try {
            OwnerOnlyFiles.create(file);
        } catch (FileAlreadyExistsException e) {
            return; // another process created it first: use theirs
        }
        Files.writeString(file, line, StandardCharsets.US_ASCII);
        log.warn("Generated a new audit signing key {}: keep it secret and back it up apart from the data", file);
    }

    /** Where the public key of {@code keyFile} is published. */
    public static Path publicKeyFile(Path keyFile) {
        return keyFile.resolveSibling(keyFile.getFileName() + ".pub");
    }

    /** Signs {@code message}; returns the 64-byte signature in Base64. */
    String sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return Base64.getEncoder().encodeToString(signer.generateSignature());
    }

    /** The public key, Base64 of its 32 bytes. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** The public key. */
    public Ed25519PublicKeyParameters publicKeyOf() {
        return publicKey;
    }

    /** A short id of the public key (first 16 hex digits of its SHA-256), stored with each checkpoint. */
    public String keyId() {
        return keyIdOf(publicKey.getEncoded());
    }

    static String keyIdOf(byte[] publicKey) {
        return HexFormat.of().formatHex(AuditChain.sha256().digest(publicKey)).substring(0, 16);
    }

    /** Whether {@code signatureBase64} is a valid signature of {@code message} by {@code publicKey}. */
    static boolean verify(Ed25519PublicKeyParameters publicKey, byte[] message, String signatureBase64) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64 == null ? "" : signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKey);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** Reads a public key file written by {@link #loadOrCreate(Path)}. */
    static Ed25519PublicKeyParameters readPublicKey(Path file) throws IOException {
        byte[] raw = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        return new Ed25519PublicKeyParameters(raw, 0);
    }
}
