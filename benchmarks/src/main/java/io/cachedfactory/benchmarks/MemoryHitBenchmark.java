package io.cachedfactory.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cachedfactory.runtime.CacheStore;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/*
 * Issue 7, benchmark 1: a memory hit. Every contender holds the same 256 Cube objects and is asked
 * for them in the same rotating order, building its key from (name, size) on each call, as its
 * user would: the generated factory's get(name, size), Caffeine's getIfPresent with a record key,
 * ConcurrentHashMap.get with that key, and Ehcache 3's heap tier (by reference) with that key.
 * Targets: generated <= 1.5x Caffeine, and faster than Ehcache. For reference, Caffeine with
 * recordStats(), which counts hits exactly as the generated factory's FactoryStats does.
 */

/** Memory hit: generated factory vs Caffeine vs ConcurrentHashMap vs Ehcache 3 heap. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryHitBenchmark {

    static final int KEYS = 256;
    private static final int MASK = KEYS - 1;

    /** The four caches, filled with the same objects. */
    @State(Scope.Benchmark)
    public static class Caches {
        final String[] names = new String[KEYS];
        final int[] sizes = new int[KEYS];
        /** Strong references, so that weak canonical entries stay for the whole run. */
        final Cube[] held = new Cube[KEYS];
        Path directory;
        CacheStore store;
        CubeFactory factory;
        Cache<CubeKey, Cube> caffeine;
        Cache<CubeKey, Cube> caffeineWithStats;
        ConcurrentHashMap<CubeKey, Cube> map;
        CacheManager ehcacheManager;
        org.ehcache.Cache<CubeKey, Cube> ehcache;

        @Setup(Level.Trial)
        public void setUp() {
            directory = Bench.scratch("memory-hit");
            store = CacheStore.open(directory);
            factory = new CubeFactory(store);
            caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
            caffeineWithStats = Caffeine.newBuilder().maximumSize(10_000).recordStats().build();
            map = new ConcurrentHashMap<>();
            ehcacheManager = CacheManagerBuilder.newCacheManagerBuilder().build(true);
            ehcache = ehcacheManager.createCache("cubes", CacheConfigurationBuilder
                    .newCacheConfigurationBuilder(CubeKey.class, Cube.class,
                            ResourcePoolsBuilder.heap(10_000)));
            for (int i = 0; i < KEYS; i++) {
                names[i] = "table-" + i;
                sizes[i] = 2000 + i;
                held[i] = factory.get(names[i], sizes[i]);
                CubeKey key = new CubeKey(names[i], sizes[i]);
                caffeine.put(key, held[i]);
                caffeineWithStats.put(key, held[i]);
                map.put(key, held[i]);
                ehcache.put(key, held[i]);
            }
            if (factory.get(names[0], sizes[0]) != held[0]) {
                throw new IllegalStateException("the factory does not serve from memory");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (factory.stats().builds() != KEYS) {
                throw new IllegalStateException("expected " + KEYS + " builds, counted "
                        + factory.stats().builds() + ": some gets were not memory hits");
            }
            store.close();
            ehcacheManager.close();
            Bench.delete(directory);
        }
    }

    /** Each thread walks the keys from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            next = (int) (Thread.currentThread().getId() * 61);
        }

        int advance() {
            return next++ & MASK;
        }
    }

    @Benchmark
    @Threads(1)
    public Cube generated_1t(Caches caches, Cursor cursor) {
        int i = cursor.advance();
        return caches.factory.get(caches.names[i], caches.sizes[i]);
    }

    @Benchmark
    @Threads(1)
    public Cube caffeine_1t(Caches caches, Cursor cursor) {
        int i = cursor.advance();
        return caches.caffeine.getIfPresent(new CubeKey(caches.names[i], caches.sizes[i]));
    }

    @Benchmark
    @Threads(1)
    public Cube caffeineWithStats_1t(Caches caches, Cursor cursor) {
        int i = cursor.advance();
        return caches.caffeineWithStats.getIfPresent(new CubeKey(caches.names[i],
                caches.sizes[i]));
    }

    @Benchmark
    @Threads(1)
    public Cube concurrentHashMap_1t(Caches caches, Cursor cursor) {
        int i = cursor.advance();
        return caches.map.get(new CubeKey(caches.names[i], caches.sizes[i]));
    }

    @Benchmark
    @Threads(1)
    public Cube ehcacheHeap_1t(Caches caches, Cursor cursor) {
        int i = cursor.advance();
        return caches.ehcache.get(new CubeKey(caches.names[i], caches.sizes[i]));
    }

    @Benchmark
    @Threads(2)
    public Cube generated_2t(Caches caches, Cursor cursor) {
        return generated_1t(caches, cursor);
    }

    @Benchmark
    @Threads(2)
    public Cube caffeine_2t(Caches caches, Cursor cursor) {
        return caffeine_1t(caches, cursor);
    }

    @Benchmark
    @Threads(2)
    public Cube caffeineWithStats_2t(Caches caches, Cursor cursor) {
        return caffeineWithStats_1t(caches, cursor);
    }

    @Benchmark
    @Threads(2)
    public Cube concurrentHashMap_2t(Caches caches, Cursor cursor) {
        return concurrentHashMap_1t(caches, cursor);
    }

    @Benchmark
    @Threads(2)
    public Cube ehcacheHeap_2t(Caches caches, Cursor cursor) {
        return ehcacheHeap_1t(caches, cursor);
    }
}
