package jp.renkei.server.photo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import jp.renkei.server.crypto.ContentCipher;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Repository;

/**
 * Photos at rest, encrypted under the room's key (SP-CRY-01). Not GridFS: GridFS finds a file's chunks
 * with a query on {@code files_id}, which the embedded server answers by scanning every chunk of every
 * photo (it ignores secondary indexes). Here a chunk's {@code _id} is {@code photoId:variant:n}, so
 * reading a photo is one {@code $in} of known ids, and each chunk (at most {@value #CHUNK} bytes of
 * plaintext, well under the 16 MiB document limit) is sealed with its own id as associated data.
 *
 * <p>Chunks are written first and the metadata document last: a photo is visible only once complete.
 * A crash in between leaves orphan chunks, which a purge can remove (no photo document refers to them).
 */
@Repository
public class PhotoRepository {

    static final int CHUNK = 240 * 1024;

    /** A photo's metadata. {@code noteId} is {@code null} while pending (uploaded, not yet attached). */
    public record Photo(String photoId, String roomId, String uploaderId, boolean faces, int width, int height,
                        int imageChunks, int thumbChunks, String noteId) {
    }

    private final MongoCollection<Document> photos;
    private final MongoCollection<Document> chunks;
    private final ContentCipher cipher;

    PhotoRepository(MongoDatabase db, ContentCipher cipher) {
        this.photos = db.getCollection(Collections.PHOTOS).withWriteConcern(WriteConcerns.LOG);
        this.chunks = db.getCollection(Collections.PHOTO_CHUNKS).withWriteConcern(WriteConcerns.LOG);
        this.cipher = cipher;
    }

    void store(Photo p, byte[] image, byte[] thumb) {
        List<Document> docs = new ArrayList<>();
        addChunks(docs, p, "full", image);
        addChunks(docs, p, "thumb", thumb);
        chunks.insertMany(docs);
        photos.insertOne(new Document("_id", p.photoId()).append("roomId", p.roomId())
                .append("uploaderId", p.uploaderId()).append("faces", p.faces()).append("type", "image/jpeg")
                .append("width", p.width()).append("height", p.height())
                .append("imageChunks", chunkCount(image.length)).append("thumbChunks", chunkCount(thumb.length))
                .append("noteId", null).append("created", new Date()));
    }

    Optional<Photo> find(String photoId) {
        Document d = photos.find(eq("_id", photoId)).first();
        return Optional.ofNullable(d).map(PhotoRepository::toPhoto);
    }

    /** Attaches a pending photo to a note; {@code false} if it was attached meanwhile. */
    boolean attach(String photoId, String noteId) {
        return photos.updateOne(Filters.and(eq("_id", photoId), eq("noteId", null)), Updates.set("noteId", noteId))
                .getModifiedCount() == 1;
    }

    /** The decrypted bytes of the image ({@code thumb = false}) or its thumbnail. */
    byte[] read(Photo p, boolean thumb) {
        String variant = thumb ? "thumb" : "full";
        int n = thumb ? p.thumbChunks() : p.imageChunks();
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(chunkId(p.photoId(), variant, i));
        }
        Map<String, byte[]> found = new HashMap<>();
        for (Document d : chunks.find(in("_id", ids))) {
            found.put(d.getString("_id"), ((Binary) d.get("sealed")).getData());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String id : ids) {
            byte[] sealed = found.get(id);
            if (sealed == null) {
                throw new IllegalStateException("Photo chunk missing: " + id);
            }
            out.writeBytes(cipher.open(p.roomId(), id, sealed));
        }
        return out.toByteArray();
    }

    private void addChunks(List<Document> docs, Photo p, String variant, byte[] data) {
        int n = chunkCount(data.length);
        for (int i = 0; i < n; i++) {
            int from = i * CHUNK;
            byte[] part = java.util.Arrays.copyOfRange(data, from, Math.min(data.length, from + CHUNK));
            String id = chunkId(p.photoId(), variant, i);
            docs.add(new Document("_id", id).append("sealed", new Binary(cipher.seal(p.roomId(), id, part))));
        }
    }

    private static int chunkCount(int length) {
        return Math.max(1, (length + CHUNK - 1) / CHUNK);
    }

    static String chunkId(String photoId, String variant, int n) {
        return photoId + ":" + variant + ":" + n;
    }

    private static Photo toPhoto(Document d) {
        return new Photo(d.getString("_id"), d.getString("roomId"), d.getString("uploaderId"),
                d.getBoolean("faces", false), d.getInteger("width"), d.getInteger("height"),
                d.getInteger("imageChunks"), d.getInteger("thumbChunks"), d.getString("noteId"));
    }
}
