package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.internal.FactoryCache;
import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An object whose payload would be over the 2 GiB one payload file holds, with the default codec:
 * the write is refused before anything is written, the object is served from memory, the refusal
 * is counted, and nothing is left on disk. Runs in a child JVM with a heap large enough for the
 * object (2.2 GB of arrays), so the test JVM's heap is not at stake.
 */
class OversizedPayloadTest {

    @TempDir
    Path directory;

    /** Two arrays of 1.1 GB: each fits a payload, together they do not. */
    record Huge(byte[] first, byte[] second) implements Serializable {
    }

    @Test
    void get_objectOverPayloadLimit_servedFromMemoryAndNotStored() throws Exception {
        Path store = directory.resolve("store");
        try (ChildJvm child = ChildJvm.builder(Child.class, directory.resolve("logs"), "oversized")
                .jvmOption("-Xmx5g").args(store).start()) {
            child.awaitSuccess(Duration.ofMinutes(2));
            List<String> lines = child.stdoutLines();
            assertTrue(lines.contains("served 1100000000 1100000000"), lines.toString());
            assertTrue(lines.contains("storageErrors 1"), lines.toString());
            assertTrue(lines.contains("builds 1"), lines.toString());
            assertTrue(lines.contains("state IN_MEMORY"), lines.toString());
            assertTrue(child.stderrText().contains("2 GiB"), child.stderrText());
        }
        try (Stream<Path> payloads = Files.walk(store.resolve("payloads"))) {
            assertEquals(0, payloads.filter(Files::isRegularFile).count(), "a payload was written");
        }
        try (Stream<Path> tmp = Files.list(store.resolve("tmp"))) {
            assertEquals(0, tmp.count(), "a temporary file was left");
        }
    }

    /** Builds a Huge through a store with the default codec and reports what happened. */
    public static final class Child {
        public static void main(String[] args) {
            try (CacheStore store = CacheStore.open(Path.of(args[0]))) {
                FactoryCache<Huge> cache = store.cache(FactoryDescriptor.builder(Huge.class,
                        "io.cachedfactory.runtime.HugeFactory",
                        Fingerprint.builder().add("source:io.cachedfactory.runtime.Huge", "1")
                                .build()).build());
                RequestKey key = RequestKey.builder("Huge()").build();
                Huge huge = cache.get(key, () -> new Huge(new byte[1_100_000_000],
                        new byte[1_100_000_000]), null);
                System.out.println("served " + huge.first().length + " " + huge.second().length);
                System.out.println("storageErrors " + cache.stats().storageErrors());
                System.out.println("builds " + cache.stats().builds());
                System.out.println("state " + cache.state(key));
            }
        }
    }
}
