package io.cachedfactory.runtime;

import java.io.IOException;
import java.io.OutputStream;

/** TODO: being written. */
public final class JavaSerializationCodec<T> implements Codec<T> {

    private final Class<T> type;

    private JavaSerializationCodec(Class<T> type) {
        this.type = type;
    }

    /** The default codec for {@code type}. */
    public static <T> JavaSerializationCodec<T> forType(Class<T> type) {
        return new JavaSerializationCodec<>(type);
    }

    @Override
    public String id() {
        return "java-serialization/1";
    }

    @Override
    public void write(T value, OutputStream out) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public T read(Payload payload) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
