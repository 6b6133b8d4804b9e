package jp.renkei.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption key that wraps every room's data key. Only its {@link #id()} is ever logged or
 * stored: a fingerprint that tells which master key wrapped a room key, so a rotation knows what to
 * re-wrap and a wrong key is reported clearly instead of as garbage.
 */
public final class MasterKey {

    private final SecretKey key;
    private final String id;

    public MasterKey(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("A master key must be 256 bits (32 bytes), got " + raw.length);
        }
        this.key = new SecretKeySpec(raw.clone(), "AES");
        this.id = fingerprint(raw);
    }

    /** A fresh random key (tests, benchmarks, and the one-time key of the embedded demo setup). */
    public static MasterKey generate() {
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        return new MasterKey(raw);
    }

    /** A short, non-secret fingerprint: the first 8 bytes of SHA-256 over a label and the key. */
    public String id() {
        return id;
    }

    /** A 256-bit key for another purpose derived from this one: HMAC-SHA256(master, label). */
    public byte[] deriveKey(String label) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    SecretKey key() {
        return key;
    }

    private static String fingerprint(byte[] raw) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("renkei master key id v1".getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha.digest(raw);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]"; // never the key
    }
}
