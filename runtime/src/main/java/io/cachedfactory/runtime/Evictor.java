package io.cachedfactory.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/*
 * Keeps a store directory within its limits: total payload bytes, entry count and entry age.
 * After each write the store asks for a trim; trims run on one daemon thread per directory and
 * coalesce, so a burst of writes costs one pass over the index. A pass evicts least recently used
 * entries first (the index records each entry's last access, across processes) until the store is
 * back within its limits.
 *
 * An entry is deleted only with both of its lock-file regions held (see Claim): never while
 * another process loads or builds it. A busy entry is skipped and looked at again next time.
 */

/** Evicts least recently used entries of one store directory. */
final class Evictor {

    /** A store directory's limits; {@code Long.MAX_VALUE} or null means no limit. */
    record Limits(long maxBytes, long maxEntries, Duration maxAge) {
        static final Limits NONE = new Limits(Long.MAX_VALUE, Long.MAX_VALUE, null);

        boolean unlimited() {
            return maxBytes == Long.MAX_VALUE && maxEntries == Long.MAX_VALUE && maxAge == null;
        }
    }

    /** What one pass did. */
    record Result(int evicted, long bytesFreed, int busy) {
    }

    private final DiskTier disk;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            RemoteTierSupport.daemonThreads("cachedfactory-evictor"));

    Evictor(DiskTier disk) {
        this.disk = disk;
    }

    /** Schedules a pass unless one is already waiting to run. */
    void requestTrim(Limits limits) {
        if (limits.unlimited() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                scheduled.set(false);
                try {
                    trim(limits);
                } catch (RuntimeException e) {
                    disk.warnings().warnOnce("eviction failed", "the store may exceed its budget", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            scheduled.set(false); // closing
        }
    }

    /** Evicts until the directory is within {@code limits}, now, on this thread. */
    Result trim(Limits limits) {
        DiskIndex index = disk.index().orElse(null);
        if (index == null || limits.unlimited()) {
            return new Result(0, 0, 0);
        }
        record Candidate(EntryId id, IndexEntry entry) {
        }
        List<Candidate> candidates = new ArrayList<>();
        index.forEachEntry((id, entry) -> candidates.add(new Candidate(id, entry)));
        long totalBytes = candidates.stream().mapToLong(c -> c.entry().payloadBytes()).sum();
        long entries = candidates.size();
        long now = System.currentTimeMillis();
        candidates.sort(Comparator.comparingLong((Candidate c) -> c.entry().lastAccessMillis()));

        int evicted = 0;
        int busy = 0;
        long freed = 0;
        for (Candidate candidate : candidates) {
            boolean tooOld = limits.maxAge() != null && EntryAge.olderThan(
                    candidate.entry().createdMillis(), limits.maxAge(), now);
            if (!tooOld && totalBytes <= limits.maxBytes() && entries <= limits.maxEntries()) {
                continue; // within limits; older-than may still apply to later entries
            }
            if (evict(candidate.id())) {
                evicted++;
                freed += candidate.entry().payloadBytes();
                totalBytes -= candidate.entry().payloadBytes();
                entries--;
            } else {
                busy++;
            }
        }
        return new Result(evicted, freed, busy);
    }

    /** Deletes one entry unless some process is loading or building it. */
    boolean evict(EntryId id) {
        try {
            return disk.deleteEntry(id);
        } catch (IOException e) {
            disk.warnings().warnOnce("cannot evict an entry", "the store may exceed its budget", e);
            return false;
        }
    }

    void close() {
        worker.shutdownNow();
    }
}
