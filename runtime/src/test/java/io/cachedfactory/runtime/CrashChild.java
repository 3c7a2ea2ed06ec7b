package io.cachedfactory.runtime;

import static io.cachedfactory.runtime.ChildMain.exitWhenStdinCloses;
import static io.cachedfactory.runtime.ChildMain.println;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The main class of the child JVMs the crash tests kill with SIGKILL. Arguments:
 * {@code <store dir> <mode> [options] [<seed>:<size>...]}, modes:
 * <ul>
 *   <li>{@code write}: asks for each key once, in order (each absent key is built and stored), then
 *       prints {@code DONE}. Run with {@code -Dcachedfactory.faults.stopAt=N} it stops at the N-th
 *       write operation and prints {@code FAULT-POINT}.
 *   <li>{@code loop}: forever asks for random keys of {@code --keys N} ({@code k0}...), now and then
 *       invalidating one, so that builds, payload writes, index updates and, with a small
 *       {@code --disk-budget}, evictions run all the time.
 *   <li>{@code hammer}: forever puts and gets index entries directly, in a tight loop, so that a
 *       kill most likely lands while the process holds one of Chronicle Map's segment locks.
 *   <li>{@code reader}: forever asks for every given key through a fresh store object (so each
 *       request reads the index and the payload, and touches the index), printing
 *       {@code ROUND <n> <millis>} after each round.
 * </ul>
 * Options: {@code --disk-budget BYTES}, {@code --keys N}, {@code --seed S}.
 *
 * <p>Lines on stdout: {@code READY <pid>} once the store is open, {@code WRONG <seed> <size>} for
 * any object that is not exactly {@code Matrix(seed, size)}, {@code PROGRESS <n>} every so often,
 * {@code ERROR <exception>} when a get throws. The child exits when its stdin closes.
 */
final class CrashChild {

    private static final int PROGRESS_EVERY = 25;

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        exitWhenStdinCloses();
        Path directory = Path.of(args[0]);
        String mode = args[1];
        long diskBudget = 0;
        int keys = 40;
        long seed = System.nanoTime();
        List<String> seeds = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--disk-budget" -> diskBudget = Long.parseLong(args[++i]);
                case "--keys" -> keys = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    int colon = args[i].lastIndexOf(':');
                    seeds.add(args[i].substring(0, colon));
                    sizes.add(Integer.parseInt(args[i].substring(colon + 1)));
                }
            }
        }
        CacheStore.Builder builder = CacheStore.builder(directory).memoryBudget(0);
        if (diskBudget > 0) {
            builder.diskBudget(diskBudget);
        }
        switch (mode) {
            case "write" -> write(builder, seeds, sizes);
            case "loop" -> loop(builder, keys, new SplittableRandom(seed));
            case "hammer" -> hammer(directory, new SplittableRandom(seed));
            case "reader" -> reader(builder, seeds, sizes);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.exit(0);
    }

    private static void write(CacheStore.Builder builder, List<String> seeds, List<Integer> sizes) {
        try (CacheStore store = builder.open()) {
            MatrixFactory factory = new MatrixFactory(store);
            println("READY " + ProcessHandle.current().pid());
            for (int i = 0; i < seeds.size(); i++) {
                ask(factory, seeds.get(i), sizes.get(i));
            }
        }
        println("DONE");
    }

    private static void loop(CacheStore.Builder builder, int keys, SplittableRandom random) {
        try (CacheStore store = builder.open()) {
            MatrixFactory factory = new MatrixFactory(store);
            println("READY " + ProcessHandle.current().pid());
            for (long n = 1; ; n++) {
                int k = random.nextInt(keys);
                String seed = "k" + k;
                int size = ReliabilitySupport.sizeOf(k);
                if (random.nextInt(8) == 0) {
                    factory.invalidate(seed, size);
                }
                ask(factory, seed, size);
                if (n % PROGRESS_EVERY == 0) {
                    println("PROGRESS " + n);
                }
            }
        }
    }

    private static void hammer(Path directory, SplittableRandom random) {
        DiskTier tier;
        try {
            tier = DiskTier.acquire(StoreDirectory.locate(directory, false), 100_000, true);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        DiskIndex index = tier.index().orElseThrow(() -> new IllegalStateException("no index"));
        EntryId[] ids = new EntryId[4096];
        for (int i = 0; i < ids.length; i++) {
            byte[] bytes = new byte[EntryId.LENGTH];
            random.nextBytes(bytes);
            ids[i] = new EntryId(bytes);
        }
        println("READY " + ProcessHandle.current().pid());
        for (long n = 1; ; n++) {
            EntryId id = ids[random.nextInt(ids.length)];
            if ((n & 1) == 0) {
                index.put(id, new IndexEntry(n, n, n));
            } else {
                index.get(id);
            }
            if (n % 100_000 == 0) {
                println("PROGRESS " + n);
            }
        }
    }

    private static void reader(CacheStore.Builder builder, List<String> seeds,
            List<Integer> sizes) {
        // The anchor keeps the disk tier open; each round's store has an empty memory tier.
        try (CacheStore anchor = builder.open()) {
            println("READY " + ProcessHandle.current().pid());
            for (long round = 1; ; round++) {
                long started = System.nanoTime();
                try (CacheStore store = builder.open()) {
                    MatrixFactory factory = new MatrixFactory(store);
                    for (int i = 0; i < seeds.size(); i++) {
                        ask(factory, seeds.get(i), sizes.get(i));
                    }
                    println("ROUND " + round + " " + (System.nanoTime() - started) / 1_000_000
                            + " storageErrors=" + factory.stats().storageErrors());
                }
            }
        }
    }

    private static void ask(MatrixFactory factory, String seed, int size) {
        try {
            Matrix matrix = factory.get(seed, size);
            if (matrix == null || !matrix.isExactly(seed, size)) {
                println("WRONG " + seed + " " + size + " " + matrix);
            }
        } catch (RuntimeException | Error e) {
            println("ERROR " + e);
            e.printStackTrace();
        }
    }

}
