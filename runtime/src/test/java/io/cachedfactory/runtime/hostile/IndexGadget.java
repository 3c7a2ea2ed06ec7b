package io.cachedfactory.runtime.hostile;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A class a planted index header names, for {@code HostileDirectoryTest}: Chronicle Map loads and
 * instantiates the classes its header names, so this static initializer is code an attacker who
 * can write the index file would run. The flag lives in a holder, so reading it never initializes
 * the gadget.
 */
public final class IndexGadget {

    static {
        Initialized.FLAG.set(true);
    }

    private IndexGadget() {
    }

    /** Set when {@link IndexGadget} is initialized. */
    public static final class Initialized {
        public static final AtomicBoolean FLAG = new AtomicBoolean();

        private Initialized() {
        }
    }
}
