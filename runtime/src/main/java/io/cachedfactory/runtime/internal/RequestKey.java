package io.cachedfactory.runtime.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/*
 * A key is made on every request, memory hits included, so its cost is the cost of a hit. Keys
 * whose arguments are all strings, boxed primitives, enums or nulls ("plain" arguments) keep the
 * argument values and compare by them: for these types equals() agrees exactly with the canonical
 * bytes (Double.equals and Float.equals compare the same bits the encoding writes; an Integer never
 * equals a Long, whose bytes differ too). Their bytes are encoded only when the disk tier needs
 * them. Any other argument is encoded when it is added, which is also when an unsupported type is
 * reported. Two keys of one signature are either both plain or both encoded, because a signature
 * fixes the declared parameter types, so a plain key and an encoded key are never equal.
 */

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

    private final String signature;
    private final String[] names;
    /** The first {@link #count} elements are the arguments; the builder's arrays, not copied. */
    private final Object[] plainValues;
    private final int count;
    private final int hash;
    private byte[] bytes;

    private RequestKey(String signature, String[] names, Object[] plainValues, int count) {
        this.signature = signature;
        this.names = names;
        this.plainValues = plainValues;
        this.count = count;
        int h = signature.hashCode();
        for (int i = 0; i < count; i++) {
            h = 31 * h + Objects.hashCode(plainValues[i]);
        }
        this.hash = h;
    }

    private RequestKey(byte[] bytes) {
        this.signature = null;
        this.names = null;
        this.plainValues = null;
        this.count = 0;
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * Starts a key for one factory method, identified by a stable signature such as
     * {@code "Table(String,int)"} so that two methods of a factory never share keys.
     */
    public static Builder builder(String signature) {
        return new Builder(Objects.requireNonNull(signature, "signature"));
    }

    /** A copy of the canonical bytes. */
    public byte[] toByteArray() {
        return bytes().clone();
    }

    /**
     * The canonical bytes themselves, not a copy, for the store (public only because the store is
     * in another package): callers never modify them.
     */
    public byte[] bytes() {
        byte[] encoded = bytes;
        if (encoded == null) {
            // Racing threads compute equal arrays; any of them may win.
            encoded = encode(signature, names, plainValues, count);
            bytes = encoded;
        }
        return encoded;
    }

    /** The arguments in readable form, such as {@code Table(String,int) name="sales", year=2024}. */
    public String describe() {
        return KeyDecoder.render(bytes());
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof RequestKey that) || hash != that.hash) {
            return false;
        }
        if (plainValues != null && that.plainValues != null) {
            return signature.equals(that.signature)
                    && Arrays.equals(plainValues, 0, count, that.plainValues, 0, that.count);
        }
        return plainValues == null && that.plainValues == null && Arrays.equals(bytes, that.bytes);
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
            byte[] raw = bytes();
            return "RequestKey#" + HexFormat.of().formatHex(raw, 0, Math.min(raw.length, 16));
        }
    }

    private static boolean isPlain(Object value) {
        return value == null || value instanceof String || value instanceof Integer
                || value instanceof Long || value instanceof Boolean || value instanceof Double
                || value instanceof Float || value instanceof Short || value instanceof Byte
                || value instanceof Character || value instanceof Enum<?>;
    }

    private static byte[] encode(String signature, String[] names, Object[] values, int count) {
        KeyBuffer out = new KeyBuffer();
        try {
            out.writeUTF(signature);
            for (int i = 0; i < count; i++) {
                out.writeUTF(names[i]);
                KeyEncoder.encode(names[i], values[i], out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Appends arguments in declaration order. */
    public static final class Builder {
        private final String signature;
        private String[] names = new String[4];
        private Object[] values = new Object[4];
        private int count;
        /** The bytes so far, once an argument that is not plain arrived; null until then. */
        private KeyBuffer encoded;

        private Builder(String signature) {
            this.signature = signature;
        }

        /**
         * Appends one argument.
         *
         * @throws IllegalArgumentException naming {@code parameter} when the value's type cannot be
         *     part of a persistent key
         */
        public Builder arg(String parameter, Object value) {
            Objects.requireNonNull(parameter, "parameter");
            if (encoded == null && isPlain(value)) {
                if (count == names.length) {
                    names = Arrays.copyOf(names, count * 2);
                    values = Arrays.copyOf(values, count * 2);
                }
                names[count] = parameter;
                values[count] = value;
                count++;
                return this;
            }
            try {
                if (encoded == null) {
                    encoded = new KeyBuffer();
                    encoded.writeUTF(signature);
                    for (int i = 0; i < count; i++) {
                        encoded.writeUTF(names[i]);
                        KeyEncoder.encode(names[i], values[i], encoded);
                    }
                }
                // Encoded now, so that an unsupported type is reported by the call that passes it.
                encoded.writeUTF(parameter);
                KeyEncoder.encode(parameter, value, encoded);
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
            if (encoded == null) {
                // The key takes the arrays over: a builder makes one key.
                return new RequestKey(signature, names, values, count);
            }
            return new RequestKey(encoded.toByteArray());
        }
    }
}
