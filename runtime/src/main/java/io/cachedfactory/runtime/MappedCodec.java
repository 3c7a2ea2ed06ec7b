package io.cachedfactory.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;

/**
 * A codec for objects made of one large block of primitive data (a matrix, an index, an
 * embedding table): the object's bytes go to the payload file as they are, and come back as a
 * read-only memory mapping of that file, which the object may keep as its storage. Loading is then
 * nearly free, whatever the size, and the pages are shared by every process that maps the entry.
 *
 * <pre>{@code
 * public final class GridCodec extends MappedCodec<Grid> {
 *     protected ByteBuffer toBuffer(Grid grid) { return grid.storage(); }  // header + doubles
 *     protected Grid fromBuffer(ByteBuffer mapped) { return new Grid(mapped); }
 * }
 * }</pre>
 *
 * <p>Byte order: a mapped buffer arrives in big-endian order; a subclass that uses another order
 * sets it with {@code order(...)} on the buffer (or its views) in both methods, and writes any
 * dimensions it needs into the buffer itself.
 *
 * <p>Size: one {@code ByteBuffer} holds at most {@code Integer.MAX_VALUE} bytes (2 GiB - 1), so
 * an object stored with this codec is at most that large; a bigger payload fails to read with an
 * {@link IOException} (a miss). Split larger objects across several cached objects.
 *
 * <p>Identity: {@link #id()} defaults to the subclass's name followed by {@code "/1"}; override it
 * (for example {@code "grid/2"}) when the byte layout changes, so that older payloads are not read
 * with the new layout.
 *
 * <p>Subclasses need a public no-argument constructor to be named in
 * {@code @CachedFactory(codec = ...)}.
 *
 * @param <T> the cached type
 */
public abstract class MappedCodec<T> implements Codec<T> {

    /** Bytes written per call when the buffer has no accessible array. */
    private static final int CHUNK = 1 << 20;

    /** For subclasses. */
    protected MappedCodec() {
    }

    /**
     * The object's bytes, from the buffer's position to its limit. The buffer is not modified
     * (the codec reads a duplicate), and it is not copied to the heap as a whole.
     */
    protected abstract ByteBuffer toBuffer(T value);

    /**
     * Rebuilds an object from its bytes, given as a read-only, direct buffer mapped from the
     * payload file, positioned at 0 with its limit at the end of the body. The object may keep
     * the buffer (or views of it) as its storage: the mapping stays valid while it is reachable.
     */
    protected abstract T fromBuffer(ByteBuffer mapped);

    /** {@code getClass().getName() + "/1"}; override to version the byte layout. */
    @Override
    public String id() {
        return getClass().getName() + "/1";
    }

    /**
     * Writes the bytes of {@link #toBuffer}: straight from the backing array of a heap buffer, or
     * through a channel in bounded chunks for a direct or read-only buffer.
     */
    @Override
    public final void write(T value, OutputStream out) throws IOException {
        ByteBuffer buffer = toBuffer(value).duplicate();
        if (buffer.hasArray()) {
            out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            return;
        }
        // Not closed: the stream belongs to the store. A FileOutputStream's channel writes a
        // direct buffer without any copy; other streams get it through a small buffer.
        WritableByteChannel channel = Channels.newChannel(out);
        while (buffer.hasRemaining()) {
            ByteBuffer chunk = buffer.slice();
            chunk.limit(Math.min(chunk.remaining(), CHUNK));
            int written = channel.write(chunk);
            buffer.position(buffer.position() + written);
        }
        out.flush();
    }

    /** Maps the payload read-only and hands the mapping to {@link #fromBuffer}. */
    @Override
    public final T read(Payload payload) throws IOException {
        if (payload.length() > Integer.MAX_VALUE) {
            throw new IOException("payload of " + payload.length() + " bytes is larger than the"
                    + " 2 GiB one buffer can map");
        }
        ByteBuffer mapped = payload.map();
        try {
            return fromBuffer(mapped);
        } catch (RuntimeException e) {
            // The layout changed, or the bytes are not what this codec wrote: a miss.
            throw new IOException("payload no longer decodes with " + id() + ": " + e, e);
        }
    }
}
