package io.cachedfactory.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cachedfactory.runtime.CacheStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
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
 * Issue 7, benchmark 6: 32 threads ask at once for one absent key. One operation = a new key,
 * 32 pooled threads released together, all 32 answers back. The generated factory builds once and
 * persists (one small payload, fsync); Caffeine's get(key, loader) builds once in memory only;
 * harnessOnly is the cost of releasing and joining 32 threads, with no cache. Each run checks that
 * every flight built exactly once. The 2-process version lives outside JMH: TwoProcessSingleFlight.
 */

/** Single flight: 32 threads, one absent key. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class SingleFlightBenchmark {

    static final int THREADS = 32;

    private ExecutorService pool;
    private Path directory;
    private CacheStore store;
    private CubeFactory factory;
    private Cache<CubeKey, Cube> caffeine;
    private final AtomicLong caffeineBuilds = new AtomicLong();
    private int next;
    private long flights;
    private long caffeineFlights;

    @Setup(Level.Trial)
    public void setUp() {
        pool = Executors.newFixedThreadPool(THREADS);
        directory = Bench.scratch("single-flight");
        store = CacheStore.open(directory);
        factory = new CubeFactory(store);
        caffeine = Caffeine.newBuilder().maximumSize(100_000).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
        long builds = factory.stats().builds();
        store.close();
        Bench.delete(directory);
        if (builds != flights || caffeineBuilds.get() != caffeineFlights) {
            throw new IllegalStateException("builds per flight were not 1: factory " + builds
                    + " builds for " + flights + " keys, Caffeine " + caffeineBuilds + " for "
                    + caffeineFlights);
        }
    }

    @Benchmark
    public Object generated() throws Exception {
        int key = ++next;
        flights++;
        return all(i -> () -> factory.get("flight", key));
    }

    @Benchmark
    public Object caffeine() throws Exception {
        int key = ++next;
        caffeineFlights++;
        CubeKey cubeKey = new CubeKey("flight", key);
        return all(i -> () -> caffeine.get(cubeKey, k -> {
            caffeineBuilds.incrementAndGet();
            return new Cube(k.name(), k.size());
        }));
    }

    @Benchmark
    public Object harnessOnly() throws Exception {
        int key = ++next;
        return all(i -> () -> key);
    }

    /** Runs 32 tasks released at the same instant; returns the last answer. */
    private Object all(IntFunction<Callable<Object>> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> answers = new ArrayList<>(THREADS);
        for (int i = 0; i < THREADS; i++) {
            Callable<Object> work = task.apply(i);
            answers.add(pool.submit(() -> {
                start.await();
                return work.call();
            }));
        }
        start.countDown();
        Object last = null;
        for (Future<Object> answer : answers) {
            try {
                last = answer.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return last;
    }
}
