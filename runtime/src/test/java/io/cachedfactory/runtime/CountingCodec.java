package io.cachedfactory.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A codec that counts its decodes, so a test can prove a refused payload is never decoded. Shared
 * through the runtime's test jar (the Redis tier's tests extend it for their codec).
 *
 * @param <T> the cached type
 */
public class CountingCodec<T> implements Codec<T> {

    private final Codec<T> delegate;
    private final AtomicInteger decodes;

    /** Encodes and decodes with {@code delegate}, counting each decode in {@code decodes}. */
    public CountingCodec(Codec<T> delegate, AtomicInteger decodes) {
        this.delegate = delegate;
        this.decodes = decodes;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public void write(T value, OutputStream out) throws IOException {
        delegate.write(value, out);
    }

    @Override
    public T read(Payload payload) throws IOException {
        decodes.incrementAndGet();
        return delegate.read(payload);
    }
}
