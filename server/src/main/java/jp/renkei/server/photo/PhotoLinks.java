package jp.renkei.server.photo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.crypto.MasterKey;
import jp.renkei.server.error.DomainException;
import org.springframework.stereotype.Component;

/**
 * Short-lived photo links: HMAC-SHA256 over {@code photoId|variant|userId|expiry} with a key derived
 * from the master key (so every node of a cluster checks the same links, and a link is bound to the
 * user it was made for). A valid link is necessary, not sufficient: the download also needs that
 * user's session and passes the access policy again.
 */
@Component
public class PhotoLinks {

    /** How long a link is valid, in seconds. */
    static final long TTL_SECONDS = 300;

    private final SecretKeySpec key;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    PhotoLinks(MasterKey master) {
        this(master.deriveKey("renkei photo links v1"), Clock.systemUTC());
    }

    PhotoLinks(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
    }

    /** A link's query parameters. */
    record Signed(long exp, String sig) {
    }

    Signed sign(String photoId, String variant, String userId) {
        long exp = clock.instant().getEpochSecond() + TTL_SECONDS;
        return new Signed(exp, mac(photoId, variant, userId, exp));
    }

    /** Throws {@link ErrorCode#PHOTO_LINK_INVALID} unless the link is unexpired and signed for this user. */
    void verify(String photoId, String variant, String userId, Long exp, String sig) {
        if (exp == null || sig == null || exp < clock.instant().getEpochSecond()
                || exp > clock.instant().getEpochSecond() + TTL_SECONDS
                || !MessageDigest.isEqual(mac(photoId, variant, userId, exp).getBytes(StandardCharsets.US_ASCII),
                        sig.getBytes(StandardCharsets.US_ASCII))) {
            throw new DomainException(ErrorCode.PHOTO_LINK_INVALID);
        }
    }

    private String mac(String photoId, String variant, String userId, long exp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] out = mac.doFinal((photoId + "|" + variant + "|" + userId + "|" + exp)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
