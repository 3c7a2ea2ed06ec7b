package io.cachedfactory.benchmarks;

import io.cachedfactory.runtime.FactoryStats;
import java.nio.file.Path;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the first-load benchmarks share: a scratch directory with the store in it, deleted after
 * the trial, and the check that the store opened for one invocation served one load from disk.
 */
public abstract class FirstLoadTrial {

    /** The trial's scratch directory; the subclass's trial setup creates it. */
    Path directory;

    /** The store's directory. */
    Path store() {
        return directory.resolve("store");
    }

    /** Fails unless the counters of one invocation's caches add up to one disk hit, no build. */
    static void requireOneLoad(FactoryStats... stats) {
        if (Arrays.stream(stats).mapToLong(FactoryStats::diskHits).sum() != 1
                || Arrays.stream(stats).mapToLong(FactoryStats::builds).sum() != 0) {
            throw new IllegalStateException("not one load from disk: " + Arrays.toString(stats));
        }
    }

    @TearDown(Level.Trial)
    public void deleteDirectory() {
        Bench.delete(directory);
    }
}
