package io.cachedfactory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.CacheStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTest {

    @Test
    void run_twiceInOneProcess_secondRunServesEverythingFromMemory() {
        // The first request may be built, or served by the default store from an earlier build
        // or test; the repeated request right after it comes from memory in any case.
        List<String> first = origins(runDemo());
        List<String> second = origins(runDemo());

        assertTrue(first.get(0).matches("built.*|disk|memory"), "" + first);
        assertEquals("memory", first.get(1));
        assertEquals(List.of("memory", "memory", "memory", "memory", "memory"), second);
    }

    @Test
    void run_printsTheStoreAndTheStats() {
        String output = runDemo();

        assertTrue(output.contains("store    " + CacheStore.defaultDirectory()), output);
        assertTrue(output.contains("store stats"), output);
        assertTrue(output.contains("DistanceMatrixFactory"), output);
        assertTrue(output.contains("regions, silhouette"), output);
    }

    private static String runDemo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(60);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The "came from" column of the top-level requests, in order. */
    private static List<String> origins(String output) {
        return output.lines()
                .filter(line -> line.startsWith("  distances(") || line.startsWith("  clustering("))
                .map(line -> line.strip().split(" {2,}")[1])
                .toList();
    }
}
