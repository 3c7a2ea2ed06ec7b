package io.cachedfactory.runtime.hostile;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Classes a hostile payload names, for {@code HostilePayloadTest}. They live outside the cached
 * type's package, so the default allowlist of {@code JavaSerializationCodec.forType(Matrix.class)}
 * does not admit them. The flags live in this outer class, so reading them never initializes a
 * gadget.
 */
public final class HostileGadgets {

    /** Counts {@link ReadObjectGadget#readObject} calls: code an attacker would run. */
    public static final AtomicInteger READ_OBJECT_CALLS = new AtomicInteger();

    /** Set by {@link InitProbe}'s static initializer. */
    public static final AtomicBoolean PROBE_INITIALIZED = new AtomicBoolean();

    private HostileGadgets() {
    }

    /** Runs code when deserialized. */
    public static final class ReadObjectGadget implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            READ_OBJECT_CALLS.incrementAndGet();
        }
    }

    /** Serialized in place of {@link InitProbe}: same name length, serialVersionUID and fields. */
    public static final class InitDecoy implements Serializable {
        private static final long serialVersionUID = 1L;
        int payload = 7;
    }

    /** Never instantiated nor referenced by code: only named in a stream. */
    public static final class InitProbe implements Serializable {
        private static final long serialVersionUID = 1L;

        static {
            PROBE_INITIALIZED.set(true);
        }

        int payload;
    }
}
