package io.cachedfactory.benchmarks;

import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.internal.FactoryCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ehcache.Cache;
import org.ehcache.PersistentCacheManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/*
 * Issue 7, benchmark 3: a disk hit of about 1 MiB of small objects, file in the page cache.
 * Repeated load, body verified before: the same key is loaded again and again from one open store
 * (memory policy NONE), whose payload checksum this process verified at setup, so a load here is
 * the index lookup, the header checks and decoding. The first load in a process, checksum
 * included, is DiskFirstLoadGraphBenchmark.
 *
 *   javaSerialization  the store with Java serialization behind its allowlist filter (chosen
 *                      explicitly: the default codec of issue 7)
 *   objectInputStream  the hand-rolled cache: ObjectInputStream over a buffered file stream
 *   ehcacheDisk        Ehcache 3's persistent disk tier with its default (Java) serializer
 *
 * Target: javaSerialization at least as fast as objectInputStream.
 */

/**
 * Repeated disk hit of an object graph: the store with Java serialization vs plain
 * ObjectInputStream vs Ehcache's disk tier.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class DiskHitGraphBenchmark {

    private Path directory;
    private CacheStore store;
    private FactoryCache<Graph> cache;
    private Path rawFile;
    private PersistentCacheManager ehcacheManager;
    private Cache<String, Graph> ehcache;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Graph graph = Graph.of(Graph.ONE_MIB_NODES);
        directory = Bench.scratch("disk-hit-graph");
        store = CacheStore.open(directory.resolve("store"));
        cache = store.cache(GraphCaches.javaSerialization(MemoryPolicy.NONE));
        cache.get(GraphCaches.key(graph.size()), () -> graph, null);
        rawFile = directory.resolve("graph.ser");
        GraphCaches.writeObject(rawFile, graph);
        ehcacheManager = Ehcaches.diskOnly(directory.resolve("ehcache").toFile(), "graphs",
                Graph.class, null, 64);
        ehcache = ehcacheManager.getCache("graphs", String.class, Graph.class);
        ehcache.put("graph", graph);
        if (javaSerialization().size() != graph.size() || objectInputStream().size() != graph.size()
                || ehcacheDisk().size() != graph.size()) {
            throw new IllegalStateException("a contender did not return the graph");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (cache.stats().builds() != 1) {
            throw new IllegalStateException("a disk hit rebuilt: " + cache.stats());
        }
        store.close();
        ehcacheManager.close();
        Bench.delete(directory);
    }

    @Benchmark
    public Graph javaSerialization() {
        return GraphCaches.load(cache, Graph.ONE_MIB_NODES);
    }

    @Benchmark
    public Graph objectInputStream() throws IOException {
        return GraphCaches.readObject(rawFile);
    }

    @Benchmark
    public Graph ehcacheDisk() {
        return ehcache.get("graph");
    }
}
