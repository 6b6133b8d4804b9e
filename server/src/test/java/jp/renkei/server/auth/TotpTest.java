package jp.renkei.server.auth;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.OptionalLong;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Totp}: the RFC 6238 Appendix B test vectors, the accepted window, the enrolment URI and QR code. */
class TotpTest {

    private static final byte[] SEED_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA256 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA512 =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);
    /** {@link #SEED_SHA1} in base32, as an authenticator app would hold it. */
    private static final String SEED_SHA1_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    /** RFC 6238 Appendix B: time (seconds since the epoch), then the 8-digit TOTP of each algorithm. */
    @ParameterizedTest(name = "T = {0}")
    @CsvSource({
        "59,          94287082, 46119246, 90693936",
        "1111111109,  07081804, 68084774, 25091201",
        "1111111111,  14050471, 67062674, 99943326",
        "1234567890,  89005924, 91819424, 93441116",
        "2000000000,  69279037, 90698825, 38618901",
        "20000000000, 65353130, 77737706, 47863826",
    })
    void rfc6238TestVectors(long time, String sha1, String sha256, String sha512) {
        long step = time / Totp.PERIOD_SECONDS;
        assertThat(Totp.code(SEED_SHA1, step, "HmacSHA1", 8)).isEqualTo(sha1);
        assertThat(Totp.code(SEED_SHA256, step, "HmacSHA256", 8)).isEqualTo(sha256);
        assertThat(Totp.code(SEED_SHA512, step, "HmacSHA512", 8)).isEqualTo(sha512);
        // The server's codes: SHA-1, 6 digits (the last six of the 8-digit value), from the base32 secret.
        assertThat(totpAt(time).code(SEED_SHA1_BASE32, step)).isEqualTo(sha1.substring(2));
    }

    @Test
    void base32OfTheRfcSeedAndBack() {
        assertThat(Totp.base32(SEED_SHA1)).isEqualTo(SEED_SHA1_BASE32);
        assertThat(Totp.base32Decode(SEED_SHA1_BASE32)).isEqualTo(SEED_SHA1);
        assertThat(Totp.base32Decode("gezd gnbv-gy3tqojqgezdgnbvgy3tqojq====")).isEqualTo(SEED_SHA1);
        assertThatThrownBy(() -> Totp.base32Decode("GEZD1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newSecretsAre160BitBase32AndDiffer() {
        Totp totp = new Totp();
        String a = totp.newSecret();
        assertThat(a).hasSize(32).matches("[A-Z2-7]{32}");
        assertThat(Totp.base32Decode(a)).hasSize(20);
        assertThat(totp.newSecret()).isNotEqualTo(a);
    }

    @Test
    void acceptsTheCurrentStepAndOneEitherSideAndSaysWhich() {
        long time = 1_234_567_890L;
        Totp totp = totpAt(time);
        long now = time / Totp.PERIOD_SECONDS;
        assertThat(totp.currentStep()).isEqualTo(now);
        for (long step = now - 1; step <= now + 1; step++) {
            assertThat(totp.matchingStep(SEED_SHA1_BASE32, totp.code(SEED_SHA1_BASE32, step))).hasValue(step);
        }
        assertThat(totp.matchingStep(SEED_SHA1_BASE32, totp.code(SEED_SHA1_BASE32, now - 2))).isEmpty();
        assertThat(totp.matchingStep(SEED_SHA1_BASE32, totp.code(SEED_SHA1_BASE32, now + 2))).isEmpty();
    }

    @Test
    void refusesMalformedCodes() {
        Totp totp = totpAt(59);
        String good = totp.code(SEED_SHA1_BASE32, 1);
        assertThat(totp.matchingStep(SEED_SHA1_BASE32, good)).isEqualTo(OptionalLong.of(1));
        assertThat(totp.matchingStep(SEED_SHA1_BASE32, "94287082")).isEmpty(); // 8 digits
        assertThat(totp.matchingStep(SEED_SHA1_BASE32, "28708")).isEmpty();
        assertThat(totp.matchingStep(SEED_SHA1_BASE32, "２８７０８２")).isEmpty(); // full-width digits
        assertThat(totp.matchingStep(SEED_SHA1_BASE32, null)).isEmpty();
        assertThat(totp.matchingStep(null, good)).isEmpty();
    }

    @Test
    void otpauthUriNamesTheParameters() {
        assertThat(new Totp().otpauthUri("Renkei 連携", "sato@example.jp", "ABCDEF234567"))
                .isEqualTo("otpauth://totp/sato%40example.jp?secret=ABCDEF234567&issuer=Renkei%20%E9%80%A3%E6%90%BA"
                        + "&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void qrCodeIsAPngThatReadsAsTheUri() throws Exception {
        Totp totp = new Totp();
        String uri = totp.otpauthUri("Renkei", "佐藤 花子", SEED_SHA1_BASE32);
        String dataUri = totp.qrDataUri("Renkei", "佐藤 花子", SEED_SHA1_BASE32);
        assertThat(dataUri).startsWith("data:image/png;base64,");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()))));
        assertThat(image.getWidth()).isEqualTo(Totp.QR_SIZE);
        assertThat(image.getHeight()).isEqualTo(Totp.QR_SIZE);
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        assertThat(new QRCodeReader().decode(bitmap).getText()).isEqualTo(uri);
    }

    private static Totp totpAt(long epochSecond) {
        return new Totp(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }
}
