package io.cachedfactory.processor;

import java.lang.reflect.Array;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;

/**
 * A SHA-256 over a self-delimiting sequence of tagged values, the canonical form behind the
 * hashes of {@link ClassFileMembers}.
 *
 * <p>Every value is written as a one-byte tag and then its content; a string is its length and
 * its UTF-16 chars (so lone surrogates stay distinct), {@code null} is a tag of its own. Two
 * different sequences of calls therefore never feed the same bytes to the digest.
 */
final class CanonicalDigest {

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte FLOAT = 4;
    private static final byte DOUBLE = 5;
    private static final byte TYPE = 6;
    private static final byte HANDLE = 7;
    private static final byte CONSTANT_DYNAMIC = 8;
    private static final byte BOOLEAN = 9;
    private static final byte BYTE = 10;
    private static final byte CHAR = 11;
    private static final byte SHORT = 12;
    private static final byte ARRAY = 13;

    private final MessageDigest sha256;
    /** Bytes not yet handed to the digest: one update per buffer, not per byte. */
    private final byte[] buffer = new byte[4096];
    private int buffered;

    CanonicalDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A marker saying what comes next (an instruction kind, a section), in the caller's terms. */
    CanonicalDigest tag(char tag) {
        put((byte) 'T');
        return chars(String.valueOf(tag));
    }

    CanonicalDigest integer(int value) {
        put(INT);
        return rawInt(value);
    }

    CanonicalDigest string(String value) {
        if (value == null) {
            put(NULL);
            return this;
        }
        put(STRING);
        return chars(value);
    }

    /**
     * A constant as ASM hands it over: a boxed primitive, String, {@link Type}, {@link Handle},
     * {@link ConstantDynamic} (its bootstrap arguments recursively), or an array of primitives (an
     * annotation value).
     */
    CanonicalDigest value(Object value) {
        if (value == null || value instanceof String) {
            return string((String) value);
        } else if (value instanceof Integer i) {
            return integer(i);
        } else if (value instanceof Long l) {
            put(LONG);
            return rawInt((int) (l >>> 32)).rawInt(l.intValue());
        } else if (value instanceof Float f) {
            put(FLOAT);
            return rawInt(Float.floatToRawIntBits(f));
        } else if (value instanceof Double d) {
            long bits = Double.doubleToRawLongBits(d);
            put(DOUBLE);
            return rawInt((int) (bits >>> 32)).rawInt((int) bits);
        } else if (value instanceof Boolean b) {
            put(BOOLEAN);
            return rawInt(b ? 1 : 0);
        } else if (value instanceof Byte b) {
            put(BYTE);
            return rawInt(b);
        } else if (value instanceof Character c) {
            put(CHAR);
            return rawInt(c);
        } else if (value instanceof Short s) {
            put(SHORT);
            return rawInt(s);
        } else if (value instanceof Type type) {
            put(TYPE);
            return chars(type.getDescriptor());
        } else if (value instanceof Handle handle) {
            put(HANDLE);
            rawInt(handle.getTag()).chars(handle.getOwner()).chars(handle.getName());
            return chars(handle.getDesc()).rawInt(handle.isInterface() ? 1 : 0);
        } else if (value instanceof ConstantDynamic condy) {
            put(CONSTANT_DYNAMIC);
            chars(condy.getName()).chars(condy.getDescriptor()).value(condy.getBootstrapMethod());
            rawInt(condy.getBootstrapMethodArgumentCount());
            for (int i = 0; i < condy.getBootstrapMethodArgumentCount(); i++) {
                value(condy.getBootstrapMethodArgument(i));
            }
            return this;
        } else if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            put(ARRAY);
            rawInt(length);
            for (int i = 0; i < length; i++) {
                value(Array.get(value, i));
            }
            return this;
        }
        throw new IllegalArgumentException("not a class-file constant: " + value.getClass());
    }

    /** The digest in lower-case hex; the digest cannot be used afterwards. */
    String hex() {
        sha256.update(buffer, 0, buffered);
        buffered = 0;
        return HexFormat.of().formatHex(sha256.digest());
    }

    private void put(byte value) {
        if (buffered == buffer.length) {
            sha256.update(buffer, 0, buffered);
            buffered = 0;
        }
        buffer[buffered++] = value;
    }

    private CanonicalDigest chars(String value) {
        rawInt(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            put((byte) (c >>> 8));
            put((byte) c);
        }
        return this;
    }

    private CanonicalDigest rawInt(int value) {
        put((byte) (value >>> 24));
        put((byte) (value >>> 16));
        put((byte) (value >>> 8));
        put((byte) value);
        return this;
    }
}
