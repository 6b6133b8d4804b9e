package jp.renkei.server.auth;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import org.springframework.stereotype.Component;

/**
 * TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) on the JDK's {@link Mac}, and the
 * {@code otpauth://} URI and its QR code for enrolment.
 *
 * <p>Written here rather than taken from a library: {@code dev.samstevens.totp} (used until December
 * 2026) had its last release in 2020 and brought an old ZXing; the other TOTP libraries on Maven Central
 * are not maintained either ({@code com.eatthepath:java-otp} last released 2022,
 * {@code com.github.bastiaanjansen:otp-java} 2024). The algorithm is one HMAC and a truncation (RFC 4226
 * section 5.3); {@code TotpTest} checks it against the RFC 6238 Appendix B test vectors. The QR code is
 * drawn with ZXing's core encoder (maintained) and the JDK's PNG writer.
 *
 * <p>Codes of the current step and one step either side are accepted (clock drift of phones), and the
 * matching step is returned, so that callers refuse a replayed code (a step not newer than the last one
 * accepted for the user).
 */
@Component
public class Totp {

    static final int PERIOD_SECONDS = 30;
    static final int DIGITS = 6;
    /** 20 random bytes = 160 bits (32 base32 characters), the key length RFC 4226 recommends for HMAC-SHA-1. */
    static final int SECRET_BYTES = 20;
    /** Side of the enrolment QR code in pixels. */
    static final int QR_SIZE = 350;

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public Totp() {
        this(Clock.systemUTC());
    }

    Totp(Clock clock) {
        this.clock = clock;
    }

    /** A new random secret (base32). Never logged. */
    public String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        random.nextBytes(key);
        return base32(key);
    }

    /** The current time step. */
    public long currentStep() {
        return clock.millis() / 1000 / PERIOD_SECONDS;
    }

    /** The step within ±1 of now whose code is {@code code}, if any. */
    public OptionalLong matchingStep(String secret, String code) {
        if (secret == null || code == null || code.length() != DIGITS || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long now = currentStep();
        long found = -1;
        // Every step of the window is computed and compared in constant time, match or not.
        for (long step = now - 1; step <= now + 1; step++) {
            if (MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII)) && found < 0) {
                found = step;
            }
        }
        return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** The code of {@code step} for a base32 secret. */
    public String code(String secret, long step) {
        return code(base32Decode(secret), step, "HmacSHA1", DIGITS);
    }

    /** RFC 4226 HOTP of {@code counter} (RFC 6238: the counter is the time step). */
    static String code(byte[] key, long counter, String hmacAlgorithm, int digits) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance(hmacAlgorithm);
            mac.init(new SecretKeySpec(key, hmacAlgorithm));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TOTP code generation failed", e);
        }
        // Dynamic truncation (RFC 4226 section 5.3).
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        StringBuilder code = new StringBuilder(Integer.toString(binary % POWERS_OF_TEN[digits]));
        while (code.length() < digits) {
            code.insert(0, '0');
        }
        return code.toString();
    }

    /**
     * The {@code otpauth://} URI an authenticator app reads (Key Uri Format; the same parameters the
     * previous library wrote).
     */
    public String otpauthUri(String issuer, String account, String secret) {
        return "otpauth://totp/" + uriEncode(account) + "?secret=" + uriEncode(secret) + "&issuer=" + uriEncode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + PERIOD_SECONDS;
    }

    /** The same URI as a QR code, a PNG {@code data:} URI (allowed by the page's CSP for images). */
    public String qrDataUri(String issuer, String account, String secret) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(otpauthUri(issuer, account, secret), BarcodeFormat.QR_CODE, QR_SIZE, QR_SIZE,
                    Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name()));
        } catch (WriterException e) {
            throw new IllegalStateException("QR generation failed", e);
        }
        BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                image.setRGB(x, y, matrix.get(x, y) ? 0xff000000 : 0xffffffff);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }

    private static String uriEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** RFC 4648 base32 without padding. */
    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** RFC 4648 base32, case-insensitive; padding, spaces and hyphens (as apps display secrets) are ignored. */
    static byte[] base32Decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=' || c == ' ' || c == '-') {
                continue;
            }
            int value = BASE32.indexOf(c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
            if (value < 0) {
                throw new IllegalArgumentException("not a base32 secret");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
