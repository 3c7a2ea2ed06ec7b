package io.cachedfactory.runtime;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Classes that record whether deserialization ran their code, for the allowlist tests. The flags
 * live here, in the outer class, so that reading them never initializes a gadget.
 */
final class CodecGadgets {

    /** Set by {@link InitProbe}'s static initializer. */
    static final AtomicBoolean PROBE_INITIALIZED = new AtomicBoolean();

    /** Counts {@link ReadObjectGadget#readObject} calls. */
    static final AtomicInteger READ_OBJECT_CALLS = new AtomicInteger();

    private CodecGadgets() {
    }

    /**
     * Serialized in place of {@link InitProbe}: same name length, serialVersionUID and fields, so
     * renaming it in the bytes yields a stream of an InitProbe without ever loading InitProbe.
     */
    static final class InitDecoy implements Serializable {
        private static final long serialVersionUID = 1L;
        int payload = 7;
    }

    /** Never instantiated nor referenced by code: only named in a stream. */
    static final class InitProbe implements Serializable {
        private static final long serialVersionUID = 1L;

        static {
            PROBE_INITIALIZED.set(true);
        }

        int payload;
    }

    /** Runs code when deserialized. */
    static final class ReadObjectGadget implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            READ_OBJECT_CALLS.incrementAndGet();
        }
    }

    /** A class as it was when a payload was written. */
    static final class ShapeV1 implements Serializable {
        private static final long serialVersionUID = 1L;
        int sides = 3;
    }

    /** The "same" class after an incompatible change: another serialVersionUID. */
    static final class ShapeV2 implements Serializable {
        private static final long serialVersionUID = 2L;
        int sides;
    }

    /** {@code stream} with every occurrence of one class name replaced by another as long. */
    static byte[] renameClass(byte[] stream, Class<?> from, String to) {
        byte[] a = from.getName().getBytes(StandardCharsets.UTF_8);
        byte[] b = to.getBytes(StandardCharsets.UTF_8);
        if (a.length != b.length) {
            throw new IllegalArgumentException(from.getName() + " and " + to + " differ in length");
        }
        byte[] result = stream.clone();
        int replaced = 0;
        for (int i = 0; i + a.length <= result.length; i++) {
            if (java.util.Arrays.equals(result, i, i + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, result, i, b.length);
                replaced++;
            }
        }
        if (replaced == 0) {
            throw new IllegalArgumentException(from.getName() + " not in the stream");
        }
        return result;
    }
}
