package jp.renkei.server.photo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.icc.IccDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.Commands.PostNote;
import jp.renkei.protocol.Notes.NoteContent;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.store.Collections;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.note.NoteService;
import jp.renkei.server.error.DomainException;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Photos end to end over HTTP (issue 4, SP-CON-04): metadata stripped, orientation applied, bad input
 * refused with nothing stored, the room's photo rules, access and link checks, encryption at rest,
 * and the audit trail.
 */
class PhotoApiTest extends ServerTestBase {

    @Autowired
    NoteService notes;
    @Autowired
    MongoDatabase db;

    UserAccount host;
    UserAccount member;
    UserAccount outsider;
    String roomId;
    ApiClient hostApi;
    ApiClient memberApi;

    @BeforeEach
    void room() {
        host = newUser(Profession.NURSE);
        member = newUser(Profession.PHARMACIST);
        outsider = newUser(Profession.NURSE);
        roomId = newPatientRoom(host, member);
        hostApi = login(host);
        memberApi = login(member);
    }

    private void allow(boolean faces) {
        ApiClient.Response r = hostApi.put("/api/rooms/" + roomId + "/photo-rules",
                "{\"photos\":true,\"faces\":" + faces + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private ApiClient.Response upload(ApiClient api, byte[] bytes, boolean faces) {
        return api.postBytes("/api/rooms/" + roomId + "/photos?faces=" + faces, bytes, "image/jpeg");
    }

    @Test
    void aPhotoWithGpsComesBackWithoutAnyMetadata() throws Exception {
        allow(false);
        byte[] original = jpegWithExif(400, 300, 1);
        Metadata before = ImageMetadataReader.readMetadata(new ByteArrayInputStream(original));
        assertThat(before.getFirstDirectoryOfType(GpsDirectory.class)).as("the test image has GPS").isNotNull();
        assertThat(before.getFirstDirectoryOfType(ExifIFD0Directory.class).getString(ExifIFD0Directory.TAG_MAKE))
                .isEqualTo("RenkeiTestCam");

        ApiClient.Response up = upload(hostApi, original, false);
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        String photoId = up.json().path("photoId").asString();

        JsonNode link = hostApi.get("/api/rooms/" + roomId + "/photos/" + photoId + "/link").json();
        for (String url : List.of(link.path("url").asString(), link.path("thumbUrl").asString())) {
            HttpResponse<byte[]> r = hostApi.getBytes(url);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("image/jpeg");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("no-store").contains("private");
            assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline");
            Metadata after = ImageMetadataReader.readMetadata(new ByteArrayInputStream(r.body()));
            for (Class<? extends Directory> c : List.of(GpsDirectory.class, ExifIFD0Directory.class,
                    ExifSubIFDDirectory.class, XmpDirectory.class, IptcDirectory.class, IccDirectory.class)) {
                assertThat(after.getFirstDirectoryOfType(c)).as("%s in %s", c.getSimpleName(), url).isNull();
            }
            assertThat(new String(r.body(), "ISO-8859-1")).doesNotContain("RenkeiTestCam").doesNotContain("Exif");
        }
    }

    @Test
    void theExifOrientationIsAppliedToThePixels() throws Exception {
        allow(false);
        ApiClient.Response up = upload(hostApi, jpegWithExif(400, 300, 6), false);
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        assertThat(up.json().path("width").asInt()).isEqualTo(300);
        assertThat(up.json().path("height").asInt()).isEqualTo(400);
        String photoId = up.json().path("photoId").asString();
        String url = hostApi.get("/api/rooms/" + roomId + "/photos/" + photoId + "/link").json().path("url").asString();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(hostApi.getBytes(url).body()));
        assertThat(img.getWidth()).isEqualTo(300);
        assertThat(img.getHeight()).isEqualTo(400);
        // The red band at the top of the original (rows 0–49) is on the right after a 90° clockwise turn.
        Color right = new Color(img.getRGB(280, 200));
        assertThat(right.getRed()).isGreaterThan(200);
        assertThat(right.getGreen()).isLessThan(60);
    }

    @Test
    void badInputGetsAClearErrorAndNothingIsStored() throws Exception {
        allow(false);
        long before = photosInRoom();
        assertError(upload(hostApi, "これは画像ではありません".getBytes("UTF-8"), false), 415, "UNSUPPORTED_IMAGE");
        // A GIF, named and typed as a JPEG: the content decides.
        assertError(upload(hostApi, "GIF89a\u0001\u0000\u0001\u0000".getBytes("ISO-8859-1"), false), 415,
                "UNSUPPORTED_IMAGE");
        byte[] jpeg = jpegWithExif(400, 300, 1);
        assertError(upload(hostApi, Arrays.copyOf(jpeg, jpeg.length / 2), false), 400, "IMAGE_DAMAGED");
        assertError(upload(hostApi, pngHeader(100_000, 100_000), false), 413, "IMAGE_TOO_LARGE");
        assertError(upload(hostApi, pngHeader(9_000, 10), false), 413, "IMAGE_TOO_LARGE");
        byte[] huge = Arrays.copyOf(jpeg, 10 * 1024 * 1024 + 1);
        assertError(upload(hostApi, huge, false), 413, "TOO_LARGE");
        assertThat(photosInRoom()).isEqualTo(before);
    }

    @Test
    void theRoomsPhotoRulesAreEnforcedAndOnlyTheHostSetsThem() throws Exception {
        byte[] jpeg = jpegWithExif(64, 48, 1);
        assertThat(hostApi.put("/api/rooms/" + roomId + "/photo-rules", "{\"photos\":false,\"faces\":false}").status())
                .isEqualTo(200);
        assertError(upload(hostApi, jpeg, false), 403, "PHOTO_NOT_ALLOWED");
        assertError(memberApi.put("/api/rooms/" + roomId + "/photo-rules", "{\"photos\":true,\"faces\":true}"),
                403, "FORBIDDEN");
        allow(false);
        assertError(upload(memberApi, jpeg, true), 403, "PHOTO_NOT_ALLOWED");
        assertThat(upload(memberApi, jpeg, false).status()).isEqualTo(201);
        allow(true);
        assertThat(upload(memberApi, jpeg, true).status()).isEqualTo(201);
        // The change is in the room's log.
        assertThat(hostApi.get("/api/rooms/" + roomId + "/events").body()).contains("photo_rules.changed");
        assertError(login(outsider).postBytes("/api/rooms/" + roomId + "/photos", jpeg, "image/jpeg"), 404,
                "ROOM_NOT_FOUND");
    }

    /**
     * The default before the host chooses (docs/security.md, "Photos by default"): a patient room with
     * consent in force shares photos without faces; a photo showing a face needs the host's choice; a
     * network room shares none.
     */
    @Test
    void aConsentedPatientRoomSharesPhotosWithoutFacesByDefault() throws Exception {
        byte[] jpeg = jpegWithExif(64, 48, 1);
        assertThat(memberApi.get("/api/rooms/" + roomId + "/photo-rules").body())
                .contains("\"photos\":true").contains("\"faces\":false");
        assertThat(upload(memberApi, jpeg, false).status()).isEqualTo(201);
        assertError(upload(memberApi, jpeg, true), 403, "PHOTO_NOT_ALLOWED");

        String network = rooms.create(host, new jp.renkei.protocol.Resources.CreateRoom("network", "北区 写真テスト", null, null));
        rooms.invite(host, network, member.id());
        assertThat(memberApi.get("/api/rooms/" + network + "/photo-rules").body()).contains("\"photos\":false");
        assertError(memberApi.postBytes("/api/rooms/" + network + "/photos?faces=false", jpeg, "image/jpeg"), 403,
                "PHOTO_NOT_ALLOWED");
    }

    @Test
    void viewingNeedsMembershipAValidLinkForThisUserAndIsAudited() throws Exception {
        allow(false);
        String photoId = upload(hostApi, jpegWithExif(64, 48, 1), false).json().path("photoId").asString();
        String links = "/api/rooms/" + roomId + "/photos/" + photoId + "/link";
        // Pending: only the uploader sees it.
        assertError(memberApi.get(links), 404, "PHOTO_NOT_FOUND");
        // Attaching: only one's own pending photos.
        assertThat(catchCode(() -> notes.post(member, new PostNote(roomId, "t-steal",
                new NoteContent("free", "写真です", false, null, null, List.of(photoId))), CommandAudit.none()))).isEqualTo("INVALID_FIELD");
        notes.post(host, new PostNote(roomId, "t-photo", new NoteContent("free", "仙骨部の写真です", false, null, null,
                List.of(photoId))), CommandAudit.none());
        assertThat(catchCode(() -> notes.post(host, new PostNote(roomId, "t-again",
                new NoteContent("free", "もう一度", false, null, null, List.of(photoId))), CommandAudit.none()))).isEqualTo("INVALID_FIELD");
        assertThat(hostApi.get("/api/rooms/" + roomId + "/events").body()).contains(photoId);

        JsonNode link = memberApi.get(links).json();
        String url = link.path("url").asString();
        assertThat(memberApi.getBytes(url).statusCode()).isEqualTo(200);
        // The same link for another user, a forged signature, no signature, or a non-member: refused.
        assertThat(hostApi.getBytes(url).statusCode()).isEqualTo(403);
        assertThat(memberApi.getBytes(url.replaceAll("sig=[^&]+", "sig=AAAA")).statusCode()).isEqualTo(403);
        assertThat(memberApi.getBytes(url.substring(0, url.indexOf('?'))).statusCode()).isEqualTo(403);
        ApiClient outsiderApi = login(outsider);
        assertError(outsiderApi.get(links), 404, "ROOM_NOT_FOUND");
        assertThat(outsiderApi.getBytes(url).statusCode()).isEqualTo(403);

        long views = db.getCollection("audit").countDocuments(Filters.and(Filters.eq("resource", photoId),
                Filters.eq("action", "photo.download"), Filters.eq("allowed", true)));
        long denied = db.getCollection("audit").countDocuments(Filters.and(Filters.eq("room", roomId),
                Filters.eq("action", "photo.download"), Filters.eq("allowed", false)));
        assertThat(views).isEqualTo(1);
        assertThat(denied).isGreaterThanOrEqualTo(4);
        assertThat(db.getCollection("audit").countDocuments(Filters.and(Filters.eq("resource", photoId),
                Filters.eq("action", "photo.upload")))).isEqualTo(1);
    }

    @Test
    void storedChunksHoldNoPlaintextImageBytes() throws Exception {
        allow(false);
        String photoId = upload(hostApi, jpegWithExif(800, 600, 1), false).json().path("photoId").asString();
        List<Document> chunks = db.getCollection(Collections.PHOTO_CHUNKS)
                .find(Filters.regex("_id", "^" + photoId + ":")).into(new java.util.ArrayList<>());
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(2);
        for (Document c : chunks) {
            byte[] data = ((Binary) c.get("sealed")).getData();
            String latin = new String(data, "ISO-8859-1");
            assertThat(latin).doesNotContain("\u00FF\u00D8\u00FF").doesNotContain("JFIF");
        }
    }

    // ------------------------------------------------------------------ fixtures

    private long photosInRoom() {
        return db.getCollection(Collections.PHOTOS).countDocuments(Filters.eq("roomId", roomId));
    }

    private static void assertError(ApiClient.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("code").asString()).isEqualTo(code);
    }

    private static String catchCode(Runnable r) {
        try {
            r.run();
            return "none";
        } catch (DomainException e) {
            return e.code().code();
        }
    }

    /** A JPEG with a red band at the top, EXIF orientation, camera make and GPS position. */
    static byte[] jpegWithExif(int w, int h, int orientation) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.RED);
        g.fillRect(0, 0, w, Math.max(1, h / 6));
        g.dispose();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", plain);
        TiffOutputSet exif = new TiffOutputSet();
        var root = exif.getOrCreateRootDirectory();
        root.add(TiffTagConstants.TIFF_TAG_MAKE, "RenkeiTestCam");
        root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
        exif.setGpsInDegrees(133.9195, 34.6551); // 岡山市北区
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(plain.toByteArray(), out, exif);
        return out.toByteArray();
    }

    /** A PNG signature and IHDR claiming {@code w}×{@code h} pixels, with a valid CRC and no data. */
    static byte[] pngHeader(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}).putInt(13).put(ihdr.array())
                .putInt((int) crc.getValue());
        return png.array();
    }
}
