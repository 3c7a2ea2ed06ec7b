package io.cachedfactory.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The canonical, deterministic bytes of one request's arguments: what a factory's {@code get} asks
 * the store for. For generated code; applications do not build keys themselves.
 *
 * <p>The bytes are the same on every JVM, OS, JDK, locale and time zone, and never involve
 * {@code hashCode()}. The store keeps the full bytes with every entry and compares them on each
 * disk hit, so two keys that hash alike can never be confused. Changing this encoding orphans every
 * stored entry: it goes with a new store format version.
 */
public final class RequestKey {

    private final byte[] bytes;
    private final int hash;

    private RequestKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes); // every memory lookup hashes the key
    }

    /**
     * Starts a key for one factory method, identified by a stable signature such as
     * {@code "Table(String,int)"} so that two methods of a factory never share keys.
     */
    public static Builder builder(String signature) {
        return new Builder(Objects.requireNonNull(signature, "signature"));
    }

    /** Rebuilds a key from bytes read back from the store. */
    static RequestKey ofBytes(byte[] bytes) {
        return new RequestKey(bytes.clone());
    }

    /** A copy of the canonical bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    byte[] bytes() {
        return bytes;
    }

    /** The arguments in readable form, such as {@code Table(String,int) name="sales", year=2024}. */
    public String describe() {
        return KeyDecoder.render(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RequestKey that && hash == that.hash
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        try {
            return describe();
        } catch (IllegalArgumentException e) {
            // Logging a key read back from a damaged file must never throw.
            return "RequestKey#" + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 16));
        }
    }

    /** Appends arguments in declaration order. */
    public static final class Builder {
        private final KeyBuffer out = new KeyBuffer();

        private Builder(String signature) {
            try {
                out.writeUTF(signature);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Appends one argument.
         *
         * @throws IllegalArgumentException naming {@code parameter} when the value's type cannot be
         *     part of a persistent key
         */
        public Builder arg(String parameter, Object value) {
            try {
                out.writeUTF(parameter);
                KeyEncoder.encode(parameter, value, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** Appends the value of the cached type's {@code @Traits} method. */
        public Builder traits(Object traits) {
            return arg("@Traits", traits);
        }

        /** The finished key. */
        public RequestKey build() {
            return new RequestKey(out.toByteArray());
        }
    }
}
