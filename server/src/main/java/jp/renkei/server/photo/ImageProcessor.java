package jp.renkei.server.photo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Limits;
import jp.renkei.server.error.DomainException;

/**
 * Turns an uploaded file into a clean photo and thumbnail (SP-CON-04): checks the real type by its
 * magic bytes (never the name or declared type), checks width and height from the header before
 * decoding (decompression bombs), decodes with the JDK's ImageIO, applies the EXIF orientation (read
 * with metadata-extractor), and re-encodes the pixels as a fresh JPEG. Re-encoding is what removes all
 * metadata: EXIF, GPS, maker notes, XMP, IPTC and ICC profiles are never copied.
 *
 * <p>Large photos are decoded with source subsampling (read from the header before decoding) to at most
 * twice the stored size and at most {@link #MAX_DECODED_PIXELS} pixels, so one decode holds at most
 * that many pixels whatever the camera's resolution (a 40-megapixel photo decodes to 10 megapixels);
 * the picture is scaled to the stored size before it is turned upright. {@link DecodeGate} bounds how
 * many decodes run at once.
 *
 * <p>HEIC: browsers on iPhones convert to JPEG when a photo is picked through
 * {@code <input type="file" accept="image/*">}; a HEIC file that arrives anyway is refused with
 * {@code UNSUPPORTED_IMAGE} (no maintained pure-Java HEIC decoder).
 */
final class ImageProcessor {

    /** Longest side of the stored image. */
    static final int MAX_STORED_SIDE = 2048;
    /** Longest side of the thumbnail. */
    static final int THUMB_SIDE = 320;
    /** Most pixels one decode holds after subsampling (4096 × 4096). */
    static final long MAX_DECODED_PIXELS = 4096L * 4096;

    /** A processed photo: the clean JPEG and its thumbnail. */
    record Processed(byte[] image, int width, int height, byte[] thumbnail) {
    }

    private ImageProcessor() {
    }

    static Processed process(byte[] upload) {
        BufferedImage decoded = decode(upload);
        // Scale first: orienting then copies at most the stored size (scaling commutes with turning).
        BufferedImage image = orient(scale(decoded, MAX_STORED_SIDE), orientation(upload));
        decoded = null;
        BufferedImage thumb = scale(image, THUMB_SIDE);
        return new Processed(jpeg(image, 0.88f), image.getWidth(), image.getHeight(), jpeg(thumb, 0.8f));
    }

    /** The format by magic bytes: JPEG {@code FF D8 FF}, PNG {@code 89 P N G CR LF SUB LF}. */
    static String sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "jpeg";
        }
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        if (b.length >= 8) {
            boolean match = true;
            for (int i = 0; i < 8; i++) {
                match &= b[i] == png[i];
            }
            if (match) {
                return "png";
            }
        }
        throw new DomainException(ErrorCode.UNSUPPORTED_IMAGE);
    }

    /** The decoded pixels, subsampled within {@link #MAX_DECODED_PIXELS}. */
    static BufferedImage decode(byte[] upload) {
        return decode(upload, sniff(upload));
    }

    /**
     * The source subsampling for a {@code w × h} image: the decoded longest side at most twice the stored
     * side (for a clean downscale), and at most {@link #MAX_DECODED_PIXELS} pixels.
     */
    static int subsampling(int w, int h) {
        int step = Math.max(1, (int) Math.ceil(Math.max(w, h) / (2.0 * MAX_STORED_SIDE)));
        while ((long) ((w + step - 1) / step) * ((h + step - 1) / step) > MAX_DECODED_PIXELS) {
            step++;
        }
        return step;
    }

    private static BufferedImage decode(byte[] upload, String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new DomainException(ErrorCode.UNSUPPORTED_IMAGE);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
            // ignoreMetadata: nothing from the file's metadata is parsed by the decoder.
            reader.setInput(in, true, true);
            int w;
            int h;
            try {
                w = reader.getWidth(0);
                h = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw new DomainException(ErrorCode.IMAGE_DAMAGED);
            }
            if (w < 1 || h < 1 || w > Limits.MAX_PHOTO_SIDE || h > Limits.MAX_PHOTO_SIDE
                    || (long) w * h > Limits.MAX_PHOTO_PIXELS) {
                throw new DomainException(ErrorCode.IMAGE_TOO_LARGE);
            }
            // A truncated JPEG decodes to a grey-filled image with only a warning: treat warnings as damage.
            AtomicBoolean warned = new AtomicBoolean();
            reader.addIIOReadWarningListener((source, warning) -> warned.set(true));
            ImageReadParam param = reader.getDefaultReadParam();
            int step = subsampling(w, h);
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage img;
            try {
                img = reader.read(0, param);
            } catch (IOException | RuntimeException e) {
                // The PNG reader wraps any Throwable, an exhausted heap included, in an IIOException:
                // that is a busy server, not a damaged image.
                if (outOfMemory(e)) {
                    throw DecodeGate.busy();
                }
                throw new DomainException(ErrorCode.IMAGE_DAMAGED);
            }
            if (warned.get() || img == null) {
                throw new DomainException(ErrorCode.IMAGE_DAMAGED);
            }
            return img;
        } catch (IOException e) {
            throw new DomainException(ErrorCode.IMAGE_DAMAGED);
        } finally {
            reader.dispose();
        }
    }

    private static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** The EXIF orientation (1–8), or 1 when absent or unreadable. */
    static int orientation(byte[] upload) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(upload), upload.length);
            ExifIFD0Directory dir = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (dir != null && dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int o = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return o >= 1 && o <= 8 ? o : 1;
            }
        } catch (Exception e) {
            // Unreadable metadata only loses the orientation; the pixels were decoded already.
        }
        return 1;
    }

    /** Applies an EXIF orientation, onto an RGB canvas (transparency becomes white). */
    private static BufferedImage orient(BufferedImage src, int orientation) {
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.translate(h, w); t.scale(-1, -1); t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(src, t, null);
        g.dispose();
        return out;
    }

    private static BufferedImage scale(BufferedImage src, int maxSide) {
        int w = src.getWidth();
        int h = src.getHeight();
        if (Math.max(w, h) <= maxSide) {
            return src;
        }
        double f = (double) maxSide / Math.max(w, h);
        int nw = Math.max(1, (int) Math.round(w * f));
        int nh = Math.max(1, (int) Math.round(h * f));
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        // Transparency becomes white, as in orient (which now runs after scaling).
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, nw, nh);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, nw, nh, null);
        g.dispose();
        return out;
    }

    /** A fresh JPEG of the pixels only: no metadata is passed to the writer. */
    private static byte[] jpeg(BufferedImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
