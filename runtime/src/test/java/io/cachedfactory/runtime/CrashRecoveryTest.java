package io.cachedfactory.runtime;

import static io.cachedfactory.runtime.ChildJvm.SIGKILL_EXIT_VALUE;
import static io.cachedfactory.runtime.ReliabilitySupport.Figures;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer with SIGKILL at every file-system operation of a store write, and at random
 * instants while it builds, writes, updates the index and evicts; after each kill this JVM opens
 * the store as a fresh process and checks every entry against its expected content. Nothing may
 * be served wrong, no get may throw, nothing may hang.
 */
class CrashRecoveryTest {

    /** The operations of one store write, in order, as {@link FaultPoints} names them. */
    static final List<String> WRITE_OPERATIONS = List.of("create temp file", "write body",
            "write header", "fsync", "rename", "fsync directory", "index put");

    /** The first operation after which the new payload file is complete under its final name. */
    private static final int FIRST_DURABLE_OPERATION = WRITE_OPERATIONS.indexOf("fsync directory");

    private static final Duration CHILD_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @AfterAll
    static void printFigures() {
        Figures.print("CrashRecoveryTest");
    }

    @Test
    void kill_atEveryWriteFaultPoint_freshProcessServesEveryEntryExactly() {
        int writesPerChild = ReliabilitySupport.scaled(2, 3);
        int rounds = ReliabilitySupport.scaled(1, 20);
        inLanes(rounds, round -> sweepFaultPoints(round, writesPerChild));
    }

    /** One store; for N = 1.. every operation of {@code writes} writes: a child killed at N. */
    private void sweepFaultPoints(int round, int writes) {
        Path store = tmp.resolve("sweep-" + round);
        List<String> seeds = new ArrayList<>(List.of("pre0", "pre1"));
        List<Integer> sizes = new ArrayList<>(List.of(8, 12));
        ReliabilitySupport.Check initial = ReliabilitySupport.checkStore(store, seeds, sizes);
        assertEquals(0, initial.wrong());

        int points = writes * WRITE_OPERATIONS.size();
        for (int n = 1; n <= points; n++) {
            List<String> victims = new ArrayList<>();
            List<Object> args = new ArrayList<>(List.of(store, "write"));
            for (int w = 0; w < writes; w++) {
                String seed = "r" + round + "n" + n + "w" + w;
                victims.add(seed);
                args.add(seed + ":" + (6 + w * 5));
            }
            int killedWrite = (n - 1) / WRITE_OPERATIONS.size();
            int operation = (n - 1) % WRITE_OPERATIONS.size();
            String name = "fault-" + round + "-" + n;
            try (ChildJvm child = ChildJvm.builder(CrashChild.class, tmp.resolve("logs"), name)
                    .jvmOption("-Dcachedfactory.faults.stopAt=" + n)
                    .args(args.toArray()).start()) {
                String reached = child.awaitLine("FAULT-POINT ", CHILD_WAIT);
                assertEquals("FAULT-POINT " + n + " " + WRITE_OPERATIONS.get(operation), reached,
                        child.diagnostics());
                assertEquals(SIGKILL_EXIT_VALUE, child.kill(), child.diagnostics());
                assertTrue(child.stdoutLines().stream().noneMatch(l -> l.startsWith("WRONG")
                        || l.startsWith("ERROR")), child.diagnostics());
            }
            Figures.increment(Figures.KILLS);
            Figures.increment(Figures.FAULT_POINT_KILLS);

            int before = seeds.size();
            for (int w = 0; w < writes; w++) {
                seeds.add(victims.get(w));
                sizes.add(6 + w * 5);
            }
            ReliabilitySupport.Check check = ReliabilitySupport.checkStore(store, seeds, sizes);
            int durable = before + killedWrite + (operation >= FIRST_DURABLE_OPERATION ? 1 : 0);
            String context = "killed at " + n + " (" + WRITE_OPERATIONS.get(operation)
                    + " of write " + killedWrite + "): " + check;
            assertAll(context,
                    () -> assertEquals(0, check.wrong(), "wrong objects"),
                    () -> assertEquals(durable, check.fromDisk(),
                            "entries complete before the kill are served from disk"),
                    () -> assertEquals(seeds.size() - durable, check.rebuilt(),
                            "entries not complete at the kill are rebuilt"));
        }
        // Writers killed between creating and renaming their temp file leave it behind; only
        // StoreMaintenance.prune removes such files (see CorruptionMatrixTest).
        Figures.add(Figures.STRAY_TEMP, ReliabilitySupport.strayTempFiles(store));
    }

    @Test
    void kill_atRandomInstantsWhileBuildingIndexingAndEvicting_noWrongObjectEver() {
        int iterations = ReliabilitySupport.scaled(6, 250);
        int lanes = ReliabilitySupport.longProfile() ? 2 : 1;
        inLanes(lanes, lane -> {
            Path store = tmp.resolve("random-" + lane);
            SplittableRandom random = new SplittableRandom(0xC0FFEEL + lane);
            int keys = 30;
            List<String> seeds = ReliabilitySupport.seeds("k", keys);
            List<Integer> sizes = ReliabilitySupport.sizes(keys);
            for (int i = 0; i < iterations; i++) {
                killLoopingChild(store, lane, i, keys, random);
                ReliabilitySupport.Check check = ReliabilitySupport.checkStore(store, seeds,
                        sizes);
                assertEquals(0, check.wrong(), "lane " + lane + " kill " + i + ": " + check);
            }
        });
    }

    /**
     * Starts a child that builds, stores, invalidates and (under a budget that holds a few of the
     * keys) evicts without pause, and kills it at a random instant: sometimes while it is still
     * opening or recovering the store, mostly while it works.
     */
    private void killLoopingChild(Path store, int lane, int i, int keys, SplittableRandom random) {
        long seed = random.nextLong();
        try (ChildJvm child = ChildJvm.builder(CrashChild.class, tmp.resolve("logs"),
                "random-" + lane + "-" + i).args(store, "loop", "--keys", keys,
                "--disk-budget", 12_000, "--seed", seed).start()) {
            if (random.nextInt(4) == 0) {
                sleep(random.nextInt(1500));
            } else {
                child.awaitLine("READY ", CHILD_WAIT);
                sleep(random.nextInt(600));
            }
            int exit = child.kill();
            List<String> out = child.stdoutLines();
            assertTrue(exit == SIGKILL_EXIT_VALUE, "killed, not exited: " + child.diagnostics());
            long wrong = out.stream().filter(l -> l.startsWith("WRONG")).count();
            Figures.add(Figures.WRONG, wrong);
            assertAll(child.diagnostics(),
                    () -> assertEquals(0, wrong, "wrong objects served in the child"),
                    () -> assertTrue(out.stream().noneMatch(l -> l.startsWith("ERROR")),
                            "exceptions from get in the child"));
        }
        Figures.increment(Figures.KILLS);
        Figures.increment(Figures.RANDOM_KILLS);
    }

    /**
     * Regression test (found by this suite, fixed): a payload that is complete on disk but missing from
     * the index, as after a writer killed at "index put" (fault point 7) or after the index was
     * rebuilt empty, makes StoreFactoryCache.load call get() on an empty Optional; the
     * NoSuchElementException is taken for an index failure, so the process drops its index for the
     * rest of its life (no more eviction, no "latest" records) and counts a storage error, instead
     * of re-indexing the payload as touch() intends.
     */
    @Test
    void get_payloadMissingFromIndex_servedAndReindexedWithoutDroppingIndex() {
        Path store = tmp.resolve("unindexed");
        try (CacheStore anchor = CacheStore.open(store)) {
            assertTrue(new MatrixFactory(anchor).get("u", 8).isExactly("u", 8));
            EntryId id = EntryId.of(anchor.hasher(), "io.cachedfactory.runtime.MatrixFactory",
                    MatrixFactory.VERSION, MatrixFactory.keyOf("u", 8).bytes());
            DiskIndex index = anchor.disk().index().orElseThrow();
            index.remove(id); // as if the writer had died before its index put

            try (CacheStore fresh = CacheStore.open(store)) {
                MatrixFactory factory = new MatrixFactory(fresh);
                assertTrue(factory.get("u", 8).isExactly("u", 8));
                assertAll(factory.stats().toString(),
                        () -> assertEquals(1, factory.stats().diskHits()),
                        () -> assertEquals(0, factory.stats().storageErrors(),
                                "a payload the index lost is no storage error"),
                        () -> assertTrue(anchor.disk().index().isPresent(),
                                "the process still has its index"),
                        () -> assertTrue(index.get(id).isPresent(), "the payload is re-indexed"));
            }
        }
    }

    /** Runs {@code work(0..count-1)}, on two threads in the long profile; rethrows failures. */
    static void inLanes(int count, IntConsumer work) {
        int threads = ReliabilitySupport.longProfile() ? 2 : 1;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int lane = i;
                futures.add(executor.submit(() -> work.accept(lane)));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new AssertionError(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        } finally {
            executor.shutdownNow();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
