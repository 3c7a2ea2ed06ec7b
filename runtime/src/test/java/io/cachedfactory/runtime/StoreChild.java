package io.cachedfactory.runtime;

import static io.cachedfactory.runtime.ChildMain.appendLine;
import static io.cachedfactory.runtime.ChildMain.exitWhenStdinCloses;
import static io.cachedfactory.runtime.ChildMain.println;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The main class of the child JVMs of {@link MultiProcessStoreTest}: opens a store, asks
 * {@link SlowMatrixFactory} for keys and reports what it was served.
 *
 * <p>Arguments: {@code <store dir> <builds log> [options] <seed>:<size>...}, with options
 * <ul>
 *   <li>{@code --threads N}: N threads each ask for every key, in order (default 1);
 *   <li>{@code --go FILE}: after {@code READY}, wait for FILE to exist before asking;
 *   <li>{@code --build-delay-ms MS}: a build sleeps MS before constructing the matrix;
 *   <li>{@code --started FILE}: a build creates FILE when it starts;
 *   <li>{@code --release FILE}: a build then waits for FILE to exist; one that never appears
 *       blocks the build until the process is killed;
 *   <li>{@code --disk-budget BYTES}: the store's disk budget, so that eviction runs;
 *   <li>{@code --shuffle SEED}: each thread asks for the keys in its own random order.
 * </ul>
 *
 * <p>Each completed build appends {@code <pid> <seed> <size>} to the builds log, shared by every
 * process of a test. Lines on stdout, one per event:
 * <ul>
 *   <li>{@code READY <pid>}: the store is open; about to ask (or to wait for {@code --go});
 *   <li>{@code GETTING <seed> <size>}: a thread is about to call {@code get};
 *   <li>{@code OK <seed> <size> <source>}: served exactly {@code Matrix(seed, size)}; the source is
 *       {@code built}, {@code disk} or {@code memory} with one thread, {@code concurrent} with
 *       several;
 *   <li>{@code WRONG <seed> <size> <served>}: served something else;
 *   <li>{@code SAME <seed> <size> <n>}: all n answers for the key were one instance;
 *       {@code DIFFERENT <seed> <size> <distinct>}: they were not; {@code NONE <seed> <size>}: no
 *       {@code get} of the key returned;
 *   <li>{@code STATS builds=.. memoryHits=.. diskHits=.. misses=.. storageErrors=..};
 *   <li>{@code BUILDS <n>}: {@code Matrix} constructors run in this JVM;
 *   <li>{@code ERROR <exception>}: a {@code get} threw; the stack trace goes to stderr and the exit
 *       status is 1;
 *   <li>{@code DONE}: the store is closed; the exit status is 0 unless an {@code ERROR} came
 *       before.
 * </ul>
 *
 * <p>The child exits as soon as its stdin reaches end-of-file, so it never outlives the test JVM.
 */
final class StoreChild {

    private static final int EXIT_ERROR = 1;
    private static final int EXIT_USAGE = 2;
    private static final long FILE_POLL_MILLIS = 20;

    private final Path buildsLog;
    private int threads = 1;
    private Path go;
    private long buildDelayMillis;
    private Path started;
    private Path release;
    private long diskBudget;
    private Long shuffleSeed;
    private final List<String> seeds = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();

    private StoreChild(Path buildsLog) {
        this.buildsLog = buildsLog;
    }

    public static void main(String[] args) {
        exitWhenStdinCloses();
        if (args.length < 3) {
            usage("expected <store dir> <builds log> [options] <seed>:<size>...");
        }
        Path storeDirectory = Path.of(args[0]);
        StoreChild child = new StoreChild(Path.of(args[1]));
        child.parse(args);
        int status;
        try {
            status = child.run(storeDirectory);
        } catch (Throwable e) {
            println("ERROR " + e);
            e.printStackTrace();
            status = EXIT_ERROR;
        }
        // Exit explicitly: a library thread that is not a daemon must not keep the child alive.
        System.exit(status);
    }

    private void parse(String[] args) {
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                if (i + 1 >= args.length) {
                    usage(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--go" -> go = Path.of(value);
                    case "--build-delay-ms" -> buildDelayMillis = Long.parseLong(value);
                    case "--started" -> started = Path.of(value);
                    case "--release" -> release = Path.of(value);
                    case "--disk-budget" -> diskBudget = Long.parseLong(value);
                    case "--shuffle" -> shuffleSeed = Long.parseLong(value);
                    default -> usage("unknown option " + arg);
                }
            } else {
                int colon = arg.lastIndexOf(':');
                if (colon <= 0) {
                    usage("a key is <seed>:<size>, was " + arg);
                }
                seeds.add(arg.substring(0, colon));
                sizes.add(Integer.parseInt(arg.substring(colon + 1)));
            }
        }
        if (seeds.isEmpty() || threads < 1) {
            usage("needs at least one key and one thread");
        }
    }

    private int run(Path storeDirectory) throws Exception {
        long pid = ProcessHandle.current().pid();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Map<Integer, Set<Matrix>> served = new ConcurrentHashMap<>();
        Map<Integer, List<Matrix>> held = new ConcurrentHashMap<>();
        CacheStore.Builder options = CacheStore.builder(storeDirectory);
        if (diskBudget > 0) {
            options.diskBudget(diskBudget);
        }
        CacheStore store = options.open();
        try {
            SlowMatrixFactory factory = new SlowMatrixFactory(store, this::beforeBuild,
                    (seed, size) -> appendLine(buildsLog, pid + " " + seed + " " + size));
            println("READY " + pid);
            if (go != null) {
                awaitFile(go);
            }
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < seeds.size(); k++) {
                    order.add(k);
                }
                if (shuffleSeed != null) {
                    Collections.shuffle(order, new java.util.Random(shuffleSeed * 31 + t));
                }
                Thread worker = new Thread(() -> {
                    for (int k : order) {
                        try {
                            Matrix matrix = ask(factory, seeds.get(k), sizes.get(k));
                            // Held to the end, so the memory tier's weak canonical instance lives.
                            held.computeIfAbsent(k, x -> new CopyOnWriteArrayList<>()).add(matrix);
                            served.computeIfAbsent(k, x -> Collections.synchronizedSet(
                                    Collections.newSetFromMap(new IdentityHashMap<>())))
                                    .add(matrix);
                        } catch (Throwable e) {
                            failures.add(e);
                            println("ERROR " + e);
                            e.printStackTrace();
                        }
                    }
                }, "asker-" + t);
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            for (int k = 0; k < seeds.size(); k++) {
                Set<Matrix> instances = served.getOrDefault(k, Set.of());
                int answers = held.getOrDefault(k, List.of()).size();
                String key = seeds.get(k) + " " + sizes.get(k);
                if (instances.isEmpty()) {
                    println("NONE " + key);
                } else if (instances.size() == 1) {
                    println("SAME " + key + " " + answers);
                } else {
                    println("DIFFERENT " + key + " " + instances.size());
                }
            }
            FactoryStats stats = factory.stats();
            println("STATS builds=" + stats.builds() + " memoryHits=" + stats.memoryHits()
                    + " diskHits=" + stats.diskHits() + " misses=" + stats.totalMisses()
                    + " storageErrors=" + stats.storageErrors());
            println("BUILDS " + Matrix.BUILDS.get());
        } finally {
            store.close();
        }
        println("DONE");
        return failures.isEmpty() ? 0 : EXIT_ERROR;
    }

    private Matrix ask(SlowMatrixFactory factory, String seed, int size) {
        println("GETTING " + seed + " " + size);
        FactoryStats before = threads == 1 ? factory.stats() : null;
        Matrix matrix = factory.get(seed, size);
        String source = threads == 1 ? source(before, factory.stats()) : "concurrent";
        if (matrix != null && matrix.isExactly(seed, size)) {
            println("OK " + seed + " " + size + " " + source);
        } else {
            println("WRONG " + seed + " " + size + " " + matrix);
        }
        return matrix;
    }

    /** Where one get's object came from, by the counters it moved (exact with a single thread). */
    private static String source(FactoryStats before, FactoryStats after) {
        if (after.builds() > before.builds()) {
            return "built";
        } else if (after.diskHits() > before.diskHits()) {
            return "disk";
        } else if (after.memoryHits() > before.memoryHits()) {
            return "memory";
        }
        return "unknown";
    }

    private void beforeBuild(String seed, int size) throws IOException, InterruptedException {
        if (started != null) {
            Files.createFile(started);
        }
        if (release != null) {
            while (!Files.exists(release)) {
                Thread.sleep(FILE_POLL_MILLIS);
            }
        }
        if (buildDelayMillis > 0) {
            Thread.sleep(buildDelayMillis);
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        while (!Files.exists(file)) {
            Thread.sleep(FILE_POLL_MILLIS);
        }
    }

    private static void usage(String problem) {
        System.err.println("StoreChild: " + problem);
        System.exit(EXIT_USAGE);
    }

}
