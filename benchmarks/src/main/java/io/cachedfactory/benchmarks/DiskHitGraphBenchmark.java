package io.cachedfactory.benchmarks;

import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.Fingerprint;
import io.cachedfactory.runtime.JavaSerializationCodec;
import io.cachedfactory.runtime.internal.FactoryCache;
import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/*
 * Issue 7, benchmark 3: a disk hit of about 1 MiB of small objects, file in the page cache.
 *
 *   defaultCodec       the store with Java serialization behind its allowlist filter
 *   objectInputStream  the hand-rolled cache: ObjectInputStream over a buffered file stream
 *   ehcacheDisk        Ehcache 3's persistent disk tier with its default (Java) serializer
 *
 * Target: defaultCodec at least as fast as objectInputStream.
 */

/** Disk hit of an object graph: default codec vs plain ObjectInputStream vs Ehcache disk tier. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class DiskHitGraphBenchmark {

    private Path directory;
    private CacheStore store;
    private FactoryCache<Graph> cache;
    private RequestKey key;
    private Path rawFile;
    private PersistentCacheManager ehcacheManager;
    private Cache<String, Graph> ehcache;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Graph graph = Graph.of(Graph.ONE_MIB_NODES);
        directory = Bench.scratch("disk-hit-graph");
        store = CacheStore.open(directory.resolve("store"));
        cache = store.cache(FactoryDescriptor.builder(Graph.class, "bench.Graph",
                Fingerprint.builder().add("source:io.cachedfactory.benchmarks.Graph", "1").build())
                .codec(JavaSerializationCodec.forType(Graph.class)).memory(MemoryPolicy.NONE)
                .build());
        key = RequestKey.builder("Graph(int)").arg("nodes", Graph.ONE_MIB_NODES).build();
        cache.get(key, () -> graph, null);
        rawFile = directory.resolve("graph.ser");
        try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(
                Files.newOutputStream(rawFile)))) {
            out.writeObject(graph);
        }
        ehcacheManager = Ehcaches.diskOnly(directory.resolve("ehcache").toFile(), "graphs",
                Graph.class, null, 64);
        ehcache = ehcacheManager.getCache("graphs", String.class, Graph.class);
        ehcache.put("graph", graph);
        if (defaultCodec().size() != graph.size() || objectInputStream().size() != graph.size()
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
    public Graph defaultCodec() {
        return cache.get(key, () -> {
            throw new IllegalStateException("graph was not on disk");
        }, null);
    }

    @Benchmark
    public Graph objectInputStream() throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(
                Files.newInputStream(rawFile)))) {
            return (Graph) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }

    @Benchmark
    public Graph ehcacheDisk() {
        return ehcache.get("graph");
    }
}
