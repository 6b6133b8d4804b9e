package jp.renkei.server.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the embedded database stores the keys of its unique indexes (such as {@code _id}): each value of
 * the {@link KeyValue} as a BSON element, ordered without serialising.
 *
 * <p>Why: H2's default type neither knows {@link KeyValue} nor can compare it, so it Java-serialises
 * both keys on every comparison of a B-tree search, and again when a page is written. Profiled under
 * load that was several per cent of the server's CPU (docs/benchmarks.md).
 *
 * <p>The order: shorter keys first, then value by value: two strings by {@link String#compareTo}, any
 * other pair by the bytes of its BSON element (type byte first). This is a total order in which equal
 * (normalised) keys compare equal, which is all a unique index needs; it differs from the default
 * type's order, so an index written in the old format is rebuilt once ({@link StorageFormat}).
 */
final class IndexKeyType extends BasicDataType<KeyValue> {

    private static final byte FORMAT_BSON = 1;
    private static final byte FORMAT_SERIALIZED = 2;
    /** Element tag for {@link Missing} (a document without the indexed field); not a BSON type byte. */
    private static final byte MISSING = (byte) 0xEE;

    private final ObjectDataType serialized = new ObjectDataType();

    @Override
    public int compare(KeyValue a, KeyValue b) {
        if (a == b) {
            return 0;
        }
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareValues(Object x, Object y) {
        if (x instanceof String s && y instanceof String t) {
            return s.compareTo(t);
        }
        return Arrays.compareUnsigned(element(x), element(y));
    }

    /** The value as a tagged BSON element (type byte, then the value), or its Java serialisation. */
    private static byte[] element(Object value) {
        ByteBuf buf = Unpooled.buffer(32);
        if (encode(value, buf)) {
            return Arrays.copyOf(buf.array(), buf.writerIndex());
        }
        // Not expressible as BSON (never seen for keys that come over the wire): a stable fallback order.
        WriteBuffer out = new WriteBuffer(64);
        out.put((byte) 0xFF);
        new ObjectDataType().write(out, value);
        ByteBuffer bytes = out.getBuffer();
        bytes.flip();
        byte[] result = new byte[bytes.remaining()];
        bytes.get(result);
        return result;
    }

    private static boolean encode(Object value, ByteBuf buf) {
        if (value instanceof Missing) {
            buf.writeByte(MISSING);
            return true;
        }
        try {
            byte type = BsonEncoder.determineType(value);
            buf.writeByte(type);
            BsonEncoder.encodeValue(type, value, buf);
            return true;
        } catch (IllegalArgumentException notBson) {
            return false;
        }
    }

    @Override
    public int getMemory(KeyValue key) {
        int size = 48;
        for (Object v : key) {
            size += 8 + BsonDocumentType.estimate(v);
        }
        return size;
    }

    @Override
    public void write(WriteBuffer out, KeyValue key) {
        ByteBuf buf = Unpooled.buffer(64);
        buf.writeByte(FORMAT_BSON);
        buf.writeByte(key.size());
        for (Object v : key) {
            if (key.size() > 127 || !encode(v, buf)) {
                out.put(FORMAT_SERIALIZED);
                serialized.write(out, key);
                return;
            }
        }
        out.put(buf.array(), 0, buf.writerIndex());
    }

    @Override
    public KeyValue read(ByteBuffer in) {
        byte format = in.get();
        if (format == FORMAT_SERIALIZED) {
            return (KeyValue) serialized.read(in);
        }
        if (format != FORMAT_BSON) {
            throw new IllegalStateException("Unknown index key format " + format + " in the database file");
        }
        int n = in.get();
        ByteBuf buf = Unpooled.wrappedBuffer(in.slice()); // heap or direct, no copy
        List<Object> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte type = buf.readByte();
            values.add(type == MISSING ? Missing.getInstance() : BsonDecoder.decodeValue(type, buf));
        }
        in.position(in.position() + buf.readerIndex());
        return new KeyValue(values);
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }
}
