package jp.renkei.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.OptionalLong;

import dev.samstevens.totp.code.CodeGenerator;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.exceptions.QrGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import dev.samstevens.totp.util.Utils;
import org.springframework.stereotype.Component;

/**
 * TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) with the {@code dev.samstevens.totp} library.
 * Codes of the current step and one step either side are accepted (clock drift of phones); the
 * library's verifier does not say which step matched, and refusing a replayed code needs that step,
 * so the window is walked here with the library's code generator.
 */
@Component
public class Totp {

    static final int PERIOD_SECONDS = 30;
    static final int DIGITS = 6;

    private final CodeGenerator codes = new DefaultCodeGenerator(HashingAlgorithm.SHA1, DIGITS);
    /** 32 base32 characters = 160 bits, the key length RFC 4226 recommends for HMAC-SHA-1. */
    private final DefaultSecretGenerator secrets = new DefaultSecretGenerator(32);
    private final Clock clock;

    public Totp() {
        this(Clock.systemUTC());
    }

    Totp(Clock clock) {
        this.clock = clock;
    }

    /** A new random secret (base32). Never logged. */
    public String newSecret() {
        return secrets.generate();
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

    /** The code of {@code step}. */
    public String code(String secret, long step) {
        try {
            return codes.generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException("TOTP code generation failed", e);
        }
    }

    /** The {@code otpauth://} URI an authenticator app reads. */
    public String otpauthUri(String issuer, String account, String secret) {
        return qrData(issuer, account, secret).getUri();
    }

    /** The same URI as a QR code, a PNG {@code data:} URI (allowed by the page's CSP for images). */
    public String qrDataUri(String issuer, String account, String secret) {
        try {
            ZxingPngQrGenerator generator = new ZxingPngQrGenerator();
            return Utils.getDataUriForImage(generator.generate(qrData(issuer, account, secret)), generator.getImageMimeType());
        } catch (QrGenerationException e) {
            throw new IllegalStateException("QR generation failed", e);
        }
    }

    private static QrData qrData(String issuer, String account, String secret) {
        return new QrData.Builder().label(account).secret(secret).issuer(issuer)
                .algorithm(HashingAlgorithm.SHA1).digits(DIGITS).period(PERIOD_SECONDS).build();
    }
}
