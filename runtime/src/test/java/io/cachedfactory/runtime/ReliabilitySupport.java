package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/*
 * Shared by the reliability suite (issue 6): the profile (how much each test does), the figures
 * every test adds to and prints, and the check a fresh process runs on a store after a crash.
 *
 * Profiles, chosen with -Dreliability.profile=ci|long (ci by default):
 *   ci    the whole suite in well under five minutes on two cores, run by `mvn -B verify`;
 *   long  at least 1,000 kills and every corruption class many times over, on demand:
 *         mvn -B -pl runtime -am test -Dtest='Crash*,Corruption*' -Dreliability.profile=long
 *
 * The figures are process-wide sums; every reliability test class prints the running totals when
 * it finishes, so the last block printed holds the whole run's figures.
 */

/** Profile, figures and post-crash checks of the reliability suite. */
final class ReliabilitySupport {

    /** How long any single wait of the suite may take before it counts as a hang. */
    static final Duration HANG_BOUND = Duration.ofSeconds(
            Long.getLong("reliability.hangBoundSeconds", 90));

    private ReliabilitySupport() {
    }

    /** Whether the long profile runs. */
    static boolean longProfile() {
        return "long".equals(System.getProperty("reliability.profile", "ci")
                .toLowerCase(Locale.ROOT));
    }

    /** {@code ci} in the CI profile, else {@code long}. */
    static int scaled(int ci, int longRun) {
        return longProfile() ? longRun : ci;
    }

    /** The profile's name, for the printed figures. */
    static String profileName() {
        return longProfile() ? "long" : "ci";
    }

    /** Counters of the whole run. */
    static final class Figures {
        private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

        static final String KILLS = "kills survived (SIGKILL, store checked after each)";
        static final String FAULT_POINT_KILLS = "  of which at a named write fault point";
        static final String RANDOM_KILLS = "  of which at a random instant (build/index/evict)";
        static final String INDEX_KILLS = "  of which inside a tight index get/put loop";
        static final String CORRUPTIONS = "corruptions detected (rebuilt, counted)";
        static final String CORRUPTION_CLASSES = "corruption classes exercised";
        static final String HOSTILE = "hostile payloads refused";
        static final String ENTRIES_CHECKED = "entries checked against expected content";
        static final String CONCURRENT_GETS = "concurrent gets across processes";
        static final String STRAY_TEMP = "stray temp files left by killed writers";
        static final String WRONG = "wrong objects served";
        static final String HANGS = "hangs (waits past the bound)";
        static final String GET_EXCEPTIONS = "exceptions thrown by get";
        static final String HOSTILE_DIRECTORY = "hostile directory: attacks tried";
        static final String OUTSIDE_TOUCHED = "  files outside the store touched";
        static final String GADGETS_INITIALIZED = "  classes initialized from a planted header";
        static final String LONGEST_DAMAGED_OPEN = "  longest open on a damaged index (ms)";

        private Figures() {
        }

        static void add(String figure, long amount) {
            COUNTS.computeIfAbsent(figure, k -> new AtomicLong()).addAndGet(amount);
        }

        static void increment(String figure) {
            add(figure, 1);
        }

        /** Raises {@code figure} to {@code value} if it is larger: for longest-wait figures. */
        static void max(String figure, long value) {
            COUNTS.computeIfAbsent(figure, k -> new AtomicLong()).accumulateAndGet(value, Math::max);
        }

        static long get(String figure) {
            AtomicLong count = COUNTS.get(figure);
            return count == null ? 0 : count.get();
        }

        /** Prints the running totals in one block, after {@code finished}. */
        static void print(String finished) {
            List<String> order = List.of(KILLS, FAULT_POINT_KILLS, RANDOM_KILLS, INDEX_KILLS,
                    CORRUPTIONS, CORRUPTION_CLASSES, HOSTILE, ENTRIES_CHECKED, CONCURRENT_GETS,
                    STRAY_TEMP, WRONG, HANGS, GET_EXCEPTIONS, HOSTILE_DIRECTORY, OUTSIDE_TOUCHED,
                    GADGETS_INITIALIZED, LONGEST_DAMAGED_OPEN);
            StringBuilder block = new StringBuilder();
            block.append("\n===== cachedfactory reliability figures (profile ")
                    .append(profileName()).append(", totals after ").append(finished)
                    .append(") =====\n");
            for (String figure : order) {
                block.append(String.format(Locale.ROOT, "  %-52s %8d%n", figure, get(figure)));
            }
            TreeMap<String, AtomicLong> extra = new TreeMap<>(COUNTS);
            order.forEach(extra::remove);
            extra.forEach((name, count) -> block.append(String.format(Locale.ROOT,
                    "  %-52s %8d%n", name, count.get())));
            block.append("===== end of reliability figures =====\n");
            System.out.print(block);
            System.out.flush();
        }
    }

    /** What a fresh process found in a store. */
    record Check(int entries, int fromDisk, int rebuilt, int wrong, long storageErrors,
            int strayTempFiles) {
    }

    /**
     * Opens {@code directory} as a fresh opener would (this JVM must not have it open), asks for
     * every key and checks each object against its expected content, within {@link #HANG_BOUND}.
     * Adds to the figures; fails on a hang or an exception from {@code get}, but only counts wrong
     * objects, so that callers can assert on them with their own context.
     */
    static Check checkStore(Path directory, List<String> seeds, List<Integer> sizes) {
        return bounded("checking " + directory, () -> {
            try (CacheStore store = CacheStore.open(directory)) {
                MatrixFactory factory = new MatrixFactory(store);
                int wrong = 0;
                int fromDisk = 0;
                int rebuilt = 0;
                for (int i = 0; i < seeds.size(); i++) {
                    FactoryStats before = factory.stats();
                    Matrix served;
                    try {
                        served = factory.get(seeds.get(i), sizes.get(i));
                    } catch (RuntimeException | Error e) {
                        Figures.increment(Figures.GET_EXCEPTIONS);
                        throw new AssertionError("get(" + seeds.get(i) + ", " + sizes.get(i)
                                + ") threw on " + directory, e);
                    }
                    if (served == null || !served.isExactly(seeds.get(i), sizes.get(i))) {
                        wrong++;
                    }
                    FactoryStats after = factory.stats();
                    if (after.builds() > before.builds()) {
                        rebuilt++;
                    } else if (after.diskHits() > before.diskHits()) {
                        fromDisk++;
                    }
                }
                Figures.add(Figures.ENTRIES_CHECKED, seeds.size());
                Figures.add(Figures.WRONG, wrong);
                return new Check(seeds.size(), fromDisk, rebuilt, wrong,
                        factory.stats().storageErrors(), strayTempFiles(directory));
            }
        });
    }

    /** Files left in the store's tmp/ directory. */
    static int strayTempFiles(Path directory) {
        Path tmp = directory.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return (int) files.count();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + tmp, e);
        }
    }

    /** Runs {@code work} on another thread; a run past {@link #HANG_BOUND} is a counted hang. */
    static <T> T bounded(String what, java.util.concurrent.Callable<T> work) {
        return bounded(what, HANG_BOUND, work);
    }

    static <T> T bounded(String what, Duration bound, java.util.concurrent.Callable<T> work) {
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "reliability-bounded");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<T> future = executor.submit(work);
            try {
                return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                Figures.increment(Figures.HANGS);
                future.cancel(true);
                return fail("hang: " + what + " took over " + bound.toSeconds() + " s\n"
                        + threadDump());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AssertionError assertion) {
                    throw assertion;
                }
                throw new AssertionError(what + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while " + what, e);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    /** Keys {@code <prefix>0 .. <prefix>(n-1)} with small sizes between 4 and 24. */
    static List<String> seeds(String prefix, int n) {
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seeds.add(prefix + i);
        }
        return seeds;
    }

    /** The size that goes with the i-th key of {@link #seeds}. */
    static int sizeOf(int i) {
        return 4 + (i * 7) % 21;
    }

    static List<Integer> sizes(int n) {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sizes.add(sizeOf(i));
        }
        return sizes;
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("reliability")) {
                dump.append(thread.getName()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
        });
        return dump.toString();
    }
}
