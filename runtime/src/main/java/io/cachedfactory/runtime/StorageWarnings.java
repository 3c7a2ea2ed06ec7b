package io.cachedfactory.runtime;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs each kind of storage trouble once per store directory and process, so a full disk does not
 * print a warning per request; the per-factory counters in {@link FactoryStats} count every
 * occurrence.
 */
final class StorageWarnings {

    private static final System.Logger LOG = System.getLogger("io.cachedfactory.runtime");

    private final String directory;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    StorageWarnings(String directory) {
        this.directory = directory;
    }

    /**
     * Warns unless this cause was already reported.
     *
     * @param cause what went wrong, in a few words; also the de-duplication key
     * @return whether this call logged
     */
    boolean warnOnce(String cause, String consequence, Throwable error) {
        String key = cause + (error == null ? "" : ":" + error.getClass().getName());
        if (!warned.add(key)) {
            return false;
        }
        String detail = error == null ? "" : ": " + error;
        LOG.log(Level.WARNING, "cachedfactory store " + directory + ": " + cause + detail + "; "
                + consequence + " (reported once; FactoryStats.storageErrors counts each)");
        return true;
    }

    static System.Logger log() {
        return LOG;
    }
}
