package io.cachedfactory.runtime;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** One factory's live counters; {@link #snapshot()} turns them into {@link FactoryStats}. */
final class StatsCounter {

    final LongAdder memoryHits = new LongAdder();
    final LongAdder diskHits = new LongAdder();
    final LongAdder remoteHits = new LongAdder();
    final LongAdder builds = new LongAdder();
    final LongAdder buildNanos = new LongAdder();
    final LongAdder loadNanos = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    final LongAdder storageErrors = new LongAdder();
    private final EnumMap<MissReason, LongAdder> misses = new EnumMap<>(MissReason.class);

    StatsCounter() {
        for (MissReason reason : MissReason.values()) {
            misses.put(reason, new LongAdder());
        }
    }

    void miss(MissReason reason) {
        misses.get(reason).increment();
    }

    FactoryStats snapshot() {
        Map<MissReason, Long> missCounts = new EnumMap<>(MissReason.class);
        misses.forEach((reason, count) -> missCounts.put(reason, count.sum()));
        return new FactoryStats(memoryHits.sum(), diskHits.sum(), remoteHits.sum(), missCounts,
                builds.sum(), Duration.ofNanos(buildNanos.sum()), Duration.ofNanos(loadNanos.sum()),
                bytesRead.sum(), bytesWritten.sum(), storageErrors.sum());
    }
}
