package io.cachedfactory.runtime;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a cached object to a payload file and reads it back.
 *
 * <p>A codec's {@link #id()} is part of every factory's fingerprint and of every payload header, so
 * changing the byte format means changing the id. Implementations named in
 * {@code @CachedFactory(codec = ...)} need a public no-argument constructor.
 *
 * <p>A {@link #read} that throws (for example because the class changed incompatibly since the
 * payload was written) is a cache miss, never an error of {@code get}: the object is rebuilt.
 *
 * @param <T> the cached type
 */
public interface Codec<T> {

    /** A stable identity of this codec and its byte format, such as {@code "java-serialization/1"}. */
    String id();

    /** Writes {@code value} to {@code out}; the store adds the header, checksum and atomic rename. */
    void write(T value, OutputStream out) throws IOException;

    /** Reads an object back from a payload body whose checksum has already been verified. */
    T read(Payload payload) throws IOException;
}
