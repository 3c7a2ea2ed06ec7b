package io.cachedfactory.runtime;

/**
 * Logs each kind of storage trouble once per store directory and process, so a full disk does not
 * print a warning per request; the per-factory counters in {@link FactoryStats} count every
 * occurrence.
 */
final class StorageWarnings {

    private static final System.Logger LOG = System.getLogger("io.cachedfactory.runtime");

    private static final java.util.Map<String, StorageWarnings> BY_DIRECTORY =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final RemoteTierSupport.WarnOnce warnings;

    /** The warnings of {@code directory}: one per directory and process, whoever reports. */
    static StorageWarnings of(java.nio.file.Path directory) {
        return BY_DIRECTORY.computeIfAbsent(directory.toString(), StorageWarnings::new);
    }

    private StorageWarnings(String directory) {
        this.warnings = new RemoteTierSupport.WarnOnce(LOG, "cachedfactory store " + directory,
                "FactoryStats.storageErrors counts each");
    }

    /**
     * Warns unless this cause was already reported.
     *
     * @param cause what went wrong, in a few words; also the de-duplication key
     * @return whether this call logged
     */
    boolean warnOnce(String cause, String consequence, Throwable error) {
        String key = cause + (error == null ? "" : ":" + error.getClass().getName());
        String detail = error == null ? "" : ": " + error;
        return warnings.warn(key, cause + detail, consequence);
    }

    static System.Logger log() {
        return LOG;
    }
}
