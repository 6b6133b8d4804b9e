package jp.renkei.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jp.renkei.server.crypto.MasterKey;

/**
 * Encrypts TOTP secrets at rest (SP-AUTH-02, SP-CRY-01) with AES-256-GCM under a key derived from the
 * master key ({@link MasterKey#deriveKey}, label {@value #LABEL}). The associated data names the
 * purpose and the user, so a secret copied onto another account, or from a link to the credentials,
 * does not decrypt. Envelope: {@code [format 1 byte = 1][nonce 12 bytes][ciphertext + 16-byte tag]};
 * the master key's fingerprint is stored beside it so a rotation knows what to re-encrypt.
 *
 * <p>The JDK's JCE, as in {@code ContentCipher}; room keys are not used because a secret belongs to a
 * person, not a room.
 */
public final class TotpSecretCipher {

    static final String LABEL = "renkei totp secret v1";
    private static final byte FORMAT = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    public TotpSecretCipher(MasterKey master) {
        this.key = new SecretKeySpec(master.deriveKey(LABEL), "AES");
        this.keyId = master.id();
    }

    /** The fingerprint of the master key this cipher derives from. */
    public String keyId() {
        return keyId;
    }

    /** Encrypts {@code secret} for {@code purpose} ({@code credential}, {@code link}) of {@code userId}. */
    public byte[] seal(String purpose, String userId, String secret) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(purpose, userId));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.US_ASCII));
            byte[] out = new byte[1 + NONCE + sealed.length];
            out[0] = FORMAT;
            System.arraycopy(nonce, 0, out, 1, NONCE);
            System.arraycopy(sealed, 0, out, 1 + NONCE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    /** Decrypts an envelope of {@link #seal}; null if it was altered, moved or made under another key. */
    public String open(String purpose, String userId, byte[] envelope) {
        if (envelope == null || envelope.length < 1 + NONCE + TAG_BITS / 8 || envelope[0] != FORMAT) {
            return null;
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, envelope, 1, NONCE));
            c.updateAAD(aad(purpose, userId));
            return new String(c.doFinal(envelope, 1 + NONCE, envelope.length - 1 - NONCE), StandardCharsets.US_ASCII);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Decryption failed", e);
        }
    }

    private static byte[] aad(String purpose, String userId) {
        return ("renkei/totp/v1|" + purpose + "|" + userId).getBytes(StandardCharsets.UTF_8);
    }
}
