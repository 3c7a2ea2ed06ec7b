package io.cachedfactory.runtime;

import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;

/*
 * What is known about an entry without loading it: whether a current payload is on disk (read from
 * its header alone), why a request would build (expired, corrupt, stored only under another
 * fingerprint and which components differ), and the debug log line that says so on a miss.
 */

/** The state of one factory's entries on disk, and the reasons a request would build. */
final class EntryStatus<T> {

    private static final System.Logger LOG = StorageWarnings.log();

    private final FactoryContext<T> factory;
    private final FactoryDescriptor<T> descriptor;
    private final CacheStore store;
    private final DiskLookup<T> disk;

    EntryStatus(FactoryContext<T> factory, DiskLookup<T> disk) {
        this.factory = factory;
        this.descriptor = factory.descriptor();
        this.store = factory.store();
        this.disk = disk;
    }

    /** {@link CacheState#ON_DISK} when a current payload is stored for {@code key}, else absent. */
    CacheState stateOnDisk(RequestKey key) {
        DiskTier tier = store.disk();
        if (!descriptor.persistent() || tier == null) {
            return CacheState.ABSENT;
        }
        try {
            PayloadHeader header = disk.header(tier, key);
            boolean current = header.matches(descriptor.name(), key.bytes(),
                    descriptor.fingerprint(), descriptor.codec().id())
                    && !factory.expired(header.createdMillis());
            return current ? CacheState.ON_DISK : CacheState.ABSENT;
        } catch (IOException e) {
            return CacheState.ABSENT;
        }
    }

    /** Why {@code key}, absent from memory and disk, would be built. */
    Explanation explainAbsent(RequestKey key) {
        DiskTier tier = store.disk();
        if (!descriptor.persistent() || tier == null || !tier.usable()) {
            return absent(MissReason.ABSENT, List.of());
        }
        try {
            if (disk.header(tier, key).matches(descriptor.name(), key.bytes(),
                    descriptor.fingerprint(), descriptor.codec().id())) {
                return absent(MissReason.EXPIRED, List.of()); // state() said ABSENT: too old
            }
        } catch (NoSuchFileException e) {
            // Not stored under this fingerprint; maybe under another.
        } catch (IOException e) {
            return absent(MissReason.CORRUPT, List.of());
        }
        return disk.otherFingerprintChanges(tier, key)
                .map(changes -> absent(MissReason.OTHER_FINGERPRINT, changes))
                .orElseGet(() -> absent(MissReason.ABSENT, List.of()));
    }

    /**
     * With {@code -Dcachedfactory.debug=true} (or the logger at DEBUG), says why a request builds,
     * naming the fingerprint components that changed, as Gradle's build-cache debug log does.
     */
    void logMiss(DiskTier tier, RequestKey key, MissReason reason) {
        boolean debug = Boolean.getBoolean("cachedfactory.debug");
        if (!debug && !LOG.isLoggable(System.Logger.Level.DEBUG)) {
            return;
        }
        String why = reason.toString();
        if (reason == MissReason.OTHER_FINGERPRINT) {
            why += disk.otherFingerprintChanges(tier, key).filter(changes -> !changes.isEmpty())
                    .map(changes -> ": " + String.join(", ", changes)).orElse("");
        }
        LOG.log(debug ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                "cachedfactory miss " + factory.describe(key) + " (" + why + "), building");
    }

    private static Explanation absent(MissReason reason, List<String> changes) {
        return new Explanation(CacheState.ABSENT, Optional.of(reason), changes);
    }
}
