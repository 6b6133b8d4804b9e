package jp.renkei.server.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.error.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts records at rest with AES-256-GCM under their room's data key (SP-CRY-01).
 *
 * <p>Envelope: {@code [format 1 byte = 1][data key version 4 bytes][nonce 12 bytes][ciphertext + 16-byte tag]}.
 * The nonce is random per record (2^-32 collision bound is far beyond a room's record count). The
 * associated data binds the ciphertext to its room, record id and key version, so a ciphertext copied
 * onto another record or room fails authentication instead of showing the wrong content.
 *
 * <p>The JDK's JCE is used rather than Bouncy Castle: AES-GCM there runs on the AES-NI/CLMUL
 * intrinsics of HotSpot, needs no provider registration, and is the validated path a FIPS-configured
 * JDK offers; Bouncy Castle stays on the class path only for Argon2 password hashing.
 */
public class ContentCipher {

    private static final Logger log = LoggerFactory.getLogger(ContentCipher.class);
    private static final byte FORMAT = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER = 1 + 4 + NONCE;

    private final RoomKeys keys;
    private final SecureRandom random = new SecureRandom();

    public ContentCipher(RoomKeys keys) {
        this.keys = keys;
    }

    /** Encrypts {@code plaintext} of record {@code recordId} in {@code roomId}. */
    public byte[] seal(String roomId, String recordId, byte[] plaintext) {
        RoomKeys.DataKey key = keys.current(roomId);
        byte[] out = new byte[HEADER + plaintext.length + TAG_BITS / 8];
        ByteBuffer head = ByteBuffer.wrap(out, 0, HEADER);
        head.put(FORMAT).putInt(key.version());
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        head.put(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(roomId, recordId, key.version()));
            c.doFinal(plaintext, 0, plaintext.length, out, HEADER);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    /** Encrypts UTF-8 text. */
    public byte[] sealText(String roomId, String recordId, String text) {
        return seal(roomId, recordId, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decrypts an envelope made by {@link #seal} for the same room and record.
     *
     * @throws DomainException {@link ErrorCode#CONTENT_DESTROYED} if the room's key was shredded,
     *                      {@link ErrorCode#CONTENT_UNREADABLE} if the envelope was altered, moved to
     *                      another record, or the key cannot be unwrapped
     */
    public byte[] open(String roomId, String recordId, byte[] envelope) {
        if (envelope == null || envelope.length < HEADER + TAG_BITS / 8 || envelope[0] != FORMAT) {
            throw unreadable(roomId, recordId);
        }
        int version = ByteBuffer.wrap(envelope, 1, 4).getInt();
        RoomKeys.DataKey key = keys.forVersion(roomId, version);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, envelope, 5, NONCE));
            c.updateAAD(aad(roomId, recordId, version));
            return c.doFinal(envelope, HEADER, envelope.length - HEADER);
        } catch (AEADBadTagException e) {
            throw unreadable(roomId, recordId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Decryption failed", e);
        }
    }

    /** Decrypts UTF-8 text. */
    public String openText(String roomId, String recordId, byte[] envelope) {
        return new String(open(roomId, recordId, envelope), StandardCharsets.UTF_8);
    }

    private static DomainException unreadable(String roomId, String recordId) {
        // Ids only in the log (SP-PRV-05 style): the record is named, its content never.
        log.error("Record {} of room {} failed authentication (altered, moved or wrong key)", recordId, roomId);
        return new DomainException(ErrorCode.CONTENT_UNREADABLE);
    }

    private static byte[] aad(String roomId, String recordId, int version) {
        return ("renkei/v1|" + roomId + "|" + recordId + "|" + version).getBytes(StandardCharsets.UTF_8);
    }
}
