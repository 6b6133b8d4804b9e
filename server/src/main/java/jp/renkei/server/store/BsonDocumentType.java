package jp.renkei.server.store;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the embedded database stores a collection's documents in its H2 MVStore file: as BSON, with
 * mongo-java-server's own wire encoder, instead of H2's default {@link ObjectDataType}.
 *
 * <p>Why: the default type stores every document with Java serialisation ({@code ObjectOutputStream}),
 * and the MVStore rewrites a whole page (tens of documents) whenever one of them changes. Profiled under
 * load, that serialisation was about a fifth of the server's CPU (docs/benchmarks.md). BSON is what the
 * documents are on the wire anyway, so nothing is lost in the round trip.
 *
 * <p>Compatible with files written before: each stored value starts with a tag. {@link #BSON} marks
 * this format; any other first byte is a value of the old format, read by {@link ObjectDataType}. A value
 * BSON cannot express (none that arrive over the wire) is written in the old format too.
 */
final class BsonDocumentType extends BasicDataType<Object> {

    /** First byte of a BSON value; {@link ObjectDataType} never starts a value with it (its tags are below 128). */
    static final byte BSON = (byte) 0xB5;

    private static final ThreadLocal<ByteBuf> BUFFER = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

    private final ObjectDataType legacy = new ObjectDataType();

    @Override
    public int getMemory(Object value) {
        return estimate(value);
    }

    @Override
    public void write(WriteBuffer out, Object value) {
        if (value instanceof Document document) {
            ByteBuf buf = BUFFER.get();
            buf.clear();
            try {
                BsonEncoder.encodeDocument(document, buf);
            } catch (IllegalArgumentException notBson) {
                legacy.write(out, value);
                return;
            }
            out.put(BSON);
            out.put(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
            if (buf.capacity() > 1 << 20) {
                BUFFER.remove(); // do not keep a buffer grown by one large document
            }
            return;
        }
        legacy.write(out, value);
    }

    @Override
    public Object read(ByteBuffer in) {
        if (in.get(in.position()) != BSON) {
            return legacy.read(in);
        }
        in.get();
        int length = Integer.reverseBytes(in.getInt(in.position())); // BSON lengths are little-endian
        ByteBuf bytes = Unpooled.wrappedBuffer(in.slice(in.position(), length)); // heap or direct, no copy
        in.position(in.position() + length);
        return BsonDecoder.decodeBson(bytes);
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }

    /**
     * A cheap estimate of a value's heap size, which the MVStore uses to split pages and size its
     * cache; it walks the document instead of encoding it.
     */
    static int estimate(Object value) {
        if (value instanceof String s) {
            return 40 + 2 * s.length();
        }
        if (value instanceof Map<?, ?> map) {
            int size = 64;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                size += 32 + estimate(e.getKey()) + estimate(e.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> list) {
            int size = 40;
            for (Object o : list) {
                size += 8 + estimate(o);
            }
            return size;
        }
        if (value instanceof byte[] b) {
            return 16 + b.length;
        }
        return 24;
    }
}
