package io.cachedfactory.runtime;

import static io.cachedfactory.runtime.ChildJvm.SIGKILL_EXIT_VALUE;
import static io.cachedfactory.runtime.ChildJvm.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store across processes: child JVMs running {@link StoreChild} share a store directory with
 * each other and with this JVM, against the real Chronicle Map index and payload files. Every
 * completed build in a child appends {@code <pid> <seed> <size>} to one shared builds log, which is
 * how these tests count builds across processes; the children's stdout and stderr are files under
 * the test's temporary directory and appear in every failure message.
 */
class MultiProcessStoreTest {

    /** How long the waiter may take to reach the killed builder's claim before the kill anyway. */
    private static final Duration CLAIM_WAIT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    @Test
    void get_storeWrittenByAnotherJvm_newJvmLoadsFromDiskWithoutBuilding() {
        int builtHere = Matrix.BUILDS.get();
        try (CacheStore store = CacheStore.open(store())) {
            assertTrue(new MatrixFactory(store).get("persisted", 48).isExactly("persisted", 48));
        }
        assertEquals(1, Matrix.BUILDS.get() - builtHere, "builds in the test JVM");

        try (ChildJvm reader = storeChild("reader", "persisted:48").start()) {
            reader.awaitSuccess(TIMEOUT);
            assertAll(reader.diagnostics(),
                    () -> assertEquals(List.of("OK persisted 48 disk"), lines(reader, "OK ")),
                    () -> assertEquals(0, stat(reader, "builds"), "builds in the new JVM"),
                    () -> assertEquals(1, stat(reader, "diskHits"), "disk hits in the new JVM"),
                    () -> assertEquals(List.of("BUILDS 0"), lines(reader, "BUILDS ")));
        }
        assertEquals(List.of(), buildsLog(), "builds logged by the new JVM");
    }

    @Test
    void get_twoJvmsAskForSameAbsentKeyAtOnce_buildsOnceAndBothServeIt() throws IOException {
        Path go = tmp.resolve("go");
        int threads = 4;
        try (ChildJvm first = concurrentAsker("first", threads, go).start();
                ChildJvm second = concurrentAsker("second", threads, go).start()) {
            first.awaitLine("READY ", TIMEOUT);
            second.awaitLine("READY ", TIMEOUT);
            // Both stores are open: release all eight threads together into one slow build.
            Files.createFile(go);
            first.awaitSuccess(TIMEOUT);
            second.awaitSuccess(TIMEOUT);

            String diagnostics = first.diagnostics() + "\n" + second.diagnostics();
            List<String> log = buildsLog();
            assertEquals(1, log.size(), "builds logged across both JVMs: " + log + "\n"
                    + diagnostics);
            assertTrue(Set.of(first.pid() + " shared 56", second.pid() + " shared 56")
                    .contains(log.get(0)), "the build was logged by a child: " + log);
            List<String> servedExactly = Collections.nCopies(threads, "OK shared 56 concurrent");
            assertAll(diagnostics,
                    () -> assertEquals(servedExactly, lines(first, "OK "), "first's answers"),
                    () -> assertEquals(servedExactly, lines(second, "OK "), "second's answers"),
                    () -> assertEquals(List.of("SAME shared 56 " + threads),
                            lines(first, "SAME "), "one instance in first"),
                    () -> assertEquals(List.of("SAME shared 56 " + threads),
                            lines(second, "SAME "), "one instance in second"),
                    () -> assertEquals(1, stat(first, "builds") + stat(second, "builds"),
                            "builds counted by the stores' FactoryStats"));
        }
    }

    @Test
    void get_builderKilledWithSigkillMidBuild_otherJvmBuildsAndStoreStaysUsable()
            throws IOException {
        Path started = tmp.resolve("build-started");
        Path neverCreated = tmp.resolve("never-created");
        long waiterPid;
        try (ChildJvm builder = storeChild("killed-builder", "--started", started,
                "--release", neverCreated, "doomed:40").start()) {
            builder.awaitFile(started, TIMEOUT);
            try (ChildJvm waiter = storeChild("waiter", "doomed:40").start()) {
                waiterPid = waiter.pid();
                waiter.awaitLine("GETTING ", TIMEOUT);
                // Preferably the waiter is already blocked on the builder's claim when the builder
                // dies; if it gets there only afterwards, taking over the claim is still checked.
                boolean waiting = waiter.awaitBlockedOnFileLock(CLAIM_WAIT);
                System.out.println("waiter blocked on a file lock before the kill: " + waiting);

                assertEquals(SIGKILL_EXIT_VALUE, builder.kill(),
                        "exit value of the builder killed with SIGKILL\n" + builder.diagnostics());
                waiter.awaitSuccess(TIMEOUT);
                assertEquals(List.of("OK doomed 40 built"), lines(waiter, "OK "),
                        waiter.diagnostics());
            }
        }
        assertEquals(List.of(waiterPid + " doomed 40"), buildsLog(),
                "completed builds: only the waiter's");

        int builtHere = Matrix.BUILDS.get();
        try (CacheStore store = CacheStore.open(store())) {
            MatrixFactory factory = new MatrixFactory(store);
            assertEquals(CacheState.ON_DISK, factory.state("doomed", 40));
            assertTrue(factory.get("doomed", 40).isExactly("doomed", 40));
            assertTrue(factory.get("after-kill", 24).isExactly("after-kill", 24));
            FactoryStats stats = factory.stats();
            assertAll(
                    () -> assertEquals(1, stats.diskHits(), "disk hits after the kill"),
                    () -> assertEquals(1, stats.builds(), "builds after the kill"),
                    () -> assertEquals(1, Matrix.BUILDS.get() - builtHere,
                            "Matrix constructors run in the test JVM"));
        }
        try (CacheStore reopened = CacheStore.open(store())) {
            MatrixFactory factory = new MatrixFactory(reopened);
            assertEquals(CacheState.ON_DISK, factory.state("doomed", 40));
            assertEquals(CacheState.ON_DISK, factory.state("after-kill", 24));
        }
    }

    @Test
    void get_childWithoutChronicleOptions_servesRightObjectAndNamesMissingOptions() {
        try (ChildJvm child = storeChild("without-options", "plain:16", "plain:16")
                .withoutChronicleOptions().start()) {
            child.awaitSuccess(TIMEOUT);
            String stderr = child.stderrText();
            assertAll(child.diagnostics(),
                    () -> assertEquals(List.of("OK plain 16 built", "OK plain 16 memory"),
                            lines(child, "OK ")),
                    () -> assertTrue(stderr.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"),
                            "stderr names --add-opens=java.base/java.lang=ALL-UNNAMED"),
                    () -> assertAll("stderr lists every Chronicle option the JDK lacks by default",
                            ChildJvm.CHRONICLE_OPTIONS.stream()
                                    .filter(option -> !grantedWithoutOption(option))
                                    .map(option -> () -> assertTrue(stderr.contains(option),
                                            "stderr names " + option))));
        }
    }

    /**
     * Whether the JDK grants an {@code --add-exports}/{@code --add-opens} option's access without
     * the option, by its modules' declarations: {@code jdk.unsupported} exports {@code sun.misc},
     * for one, so that option is never missing.
     */
    private static boolean grantedWithoutOption(String option) {
        String[] target = option.substring(option.indexOf('=') + 1).split("[/=]");
        ModuleDescriptor module = ModuleFinder.ofSystem().find(target[0])
                .orElseThrow(() -> new AssertionError("no system module in " + option))
                .descriptor();
        String pkg = target[1];
        if (option.startsWith("--add-opens=")) {
            return module.isOpen() || module.opens().stream()
                    .anyMatch(opens -> !opens.isQualified() && opens.source().equals(pkg));
        }
        return module.exports().stream()
                .anyMatch(exports -> !exports.isQualified() && exports.source().equals(pkg));
    }

    private Path store() {
        return tmp.resolve("store");
    }

    private Path buildsLogFile() {
        return tmp.resolve("builds.log");
    }

    /** A child on this test's store and builds log, asking for {@code args}' keys. */
    private ChildJvm.Builder storeChild(String name, Object... args) {
        return ChildJvm.builder(StoreChild.class, tmp.resolve("logs"), name)
                .args(store(), buildsLogFile())
                .args(args);
    }

    private ChildJvm.Builder concurrentAsker(String name, int threads, Path go) {
        // The slow build keeps the key claimed while every thread of both JVMs asks for it.
        return storeChild(name, "--threads", threads, "--go", go, "--build-delay-ms", 1500,
                "shared:56");
    }

    private List<String> buildsLog() {
        try {
            return Files.exists(buildsLogFile()) ? Files.readAllLines(buildsLogFile()) : List.of();
        } catch (IOException e) {
            throw new AssertionError("cannot read the builds log " + buildsLogFile(), e);
        }
    }

    /** The child's stdout lines that start with {@code prefix}, in order. */
    private static List<String> lines(ChildJvm child, String prefix) {
        return child.stdoutLines().stream().filter(line -> line.startsWith(prefix)).toList();
    }

    /** A counter from the child's {@code STATS} line. */
    private static long stat(ChildJvm child, String name) {
        String stats = child.awaitLine("STATS ", Duration.ZERO);
        for (String field : stats.substring("STATS ".length()).split(" ")) {
            if (field.startsWith(name + "=")) {
                return Long.parseLong(field.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no " + name + " in " + stats);
    }
}
