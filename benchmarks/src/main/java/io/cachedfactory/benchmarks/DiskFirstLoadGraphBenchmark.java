package io.cachedfactory.benchmarks;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.FactoryStats;
import io.cachedfactory.runtime.internal.FactoryCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ehcache.Cache;
import org.ehcache.PersistentCacheManager;
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
 * Issue 12: the first load in a process of a stored object graph of about sizeMiB MiB (Graph,
 * Java-serialized size), with the files in the page cache. In real use a process loads a stored
 * object once and then hits memory, so this is the disk hit users wait for; the repeated load of
 * one key in one store is DiskHitGraphBenchmark.
 *
 *   defaultCodec       the generated GraphFactory on a store opened just before: the store's
 *                      default codec, whatever it is; memory empty, the payload's CRC32C checked
 *   javaSerialization  the same, through a descriptor with Java serialization chosen explicitly
 *   objectInputStream  the hand-rolled cache: ObjectInputStream over a buffered file stream (it
 *                      keeps no state between loads and checks nothing, so every load is a first)
 *   ehcacheDisk        Ehcache 3's persistent disk-only cache, its manager opened just before
 *
 * First load, and what is timed: before each invocation (@Setup(Level.Invocation), outside the
 * timing) the contender's store is opened afresh, and after it closed. Closing the last store on a
 * directory drops the process's DiskTier, which holds the memo of payloads already verified, and a
 * new store has an empty memory tier, so each timed get reads the index, maps the payload, checks
 * its body's CRC32C and decodes it: what the first get of a process does. Opening the store (the
 * Chronicle Map index) is what StoreOpenBenchmark measures, and is left out here. The codecs stay
 * warm (GraphFactory's descriptor and GraphCaches.JAVA_SERIALIZATION are constants), as in a
 * long-running process that loads another object for the first time. Ehcache's disk-only cache
 * has no heap tier, so each of its gets reads the disk tier; its manager is still opened afresh
 * per invocation, so that its file mapping and index start as cold as the store's (a long-open
 * manager has the pages of the value mapped already) and it gets no advantage from having read the
 * value before; opening it is left out as the store's is.
 *
 * Why AverageTime with per-invocation setup rather than SingleShotTime: a load takes milliseconds
 * (1 MiB) to a second (64 MiB), so JMH's per-invocation timestamps cost nothing measurable, and
 * each iteration averages every load that fits in it (dozens at 1 MiB), where SingleShotTime
 * gives one sample per iteration and, with the profiles' few iterations, a noisy score. At 64 MiB
 * an iteration holds one or two loads either way.
 *
 * Checks: each invocation's store must have served exactly one disk hit and built nothing (a
 * build would have failed the check instead of being timed as a load); the graph returned last in
 * each iteration must have the checksum of the graph stored.
 *
 * Targets (issue 12): defaultCodec >= 3x objectInputStream's throughput and >= 1.5x
 * ehcacheDisk's.
 */

/**
 * First disk load in a process of an object graph: the default codec vs Java serialization, plain
 * ObjectInputStream and Ehcache's disk tier.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class DiskFirstLoadGraphBenchmark extends FirstLoadTrial {

    @Param({"1", "64"})
    public int sizeMiB;

    private int nodes;
    private long checksum;
    private Path rawFile;
    /** The graph a benchmark returned last, checked after each iteration. */
    private Graph last;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        nodes = Graph.nodesFor(sizeMiB);
        directory = Bench.scratch("first-load-graph");
        Graph graph;
        try (CacheStore store = CacheStore.open(store())) {
            GraphFactory factory = new GraphFactory(store);
            graph = factory.of(nodes);
            GraphCaches.store(store, graph);
            if (factory.stats().builds() != 1 || factory.stats().bytesWritten() == 0) {
                throw new IllegalStateException("the graph was not stored: " + factory.stats());
            }
        }
        checksum = graph.checksum();
        rawFile = directory.resolve("graph.ser");
        GraphCaches.writeObject(rawFile, graph);
        PersistentCacheManager ehcache = ReopenedEhcache.manager(this);
        try {
            ehcache.getCache("graphs", String.class, Graph.class).put("graph", graph);
        } finally {
            ehcache.close();
        }
        System.out.printf("%n%d nodes; Java-serialized %,d bytes%n", nodes, Files.size(rawFile));
    }

    @TearDown(Level.Iteration)
    public void checkLast() {
        Graph graph = last;
        last = null;
        if (graph == null || graph.size() != nodes || graph.checksum() != checksum) {
            throw new IllegalStateException("a contender did not return the stored graph");
        }
    }

    /** A store opened before each invocation and closed after it, so that each load is a first. */
    @State(Scope.Thread)
    public static class FreshStore {
        CacheStore store;
        GraphFactory factory;
        FactoryCache<Graph> javaSerialization;

        @Setup(Level.Invocation)
        public void open(DiskFirstLoadGraphBenchmark benchmark) {
            store = CacheStore.open(benchmark.store());
            factory = new GraphFactory(store);
            javaSerialization = store.cache(GraphCaches.JAVA_SERIALIZATION);
        }

        @TearDown(Level.Invocation)
        public void close() {
            FactoryStats generated = factory.stats();
            FactoryStats explicit = javaSerialization.stats();
            store.close();
            requireOneLoad(generated, explicit);
        }
    }

    /** Ehcache's cache manager opened on its persistent directory before each invocation. */
    @State(Scope.Thread)
    public static class ReopenedEhcache {
        PersistentCacheManager manager;
        Cache<String, Graph> cache;

        static PersistentCacheManager manager(DiskFirstLoadGraphBenchmark benchmark) {
            // Ehcache drops a value larger than a fraction of its disk tier: 16x is plenty.
            return Ehcaches.diskOnly(benchmark.directory.resolve("ehcache").toFile(), "graphs",
                    Graph.class, null, 16L * benchmark.sizeMiB + 64);
        }

        @Setup(Level.Invocation)
        public void open(DiskFirstLoadGraphBenchmark benchmark) {
            manager = manager(benchmark);
            cache = manager.getCache("graphs", String.class, Graph.class);
        }

        @TearDown(Level.Invocation)
        public void close() {
            manager.close();
        }
    }

    @Benchmark
    public Graph defaultCodec(FreshStore fresh) {
        return last = fresh.factory.of(nodes);
    }

    @Benchmark
    public Graph javaSerialization(FreshStore fresh) {
        return last = GraphCaches.load(fresh.javaSerialization, nodes);
    }

    @Benchmark
    public Graph objectInputStream() throws IOException {
        return last = GraphCaches.readObject(rawFile);
    }

    @Benchmark
    public Graph ehcacheDisk(ReopenedEhcache ehcache) {
        Graph graph = ehcache.cache.get("graph");
        if (graph == null) {
            throw new IllegalStateException("Ehcache's disk tier did not keep the graph");
        }
        return last = graph;
    }
}
