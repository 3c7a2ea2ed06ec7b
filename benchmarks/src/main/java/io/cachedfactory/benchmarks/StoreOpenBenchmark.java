package io.cachedfactory.benchmarks;

import io.cachedfactory.runtime.BenchmarkIndexSeeder;
import io.cachedfactory.runtime.CacheStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/*
 * Issue 7, benchmark 5: opening (and closing) a store whose index holds 1,000, 100,000 or
 * 1,000,000 entries, all with default options. The stores are built once, by writing index entries
 * directly (see BenchmarkIndexSeeder), and kept under <bench.dir>/cachedfactory-bench/kept/ for
 * later runs. Target: open at 1,000,000 <= 1.5x open at 1,000.
 */

/** Store open time by index size. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class StoreOpenBenchmark {

    @Param({"1000", "100000", "1000000"})
    public int entries;

    private Path directory;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Bench.persistent("store-open-" + entries);
        Path done = directory.resolve("seeded");
        if (!Files.exists(done)) {
            long size = BenchmarkIndexSeeder.seed(directory.resolve("store"), entries);
            if (size < entries) {
                throw new IllegalStateException("seeded " + size + " of " + entries);
            }
            Files.writeString(done, Long.toString(size));
        }
        long size = BenchmarkIndexSeeder.indexSize(directory.resolve("store"));
        if (size < entries) {
            throw new IllegalStateException("the store opens with " + size + " index entries,"
                    + " expected " + entries + " (missing Chronicle JVM options?)");
        }
    }

    @Benchmark
    public CacheStore openAndClose() {
        CacheStore store = CacheStore.open(directory.resolve("store"));
        store.close();
        return store;
    }
}
