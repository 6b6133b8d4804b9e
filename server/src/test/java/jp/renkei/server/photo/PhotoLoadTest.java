package jp.renkei.server.photo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.Limits;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Photos under load (issue: eight 40-megapixel PNGs at once exhausted a 1 GiB heap and answered
 * INTERNAL or a wrong IMAGE_DAMAGED): each decode holds a bounded number of pixels, a bounded number
 * run at once, and a busy server answers the retryable {@code 503 UNAVAILABLE} with {@code Retry-After}.
 */
class PhotoLoadTest extends ServerTestBase {

    @Autowired
    DecodeGate decoders;

    /** A 40-megapixel PNG (8000 × 5000, the largest allowed), mostly one colour: about 100–130 KB. */
    static final byte[] FORTY_MEGAPIXELS = png(Limits.MAX_PHOTO_SIDE, Limits.MAX_PHOTO_PIXELS / Limits.MAX_PHOTO_SIDE);

    @Test
    void aFortyMegapixelPngIsDecodedSubsampledWithinThePixelBudget() {
        assertThat(FORTY_MEGAPIXELS.length).isBetween(50_000, 200_000);
        BufferedImage decoded = ImageProcessor.decode(FORTY_MEGAPIXELS);
        assertThat((long) decoded.getWidth() * decoded.getHeight()).isLessThanOrEqualTo(ImageProcessor.MAX_DECODED_PIXELS);
        assertThat(decoded.getWidth()).isGreaterThanOrEqualTo(2 * ImageProcessor.MAX_STORED_SIDE - 100);
        assertThat(ImageProcessor.subsampling(8000, 8000)).isEqualTo(2);
        assertThat(ImageProcessor.subsampling(8000, 5000)).isEqualTo(2);
        assertThat(ImageProcessor.subsampling(2048, 1536)).isEqualTo(1);
        assertThat(DecodeGate.fromHeap(1L << 30, 8)).as("a 1 GiB heap decodes one at a time").isEqualTo(1);
        assertThat(DecodeGate.fromHeap(8L << 30, 2)).isEqualTo(2);
    }

    @Test
    void eightFortyMegapixelPngsAtOnceAnswerSuccessOrTheRetryableBusyErrorAndRetriesSucceed() throws Exception {
        UserAccount host = newUser(Profession.NURSE);
        String roomId = newPatientRoom(host);
        ApiClient api = login(host);
        assertThat(api.put("/api/rooms/" + roomId + "/photo-rules", "{\"photos\":true,\"faces\":false}").status())
                .isEqualTo(200);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            burst.add(http.sendAsync(upload(api, roomId), HttpResponse.BodyHandlers.ofString()));
        }
        int busy = 0;
        for (CompletableFuture<HttpResponse<String>> f : burst) {
            HttpResponse<String> r = f.get();
            String code = r.statusCode() == 201 ? null : ApiClient.JSON.readTree(r.body()).path("code").asString();
            assertThat(r.statusCode()).as(r.body()).isIn(201, 503);
            if (r.statusCode() == 503) {
                busy++;
                assertThat(code).isEqualTo("UNAVAILABLE");
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            } else {
                assertThat(ApiClient.JSON.readTree(r.body()).path("width").asInt()).isEqualTo(ImageProcessor.MAX_STORED_SIDE);
            }
        }
        // The ones told to retry succeed when retried one after another.
        for (int i = 0; i < busy; i++) {
            HttpResponse<String> r = http.send(upload(api, roomId), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }

    @Test
    void aServerBusyWithPhotosAnswersUnavailableWithRetryAfter() throws Exception {
        UserAccount host = newUser(Profession.NURSE);
        String roomId = newPatientRoom(host);
        ApiClient api = login(host);
        assertThat(api.put("/api/rooms/" + roomId + "/photo-rules", "{\"photos\":true,\"faces\":false}").status())
                .isEqualTo(200);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        byte[] small = png(640, 480);
        decoders.drainForTest();
        HttpResponse<String> refused;
        try {
            refused = http.send(upload(api, roomId, small), HttpResponse.BodyHandlers.ofString());
        } finally {
            decoders.releaseForTest();
        }
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(ApiClient.JSON.readTree(refused.body()).path("code").asString()).isEqualTo("UNAVAILABLE");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue(Integer.toString(DecodeGate.RETRY_AFTER_SECONDS));
        HttpResponse<String> retried = http.send(upload(api, roomId, small), HttpResponse.BodyHandlers.ofString());
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
    }

    private HttpRequest upload(ApiClient api, String roomId) {
        return upload(api, roomId, FORTY_MEGAPIXELS);
    }

    private HttpRequest upload(ApiClient api, String roomId, byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/api/rooms/" + roomId + "/photos"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "image/png")
                .header("Cookie", api.cookieHeader())
                .header("X-CSRF-TOKEN", api.csrf())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /**
     * An RGB PNG written row by row (never the whole image in memory): light grey with a darker band,
     * so it is valid, mostly uniform and compresses to a small file.
     */
    static byte[] png(int width, int height) {
        try {
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            Deflater deflater = new Deflater(9);
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
                byte[] row = new byte[1 + 3 * width];
                for (int y = 0; y < height; y++) {
                    row[0] = 0; // filter: none
                    byte v = (byte) (y >= height / 3 && y < height / 3 + 40 ? 0x60 : 0xE0);
                    java.util.Arrays.fill(row, 1, row.length, v);
                    z.write(row);
                }
            } finally {
                deflater.end();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(out);
            data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {8, 2, 0, 0, 0});
            chunk(data, "IHDR", ihdr.toByteArray());
            chunk(data, "IDAT", idat.toByteArray());
            chunk(data, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] content) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(content.length);
        out.write(name);
        out.write(content);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(content);
        out.writeInt((int) crc.getValue());
    }
}
