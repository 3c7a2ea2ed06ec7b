package io.cachedfactory.runtime;

import static io.cachedfactory.runtime.ChildJvm.SIGKILL_EXIT_VALUE;
import static io.cachedfactory.runtime.ReliabilitySupport.Figures;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unclean shutdown of the shared Chronicle Map index: a process killed while it has the store open,
 * and most likely while it holds one of the map's segment locks (it runs index gets and puts in a
 * tight loop), must not stop another process for longer than a bound, and the next process that
 * opens the store alone must detect the killed process's marker in {@code open/} and recover, while no process
 * ever recovers beside a live one (the store lock).
 */
class CrashIndexTest {

    private static final String RECOVERING = "did not close it cleanly; recovering the index";
    private static final Duration CHILD_WAIT = Duration.ofSeconds(60);
    private static final AtomicLong MAX_STALL_MILLIS = new AtomicLong();

    @TempDir
    Path tmp;

    @AfterAll
    static void printFigures() {
        if (MAX_STALL_MILLIS.get() > 0) {
            Figures.add("longest reader round after an index kill (ms)", MAX_STALL_MILLIS.get());
        }
        Figures.print("CrashIndexTest");
    }

    @Test
    void kill_insideTightIndexLoop_loneOpenRecoversAndServesEveryEntry() {
        int kills = ReliabilitySupport.scaled(4, 150);
        int keys = 12;
        List<String> seeds = ReliabilitySupport.seeds("lone", keys);
        List<Integer> sizes = ReliabilitySupport.sizes(keys);
        SplittableRandom random = new SplittableRandom(43);
        Path store = tmp.resolve("lone");
        for (int i = 0; i < kills; i++) {
            assertEquals(0, ReliabilitySupport.checkStore(store, seeds, sizes).wrong());
            try (ChildJvm hammer = child("lone-hammer-" + i, store, "hammer",
                    "--seed", random.nextLong())) {
                hammer.awaitLine("READY ", CHILD_WAIT);
                CrashRecoveryTest.sleep(50 + random.nextInt(400));
                assertEquals(SIGKILL_EXIT_VALUE, hammer.kill(), hammer.diagnostics());
                Figures.increment(Figures.KILLS);
                Figures.increment(Figures.INDEX_KILLS);
            }
            List<String> log = new ArrayList<>();
            ReliabilitySupport.Check check = withLog(log,
                    () -> ReliabilitySupport.checkStore(store, seeds, sizes));
            int kill = i;
            assertAll("after index kill " + kill + ": " + check + " log " + log,
                    () -> assertEquals(0, check.wrong()),
                    () -> assertEquals(keys, check.fromDisk(), "every entry still on disk"),
                    () -> assertTrue(log.stream().anyMatch(m -> m.contains(RECOVERING)),
                            "the lone opener recovered the index"));
        }
    }

    /**
     * Regression test (Chronicle Map issue #99; bounded since index operations time out): when the process killed
     * inside its index loop held a segment lock that the surviving reader needs, the reader's next
     * index operation blocks far past the bound (over 90 s in our runs); the store has no lock
     * timeout of its own. Fails only when the kill lands in such a lock, so not on every run.
     */
    @Test
    void kill_insideTightIndexLoop_otherProcessGoesOnWithinBoundAndLoneOpenRecovers() {
        int kills = ReliabilitySupport.scaled(3, 100);
        int keys = 12;
        List<String> seeds = ReliabilitySupport.seeds("idx", keys);
        List<Integer> sizes = ReliabilitySupport.sizes(keys);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < kills; i++) {
            Path store = tmp.resolve("index-" + i);
            assertEquals(0, ReliabilitySupport.checkStore(store, seeds, sizes).wrong());
            List<Object> readerArgs = new ArrayList<>(List.of(store, "reader"));
            for (int k = 0; k < keys; k++) {
                readerArgs.add(seeds.get(k) + ":" + sizes.get(k));
            }
            try (ChildJvm reader = child("reader-" + i, readerArgs.toArray());
                    ChildJvm hammer = child("hammer-" + i, store, "hammer",
                            "--seed", random.nextLong())) {
                reader.awaitLine("ROUND 1 ", CHILD_WAIT);
                hammer.awaitLine("READY ", CHILD_WAIT);
                CrashRecoveryTest.sleep(50 + random.nextInt(400));
                assertEquals(SIGKILL_EXIT_VALUE, hammer.kill(), hammer.diagnostics());
                Figures.increment(Figures.KILLS);
                Figures.increment(Figures.INDEX_KILLS);

                // The survivor must complete three more rounds (each reads and touches the index
                // for every key) within the bound.
                int roundsAtKill = rounds(reader).size();
                ReliabilitySupport.bounded("reader rounds after the index kill", () -> {
                    while (rounds(reader).size() < roundsAtKill + 3) {
                        assertTrue(reader.isAlive(), reader.diagnostics());
                        Thread.sleep(20);
                    }
                    return null;
                });
                List<String> after = rounds(reader).subList(roundsAtKill, roundsAtKill + 3);
                for (String round : after) {
                    MAX_STALL_MILLIS.accumulateAndGet(Long.parseLong(round.split(" ")[2]),
                            Math::max);
                }
                assertEquals(SIGKILL_EXIT_VALUE, reader.kill(), reader.diagnostics());
                Figures.increment(Figures.KILLS);
                long wrong = reader.stdoutLines().stream().filter(l -> l.startsWith("WRONG"))
                        .count();
                Figures.add(Figures.WRONG, wrong);
                assertAll(reader.diagnostics(),
                        () -> assertEquals(0, wrong, "wrong objects served by the survivor"),
                        () -> assertTrue(reader.stdoutLines().stream()
                                .noneMatch(l -> l.startsWith("ERROR")), "get threw"));
            }
            // Both are dead now: this JVM opens the store alone and must recover it.
            List<String> log = new ArrayList<>();
            ReliabilitySupport.Check check = withLog(log,
                    () -> ReliabilitySupport.checkStore(store, seeds, sizes));
            assertAll("after kill " + i + ": " + check + " log " + log,
                    () -> assertEquals(0, check.wrong()),
                    () -> assertEquals(keys, check.fromDisk(), "every entry still on disk"),
                    () -> assertTrue(log.stream().anyMatch(m -> m.contains(RECOVERING)),
                            "the lone opener recovered the index"));
        }
    }

    @Test
    void open_besideLiveProcess_neverRecoversButLoneOpenAfterKillDoes() throws java.io.IOException {
        Path store = tmp.resolve("store");
        List<String> seeds = ReliabilitySupport.seeds("live", 6);
        List<Integer> sizes = ReliabilitySupport.sizes(6);
        assertEquals(0, ReliabilitySupport.checkStore(store, seeds, sizes).wrong());
        Object[] readerArgs = {store, "reader", "live0:" + sizes.get(0), "live1:" + sizes.get(1)};

        try (ChildJvm first = child("first", readerArgs)) {
            first.awaitLine("ROUND 1 ", CHILD_WAIT);
            assertEquals(SIGKILL_EXIT_VALUE, first.kill());
            Figures.increment(Figures.KILLS);
        }
        try (var markers = Files.list(store.resolve("open"))) {
            assertTrue(markers.findAny().isPresent(), "the killed process left its mark");
        }

        try (ChildJvm second = child("second", readerArgs)) {
            second.awaitLine("ROUND 1 ", CHILD_WAIT);
            assertTrue(second.stderrText().contains(RECOVERING),
                    "alone, the next process recovers\n" + second.diagnostics());

            // The second process has the store open: this JVM must not recover beside it, even
            // though the dead process's marker is there.
            List<String> log = new ArrayList<>();
            ReliabilitySupport.Check check = withLog(log,
                    () -> ReliabilitySupport.checkStore(store, seeds, sizes));
            assertAll(check + " " + log,
                    () -> assertFalse(log.stream().anyMatch(m -> m.contains(RECOVERING)),
                            "recovered beside a live process"),
                    () -> assertEquals(0, check.wrong()),
                    () -> assertEquals(seeds.size(), check.fromDisk()));
            second.awaitLine("ROUND 3 ", CHILD_WAIT);
            assertTrue(second.stdoutLines().stream().noneMatch(l -> l.startsWith("WRONG")
                    || l.startsWith("ERROR")), second.diagnostics());
        }
    }

    /**
     * Regression test (found by this suite, fixed): index.open was one marker for all processes, and the
     * last process to close deletes it. When a process dies with the store open while another
     * lives on, the survivor's clean close erases the evidence, so the next lone open does not
     * recover, and a segment lock the dead process held stays locked for every later process.
     */
    @Test
    void close_bySurvivorAfterAnotherProcessDied_nextLoneOpenStillRecovers() {
        Path store = tmp.resolve("survivor");
        List<String> seeds = ReliabilitySupport.seeds("s", 4);
        List<Integer> sizes = ReliabilitySupport.sizes(4);
        assertEquals(0, ReliabilitySupport.checkStore(store, seeds, sizes).wrong());
        try (CacheStore survivor = CacheStore.open(store);
                ChildJvm hammer = child("dies", store, "hammer", "--seed", 7)) {
            hammer.awaitLine("PROGRESS ", CHILD_WAIT);
            assertEquals(SIGKILL_EXIT_VALUE, hammer.kill());
            Figures.increment(Figures.KILLS);
            assertTrue(new MatrixFactory(survivor).get("s0", sizes.get(0)).isExactly("s0",
                    sizes.get(0)));
        }
        List<String> log = new ArrayList<>();
        long started = System.nanoTime();
        ReliabilitySupport.Check check = withLog(log,
                () -> ReliabilitySupport.checkStore(store, seeds, sizes));
        System.out.println("lone open after the survivor's close took "
                + (System.nanoTime() - started) / 1_000_000 + " ms: " + check + " " + log);
        assertEquals(0, check.wrong());
        assertTrue(log.stream().anyMatch(m -> m.contains(RECOVERING)),
                "a process died with the index open, so the next lone open recovers; log: " + log);
    }

    /**
     * Regression test (Chronicle Map issue #99; bounded since index operations time out): a process killed inside its
     * tight index loop almost always dies holding a segment lock; a survivor that then walks the
     * whole index (as eviction does, and as touches do over time) must get through within the bound. Prints how long
     * the walk took.
     */
    @Test
    void kill_insideTightIndexLoop_survivorUpdatingWholeIndexGoesOnWithinBound() {
        Path store = tmp.resolve("walk");
        assertEquals(0, ReliabilitySupport.checkStore(store, List.of("w"), List.of(8)).wrong());
        try (CacheStore survivor = CacheStore.open(store);
                ChildJvm hammer = child("dies-in-loop", store, "hammer", "--seed", 11)) {
            hammer.awaitLine("PROGRESS ", CHILD_WAIT);
            assertEquals(SIGKILL_EXIT_VALUE, hammer.kill());
            Figures.increment(Figures.KILLS);
            Figures.increment(Figures.INDEX_KILLS);
            DiskIndex index = survivor.disk().index().orElseThrow();
            long started = System.nanoTime();
            try {
                long entries = ReliabilitySupport.bounded("walking the index after the kill",
                        () -> {
                            try {
                                List<EntryId> ids = new ArrayList<>();
                                index.forEachEntry((id, entry) -> ids.add(id));
                                // Writes need every segment's write lock, as eviction's do.
                                for (EntryId id : ids) {
                                    index.put(id, new IndexEntry(1, 1, 1));
                                }
                                return (long) ids.size();
                            } catch (DiskIndex.IndexStalledException e) {
                                // The index gave up within its own bound: the store then drops
                                // it and goes on with payload files.
                                return -1L;
                            }
                        });
                System.out.println("index walk after the kill: " + entries + " entries in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
            } finally {
                System.out.println("index walk after the kill ended after "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
        }
    }

    private ChildJvm child(String name, Object... args) {
        return ChildJvm.builder(CrashChild.class, tmp.resolve("logs"), name).args(args).start();
    }

    private static List<String> rounds(ChildJvm reader) {
        return reader.stdoutLines().stream().filter(l -> l.startsWith("ROUND ")).toList();
    }

    /** Runs {@code work} while collecting the runtime's log messages into {@code messages}. */
    static <T> T withLog(List<String> messages, java.util.concurrent.Callable<T> work) {
        Logger logger = Logger.getLogger("io.cachedfactory.runtime");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (messages) {
                    messages.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            return work.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            logger.removeHandler(handler);
        }
    }
}
