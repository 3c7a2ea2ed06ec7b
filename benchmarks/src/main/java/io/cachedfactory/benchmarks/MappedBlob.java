package io.cachedfactory.benchmarks;

import io.cachedfactory.runtime.MappedCodec;
import java.nio.ByteBuffer;

/**
 * A large array-backed object whose storage is a {@link ByteBuffer}: on the heap when built, a
 * read-only mapping of its payload file when loaded through {@link Codec}.
 */
public final class MappedBlob {

    private final ByteBuffer storage;

    /** Wraps {@code storage} (its position to its limit) without copying. */
    public MappedBlob(ByteBuffer storage) {
        this.storage = storage.slice();
    }

    /** A read-only view of the bytes. */
    public ByteBuffer storage() {
        return storage.asReadOnlyBuffer();
    }

    /** Length in bytes. */
    public int length() {
        return storage.remaining();
    }

    /** The mapped codec: bytes go to disk as they are and come back as a mapping. */
    public static final class Codec extends MappedCodec<MappedBlob> {

        /** For {@code @CachedFactory(codec = ...)}. */
        public Codec() {
        }

        @Override
        protected ByteBuffer toBuffer(MappedBlob value) {
            return value.storage;
        }

        @Override
        protected MappedBlob fromBuffer(ByteBuffer mapped) {
            return new MappedBlob(mapped);
        }
    }
}
