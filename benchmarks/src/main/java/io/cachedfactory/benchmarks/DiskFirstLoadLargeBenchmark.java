package io.cachedfactory.benchmarks;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.FactoryStats;
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
import org.openjdk.jmh.annotations.TearDown;

/*
 * Issue 12: loading a large object that is mostly one primitive array (Series: a double[] of
 * sizeMiB MiB and a few fields) from disk with the store's default codec, files in the page
 * cache.
 *
 *   defaultCodec          first load in the process: the generated SeriesFactory on a store
 *                         opened just before (memory empty, the payload's CRC32C checked)
 *   fileChannelCrc32c     the baseline: FileChannel.read of the array's bytes (a raw file of
 *                         8 bytes per value) into a new heap array, 1 MiB per read, plus their
 *                         CRC32C, since the bytes must be checked once anyway
 *   repeatedDefaultCodec  repeated load, body verified before: the same key from one store that
 *                         stays open, whose payload this process verified at setup (SeriesFactory
 *                         keeps nothing in memory, so each get decodes the payload again)
 *
 * First load, as in DiskFirstLoadGraphBenchmark (see its note on why AverageTime with a
 * per-invocation setup): the store is opened before each invocation and closed after it, outside
 * the timing, so the process's memo of verified payloads is gone and each get checks the body's
 * CRC32C. The codec stays warm (SeriesFactory's descriptor is a constant).
 *
 * Checks: each invocation of defaultCodec one disk hit and no build; repeatedDefaultCodec's store
 * builds nothing; the baseline's CRC32C equals the one computed at setup; the series returned last
 * in each iteration has the checksum of the one stored.
 *
 * Target (issue 12): defaultCodec (first load) >= 0.7x fileChannelCrc32c's throughput.
 */

/** Disk load of a large double[]-backed object with the default codec vs FileChannel + CRC32C. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class DiskFirstLoadLargeBenchmark extends FirstLoadTrial {

    @Param({"1", "64", "512"})
    public int sizeMiB;

    private long checksum;
    private Path rawFile;
    private long rawCrc;
    /** The series a store returned last, checked after each iteration. */
    private Series last;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Bench.scratch("first-load-large");
        Series series;
        try (CacheStore store = CacheStore.open(store())) {
            SeriesFactory factory = new SeriesFactory(store);
            series = factory.get(sizeMiB);
            if (factory.stats().builds() != 1 || factory.stats().bytesWritten() == 0) {
                throw new IllegalStateException("the series was not stored: " + factory.stats());
            }
        }
        checksum = series.checksum();
        byte[] bytes = series.valueBytes();
        rawCrc = Bench.crc32c(bytes);
        rawFile = directory.resolve("values.bin");
        Files.write(rawFile, bytes);
    }

    @TearDown(Level.Iteration)
    public void checkLast() {
        Series series = last;
        last = null;
        if (series != null && (series.sizeMiB() != sizeMiB || series.checksum() != checksum)) {
            throw new IllegalStateException("the store did not return the stored series");
        }
    }

    /** A store opened before each invocation and closed after it, so that each load is a first. */
    @State(Scope.Thread)
    public static class FreshStore {
        CacheStore store;
        SeriesFactory factory;

        @Setup(Level.Invocation)
        public void open(DiskFirstLoadLargeBenchmark benchmark) {
            store = CacheStore.open(benchmark.store());
            factory = new SeriesFactory(store);
        }

        @TearDown(Level.Invocation)
        public void close() {
            FactoryStats stats = factory.stats();
            store.close();
            requireOneLoad(stats);
        }
    }

    /** One store for the whole trial, its payload verified by a first load at setup. */
    @State(Scope.Thread)
    public static class OpenStore {
        CacheStore store;
        SeriesFactory factory;

        @Setup(Level.Trial)
        public void open(DiskFirstLoadLargeBenchmark benchmark) {
            store = CacheStore.open(benchmark.store());
            factory = new SeriesFactory(store);
            factory.get(benchmark.sizeMiB);
        }

        @TearDown(Level.Trial)
        public void close() {
            FactoryStats stats = factory.stats();
            store.close();
            if (stats.builds() != 0 || stats.diskHits() < 2) {
                throw new IllegalStateException("repeated loads not from disk: " + stats);
            }
        }
    }

    @Benchmark
    public Series defaultCodec(FreshStore fresh) {
        return last = fresh.factory.get(sizeMiB);
    }

    @Benchmark
    public byte[] fileChannelCrc32c() throws IOException {
        byte[] bytes = Bench.readFile(rawFile);
        if (Bench.crc32c(bytes) != rawCrc) {
            throw new IOException("checksum mismatch: " + rawFile);
        }
        return bytes;
    }

    @Benchmark
    public Series repeatedDefaultCodec(OpenStore open) {
        return last = open.factory.get(sizeMiB);
    }
}
