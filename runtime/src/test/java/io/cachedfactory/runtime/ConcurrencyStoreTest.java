package io.cachedfactory.runtime;

import static io.cachedfactory.runtime.ReliabilitySupport.Figures;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes, each with several threads, ask for many keys of one store at once, in their
 * own random orders. With a disk budget that holds every key, each key is built exactly once across
 * all processes (the claim and the re-check after it); with a budget that holds a few keys, eviction
 * runs throughout and keys are rebuilt, but no process is ever served a wrong object.
 */
class ConcurrencyStoreTest {

    @TempDir
    Path tmp;

    @AfterAll
    static void printFigures() {
        Figures.print("ConcurrencyStoreTest");
    }

    @Test
    void get_processesTimesThreadsTimesKeys_eachKeyBuiltExactlyOnce() throws IOException {
        int keys = ReliabilitySupport.scaled(40, 120);
        Map<String, Integer> builds = run("roomy", keys, 3, 4, 1L << 30);
        Map<String, Integer> once = new TreeMap<>();
        ReliabilitySupport.seeds("c", keys).forEach(seed -> once.put(seed, 1));
        assertEquals(once, builds, "builds per key across all processes");
    }

    @Test
    void get_processesTimesThreadsTimesKeysUnderTightBudget_noWrongObject() throws IOException {
        int keys = ReliabilitySupport.scaled(40, 120);
        Map<String, Integer> builds = run("tight", keys, 3, 4, 8_000);
        assertTrue(builds.keySet().containsAll(ReliabilitySupport.seeds("c", keys)),
                "every key built at least once: " + builds);
    }

    /** Runs the processes to the end; returns the builds log as builds per key. */
    private Map<String, Integer> run(String name, int keys, int processes, int threads,
            long diskBudget) throws IOException {
        Path store = tmp.resolve(name);
        Path log = tmp.resolve(name + "-builds.log");
        Path go = tmp.resolve(name + "-go");
        List<Object> keyArgs = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            keyArgs.add("c" + k + ":" + ReliabilitySupport.sizeOf(k));
        }
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int p = 0; p < processes; p++) {
                children.add(ChildJvm.builder(StoreChild.class, tmp.resolve("logs"),
                        name + "-" + p).args(store, log, "--threads", threads, "--go", go,
                        "--shuffle", p, "--disk-budget", diskBudget).args(keyArgs.toArray())
                        .start());
            }
            for (ChildJvm child : children) {
                child.awaitLine("READY ", ReliabilitySupport.HANG_BOUND);
            }
            Files.createFile(go);
            for (ChildJvm child : children) {
                child.awaitSuccess(ReliabilitySupport.HANG_BOUND);
            }
            for (ChildJvm child : children) {
                List<String> out = child.stdoutLines();
                long wrong = out.stream().filter(l -> l.startsWith("WRONG")).count();
                long ok = out.stream().filter(l -> l.startsWith("OK ")).count();
                Figures.add(Figures.WRONG, wrong);
                Figures.add(Figures.CONCURRENT_GETS, ok + wrong);
                assertAll(child.diagnostics(),
                        () -> assertEquals(0, wrong, "wrong objects"),
                        () -> assertEquals((long) keys * threads, ok, "answers"),
                        () -> assertTrue(out.stream().noneMatch(l -> l.startsWith("ERROR"))));
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        Map<String, Integer> builds = new TreeMap<>();
        for (String line : Files.readAllLines(log)) {
            builds.merge(line.split(" ")[1], 1, Integer::sum);
        }
        return builds;
    }
}
