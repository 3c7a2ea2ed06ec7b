package io.cachedfactory.benchmarks;

import io.cachedfactory.benchmarks.report.TwoProcessResult;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.internal.FactoryCache;
import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/*
 * Issue 7, benchmark 6 across processes (outside JMH, which cannot fork two cooperating JVMs):
 * two JVMs on one store directory, 16 threads each, ask for the same absent keys. Both start at
 * the same wall-clock instant and each build takes 100 ms (a Thread.sleep, standing in for an
 * expensive constructor), so every key is asked for by both processes at once. Single flight holds
 * when the builds counted across both processes equal the number of keys.
 *
 *   java -cp benchmarks.jar <chronicle options> io.cachedfactory.benchmarks.TwoProcessSingleFlight \
 *        <result.json> [keys]
 */

/** Two processes, 16 threads each, one absent key at a time: counts builds. */
public final class TwoProcessSingleFlight {

    static final int PROCESSES = 2;
    static final int THREADS = 16;
    static final long BUILD_MILLIS = 100;

    private TwoProcessSingleFlight() {
    }

    /** Parent: {@code <result.json> [keys]}; child: {@code child <dir> <keys> <startMillis>}. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            return;
        }
        Path result = Path.of(args[0]);
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path directory = Bench.scratch("two-process");
        try {
            long start = System.currentTimeMillis() + 3000; // both JVMs are up by then
            List<Process> children = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                children.add(ChildJvm.start(List.of(), TwoProcessSingleFlight.class, "child",
                        directory.toString(), Integer.toString(keys), Long.toString(start)));
            }
            long builds = 0;
            long slowestMillis = 0;
            for (Process child : children) {
                String out = ChildJvm.output(child);
                String line = out.lines().filter(l -> l.startsWith("builds=")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("child said:\n" + out));
                String[] fields = line.split("[= ]");
                builds += Long.parseLong(fields[1]);
                slowestMillis = Math.max(slowestMillis, Long.parseLong(fields[3]));
            }
            TwoProcessResult counted = new TwoProcessResult(PROCESSES, THREADS, keys, builds,
                    BUILD_MILLIS, slowestMillis);
            counted.write(result);
            System.out.print("two-process single flight: " + counted.toJson());
        } finally {
            Bench.delete(directory);
        }
    }

    private static void child(Path directory, int keys, long startMillis) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (CacheStore store = CacheStore.open(directory)) {
            FactoryCache<Cube> cache = store.cache(FactoryDescriptor.builder(Cube.class,
                    "bench.SlowCube", CubeFactory.FINGERPRINT).build());
            cache.get(key("warm-up-" + ProcessHandle.current().pid(), 1), () -> new Cube("w", 1),
                    null);
            long buildsBefore = cache.stats().builds();
            Thread.sleep(Math.max(0, startMillis - System.currentTimeMillis()));
            long started = System.nanoTime();
            for (int k = 0; k < keys; k++) {
                int size = k;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Cube>> answers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return cache.get(key("two-process", size), () -> {
                            Thread.sleep(BUILD_MILLIS);
                            return new Cube("two-process", size);
                        }, null);
                    }));
                }
                go.countDown();
                for (Future<Cube> answer : answers) {
                    answer.get();
                }
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("builds=" + (cache.stats().builds() - buildsBefore)
                    + " millis=" + millis);
        } finally {
            pool.shutdownNow();
        }
    }

    private static RequestKey key(String name, int size) {
        return RequestKey.builder("SlowCube(String,int)").arg("name", name).arg("size", size)
                .build();
    }
}
