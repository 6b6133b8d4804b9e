package jp.renkei.server.auth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jp.renkei.server.crypto.MasterKey;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;

/**
 * Turns the attributes of a shared session (the {@code SecurityContext} with the user id and the factors
 * given, the CSRF token, a pending passkey challenge, the time the password step was given) into bytes for
 * the store and back, safely:
 *
 * <ul>
 *   <li>the bytes carry an HMAC-SHA256 under a key derived from the master key (label
 *       {@value #KEY_LABEL}), checked before anything is deserialized: whoever can write to the store but
 *       does not hold the master key can neither forge a login nor feed a deserialization gadget;
 *   <li>deserialization runs under an {@link ObjectInputFilter} that admits only JDK value classes
 *       ({@code java.lang}, {@code java.util}, {@code java.time}), Spring Security's and Renkei's own
 *       classes, with limits on depth, references, array length and size.
 * </ul>
 *
 * Java serialization is used because every attribute Spring Security keeps in a session is
 * {@link Serializable} by contract; the two checks above are what makes it acceptable here.
 * A passkey registration's pending options, which Spring Security does not make serializable, are stored as
 * {@link StoredCreationOptions}. Other attributes that are not serializable are not stored (none today).
 */
final class SessionAttributeCodec {

    static final String KEY_LABEL = "renkei session attributes v1";
    /** Larger stored attributes are refused: a session holds a few small objects (about 2 KB). */
    static final int MAX_BYTES = 64 * 1024;

    private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
            "maxdepth=20;maxrefs=4000;maxarray=16384;maxbytes=" + MAX_BYTES
                    + ";java.lang.*;java.util.*;java.time.*;java.net.URL;org.springframework.security.**;"
                    + "jp.renkei.server.**;!*");

    private final byte[] key;

    SessionAttributeCodec(MasterKey master) {
        this.key = master.deriveKey(KEY_LABEL);
    }

    /** The serializable attributes as bytes (the others are left out), with their MAC. */
    Sealed seal(Map<String, Object> attributes) {
        HashMap<String, Object> kept = new HashMap<>();
        attributes.forEach((name, value) -> {
            if (value instanceof PublicKeyCredentialCreationOptions options) {
                kept.put(name, StoredCreationOptions.of(options));
            } else if (value instanceof Serializable) {
                kept.put(name, value);
            }
        });
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(kept);
        } catch (IOException e) {
            throw new IllegalStateException("Session attributes do not serialize", e);
        }
        byte[] data = bytes.toByteArray();
        if (data.length > MAX_BYTES) {
            throw new IllegalStateException("Session attributes too large: " + data.length + " bytes");
        }
        return new Sealed(data, mac(data));
    }

    /** The attributes, or an empty map if the MAC does not match or the content is not admitted. */
    @SuppressWarnings("unchecked")
    Map<String, Object> open(byte[] data, byte[] mac) {
        if (data == null || mac == null || data.length > MAX_BYTES || !MessageDigest.isEqual(mac(data), mac)) {
            return new HashMap<>();
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(ALLOWED);
            Object read = in.readObject();
            if (!(read instanceof HashMap<?, ?>)) {
                return new HashMap<>();
            }
            Map<String, Object> map = (Map<String, Object>) read;
            map.replaceAll((name, value) -> value instanceof StoredCreationOptions stored ? stored.options() : value);
            return map;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return new HashMap<>();
        }
    }

    private byte[] mac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serialized attributes and their MAC. */
    record Sealed(byte[] data, byte[] mac) {
    }
}
