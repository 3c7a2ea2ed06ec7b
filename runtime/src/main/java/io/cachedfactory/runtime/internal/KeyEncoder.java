package io.cachedfactory.runtime.internal;

import static io.cachedfactory.runtime.internal.KeyFormat.*;

import io.cachedfactory.CacheKey;
import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Canonical bytes of key arguments, in the format {@link KeyFormat} describes: a one-byte type tag
 * and a self-delimiting body per value, depending only on the value.
 */
final class KeyEncoder {

    private KeyEncoder() {
    }

    /**
     * Appends the canonical bytes of {@code value}.
     *
     * @throws IllegalArgumentException naming {@code parameter} when the type is not key-encodable
     */
    static void encode(String parameter, Object value, DataOutput out) throws IOException {
        try {
            // Strings and scalars, the common arguments, need no encoder state.
            if (value instanceof String s) {
                out.writeByte(STRING);
                writeString(s, out);
                return;
            }
            new Encoder().write(value, out, 0);
        } catch (Unencodable e) {
            String where = e.path.length() == 0 ? "" : " (element " + e.path + ")";
            throw new IllegalArgumentException(
                    "parameter '" + parameter + "'" + where + ": " + e.reason, e.getCause());
        }
    }

    /** Thrown inside the encoder; each container on the way out prepends its part of the path. */
    private static final class Unencodable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String reason;
        final StringBuilder path = new StringBuilder();

        Unencodable(String reason, Throwable cause) {
            super(reason, cause, false, false);
            this.reason = reason;
        }

        Unencodable at(String segment) {
            path.insert(0, segment);
            return this;
        }
    }

    /** State of one argument's encoding: the containers on the current path, to detect cycles. */
    private static final class Encoder {
        /** Containers on the current path, created with the first container: scalars need none. */
        private Set<Object> open;

        void write(Object value, DataOutput out, int depth) throws IOException {
            if (value == null) {
                out.writeByte(NULL);
            } else if (value instanceof String s) {
                out.writeByte(STRING);
                writeString(s, out);
            } else if (!writeScalar(value, out)) {
                writeContainer(value, out, depth);
            }
        }

        /** Writes values that contain no other values; false if {@code value} is not one. */
        private boolean writeScalar(Object value, DataOutput out) throws IOException {
            if (value instanceof Integer i) {
                out.writeByte(INT);
                out.writeInt(i);
            } else if (value instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else if (value instanceof Boolean b) {
                out.writeByte(BOOLEAN);
                out.writeBoolean(b);
            } else if (value instanceof Double d) {
                out.writeByte(DOUBLE);
                out.writeLong(Double.doubleToLongBits(d));
            } else if (value instanceof Float f) {
                out.writeByte(FLOAT);
                out.writeInt(Float.floatToIntBits(f));
            } else if (value instanceof Byte b) {
                out.writeByte(BYTE);
                out.writeByte(b);
            } else if (value instanceof Short s) {
                out.writeByte(SHORT);
                out.writeShort(s);
            } else if (value instanceof Character c) {
                out.writeByte(CHAR);
                out.writeChar(c);
            } else if (value instanceof UUID u) {
                out.writeByte(UUID_TAG);
                out.writeLong(u.getMostSignificantBits());
                out.writeLong(u.getLeastSignificantBits());
            } else if (value instanceof BigInteger b) {
                out.writeByte(BIG_INTEGER);
                writeBytes(b.toByteArray(), out);
            } else if (value instanceof BigDecimal d) {
                out.writeByte(BIG_DECIMAL);
                writeBytes(d.unscaledValue().toByteArray(), out);
                out.writeInt(d.scale());
            } else {
                return TimeKeys.write(value, out);
            }
            return true;
        }

        /** Writes a {@code java.time} value type; false if {@code value} is not one. */
        private void writeContainer(Object value, DataOutput out, int depth) throws IOException {
            if (depth >= MAX_DEPTH) {
                throw new Unencodable("the value is nested deeper than " + MAX_DEPTH
                        + " levels and cannot be part of a persistent cache key", null);
            }
            if (open == null) {
                open = Collections.newSetFromMap(new IdentityHashMap<>());
            }
            if (!open.add(value)) {
                throw new Unencodable("the value contains itself (a cycle) and cannot be part of"
                        + " a persistent cache key", null);
            }
            try {
                writeContainerBody(value, out, depth + 1);
            } finally {
                open.remove(value);
            }
        }

        private void writeContainerBody(Object value, DataOutput out, int depth)
                throws IOException {
            // CacheKey first: an explicit key wins over what the object also happens to be.
            if (value instanceof CacheKey k) {
                out.writeByte(CACHE_KEY);
                writeString(k.getClass().getName(), out);
                Object key = k.cacheKey();
                try {
                    write(key, out, depth);
                } catch (Unencodable e) {
                    throw e.at(".cacheKey()");
                }
            } else if (value instanceof Enum<?> e) {
                out.writeByte(ENUM);
                writeString(e.getDeclaringClass().getName(), out);
                writeString(e.name(), out);
            } else if (value instanceof Record r) {
                writeRecord(r, out, depth);
            } else if (value.getClass().isArray()) {
                writeArray(value, out, depth);
            } else if (value instanceof List<?> l) {
                out.writeByte(LIST);
                Object[] items = l.toArray();
                out.writeInt(items.length);
                for (int i = 0; i < items.length; i++) {
                    writeElement(items[i], out, depth, i);
                }
            } else if (value instanceof Set<?> s) {
                out.writeByte(SET);
                Object[] items = s.toArray();
                byte[][] encoded = new byte[items.length][];
                for (int i = 0; i < items.length; i++) {
                    encoded[i] = encodeElement(items[i], depth, "[", i, "]");
                }
                Arrays.sort(encoded, Arrays::compareUnsigned);
                out.writeInt(encoded.length);
                for (byte[] e : encoded) {
                    out.write(e);
                }
            } else if (value instanceof Map<?, ?> m) {
                writeMap(m, out, depth);
            } else if (value instanceof Optional<?> o) {
                out.writeByte(OPTIONAL);
                out.writeBoolean(o.isPresent());
                if (o.isPresent()) {
                    try {
                        write(o.get(), out, depth);
                    } catch (Unencodable e) {
                        throw e.at(".get()");
                    }
                }
            } else {
                throw new Unencodable("type " + value.getClass().getName()
                        + " cannot be part of a persistent cache key; " + ALLOWED, null);
            }
        }

        private void writeElement(Object item, DataOutput out, int depth, int index)
                throws IOException {
            try {
                write(item, out, depth);
            } catch (Unencodable e) {
                throw e.at("[" + index + "]");
            }
        }

        /** The bytes of one element; the path segment is built only on failure. */
        private byte[] encodeElement(Object item, int depth, String before, int index,
                String after) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                write(item, new DataOutputStream(bytes), depth);
            } catch (Unencodable e) {
                throw e.at(before + index + after);
            }
            return bytes.toByteArray();
        }

        private void writeMap(Map<?, ?> map, DataOutput out, int depth) throws IOException {
            out.writeByte(MAP);
            Map.Entry<?, ?>[] entries = map.entrySet().toArray(new Map.Entry<?, ?>[0]);
            byte[][][] encoded = new byte[entries.length][][];
            for (int i = 0; i < entries.length; i++) {
                encoded[i] = new byte[][] {
                    encodeElement(entries[i].getKey(), depth, "{key #", i, "}"),
                    encodeElement(entries[i].getValue(), depth, "{value #", i, "}")};
            }
            // Keys are distinct in a map, but two may still encode alike (arrays): then by value.
            Arrays.sort(encoded, (a, b) -> {
                int byKey = Arrays.compareUnsigned(a[0], b[0]);
                return byKey != 0 ? byKey : Arrays.compareUnsigned(a[1], b[1]);
            });
            out.writeInt(encoded.length);
            for (byte[][] entry : encoded) {
                out.write(entry[0]);
                out.write(entry[1]);
            }
        }

        private void writeRecord(Record record, DataOutput out, int depth) throws IOException {
            Class<?> type = record.getClass();
            RecordComponent[] components = type.getRecordComponents();
            out.writeByte(RECORD);
            writeString(type.getName(), out);
            out.writeInt(components.length);
            for (RecordComponent component : components) {
                Object value = componentValue(record, component);
                writeString(component.getName(), out);
                try {
                    write(value, out, depth);
                } catch (Unencodable e) {
                    throw e.at("." + component.getName());
                }
            }
        }

        private static Object componentValue(Record record, RecordComponent component) {
            Method accessor = component.getAccessor();
            try {
                // Records of non-public classes have public accessors that still need this.
                accessor.trySetAccessible();
                return accessor.invoke(record);
            } catch (IllegalAccessException | RuntimeException e) {
                throw new Unencodable("record " + record.getClass().getName()
                        + " is not accessible to cachedfactory (" + e + "); make it public, or open"
                        + " its package to cachedfactory's module", e);
            } catch (InvocationTargetException e) {
                throw new Unencodable("accessor " + component.getName() + "() of record "
                        + record.getClass().getName() + " threw " + e.getCause(), e.getCause());
            }
        }

        private void writeArray(Object array, DataOutput out, int depth) throws IOException {
            out.writeByte(ARRAY);
            if (array instanceof boolean[] a) {
                out.writeByte(BOOLEAN);
                out.writeInt(a.length);
                for (boolean v : a) {
                    out.writeBoolean(v);
                }
            } else if (array instanceof byte[] a) {
                out.writeByte(BYTE);
                out.writeInt(a.length);
                out.write(a);
            } else if (array instanceof short[] a) {
                out.writeByte(SHORT);
                out.writeInt(a.length);
                for (short v : a) {
                    out.writeShort(v);
                }
            } else if (array instanceof char[] a) {
                out.writeByte(CHAR);
                out.writeInt(a.length);
                for (char v : a) {
                    out.writeChar(v);
                }
            } else if (array instanceof int[] a) {
                out.writeByte(INT);
                out.writeInt(a.length);
                for (int v : a) {
                    out.writeInt(v);
                }
            } else if (array instanceof long[] a) {
                out.writeByte(LONG);
                out.writeInt(a.length);
                for (long v : a) {
                    out.writeLong(v);
                }
            } else if (array instanceof float[] a) {
                out.writeByte(FLOAT);
                out.writeInt(a.length);
                for (float v : a) {
                    out.writeInt(Float.floatToIntBits(v));
                }
            } else if (array instanceof double[] a) {
                out.writeByte(DOUBLE);
                out.writeInt(a.length);
                for (double v : a) {
                    out.writeLong(Double.doubleToLongBits(v));
                }
            } else {
                Object[] a = (Object[]) array;
                out.writeByte(REFERENCE_COMPONENT);
                writeString(array.getClass().getComponentType().getName(), out);
                out.writeInt(a.length);
                for (int i = 0; i < a.length; i++) {
                    writeElement(a[i], out, depth, i);
                }
            }
        }
    }

    private static void writeBytes(byte[] bytes, DataOutput out) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** An {@code int} byte length and the string in UTF-8 (WTF-8 for unpaired surrogates). */
    static void writeString(String s, DataOutput out) throws IOException {
        writeBytes(utf8(s), out);
    }

    /**
     * UTF-8 of {@code s}, except that an unpaired surrogate is encoded as the three bytes of its
     * code unit instead of being replaced, which keeps the encoding one-to-one.
     */
    static byte[] utf8(String s) {
        long length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        if (length > Integer.MAX_VALUE - 16) {
            throw new Unencodable("a string of " + s.length()
                    + " characters is too long for a cache key", null);
        }
        byte[] bytes = new byte[(int) length];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else if (c < 0x800) {
                bytes[n++] = (byte) (0xC0 | (c >> 6));
                bytes[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                bytes[n++] = (byte) (0xF0 | (cp >> 18));
                bytes[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                bytes[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                bytes[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                bytes[n++] = (byte) (0xE0 | (c >> 12));
                bytes[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return bytes;
    }
}
