package io.cachedfactory.redis;

import io.cachedfactory.runtime.MappedCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * A large immutable object backed by one buffer (off the heap), stored with a {@link MappedCodec}:
 * what a payload of hundreds of megabytes looks like in practice.
 */
final class Blob {

    private final ByteBuffer data;

    Blob(ByteBuffer data) {
        this.data = data.asReadOnlyBuffer();
    }

    /** {@code length} pseudo-random bytes from {@code seed}, in a direct buffer. */
    static Blob random(int length, long seed) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        SplittableRandom random = new SplittableRandom(seed);
        while (buffer.remaining() >= Long.BYTES) {
            buffer.putLong(random.nextLong());
        }
        while (buffer.hasRemaining()) {
            buffer.put((byte) random.nextInt());
        }
        return new Blob(buffer.flip());
    }

    int length() {
        return data.remaining();
    }

    /** CRC32C of every byte: equal for equal contents. */
    long checksum() {
        CRC32C crc = new CRC32C();
        crc.update(data.duplicate());
        return crc.getValue();
    }

    ByteBuffer data() {
        return data.duplicate();
    }

    /** Stores a blob's bytes as they are and maps them back. */
    public static final class Codec extends MappedCodec<Blob> {

        /** For {@code @CachedFactory(codec = ...)}. */
        public Codec() {
        }

        @Override
        protected ByteBuffer toBuffer(Blob value) {
            return value.data();
        }

        @Override
        protected Blob fromBuffer(ByteBuffer mapped) {
            return new Blob(mapped);
        }
    }
}
