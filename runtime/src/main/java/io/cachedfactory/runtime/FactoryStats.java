package io.cachedfactory.runtime;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of one factory's counters in one store, since the store was opened.
 *
 * @param memoryHits requests served from the memory tier
 * @param diskHits requests served by loading a stored payload
 * @param remoteHits requests served by fetching a payload from the shared remote tier (then also
 *     stored locally)
 * @param misses requests that had to build, by reason
 * @param builds objects built (including builds whose result could not be stored)
 * @param buildTime total time spent building
 * @param loadTime total time spent reading and decoding payloads
 * @param bytesRead payload bytes read from disk
 * @param bytesWritten payload bytes written to disk
 * @param storageErrors storage faults this factory met and degraded around (unwritable or full
 *     directory, unreadable index, failed write, unreachable remote tier); each also logged once
 *     per cause
 */
public record FactoryStats(
        long memoryHits,
        long diskHits,
        long remoteHits,
        Map<MissReason, Long> misses,
        long builds,
        Duration buildTime,
        Duration loadTime,
        long bytesRead,
        long bytesWritten,
        long storageErrors) {

    /** Copies {@code misses} into an unmodifiable map with an entry for every reason. */
    public FactoryStats {
        EnumMap<MissReason, Long> complete = new EnumMap<>(MissReason.class);
        for (MissReason reason : MissReason.values()) {
            complete.put(reason, misses.getOrDefault(reason, 0L));
        }
        misses = Collections.unmodifiableMap(complete);
    }

    /** Misses for one reason. */
    public long misses(MissReason reason) {
        return misses.get(reason);
    }

    /** Misses for every reason together. */
    public long totalMisses() {
        return misses.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every request: hits plus misses. */
    public long requests() {
        return memoryHits + diskHits + remoteHits + totalMisses();
    }
}
