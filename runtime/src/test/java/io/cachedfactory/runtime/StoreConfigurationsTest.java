package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.MemoryPolicy;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What must hold for every store configuration, as Caffeine's {@code @CacheSpec} tests do: each
 * test runs over every memory policy, with and without payload signing, and with a sound index or
 * one found damaged at every open (replaced by a directory: the store moves it aside and rebuilds
 * the index from the payload files).
 */
class StoreConfigurationsTest {

    private static final byte[] KEY = "a key of at least sixteen bytes".getBytes(
            StandardCharsets.UTF_8);

    /** One store configuration. */
    record Configuration(MemoryPolicy memory, boolean signed, boolean withIndex) {
        @Override
        public String toString() {
            return memory + (signed ? ", signed" : ", unsigned")
                    + (withIndex ? ", sound index" : ", index damaged at each open");
        }

        CacheStore open(Path directory) throws IOException {
            Path index = directory.resolve(DiskIndex.FILE_NAME);
            if (!withIndex && !Files.isDirectory(index)) {
                Files.deleteIfExists(index);
                Files.createDirectories(index); // no index can be read from a directory
            }
            CacheStore.Builder builder = CacheStore.builder(directory);
            return (signed ? builder.signingKey(KEY) : builder).open();
        }

        MatrixFactory factory(CacheStore store) {
            return new MatrixFactory(store, MatrixFactory.descriptor(MatrixFactory.FINGERPRINT)
                    .memory(memory).build());
        }
    }

    static Stream<Configuration> configurations() {
        List<Configuration> all = new ArrayList<>();
        for (MemoryPolicy memory : MemoryPolicy.values()) {
            for (boolean signed : new boolean[] {false, true}) {
                for (boolean withIndex : new boolean[] {true, false}) {
                    all.add(new Configuration(memory, signed, withIndex));
                }
            }
        }
        return all.stream();
    }

    @TempDir
    Path directory;

    @BeforeEach
    void resetBuilds() {
        Matrix.BUILDS.set(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void get_twice_buildsOnceAndServesTheSameInstance(Configuration configuration)
            throws IOException {
        try (CacheStore store = configuration.open(directory)) {
            MatrixFactory factory = configuration.factory(store);
            Matrix first = factory.get("a", 3);
            Matrix second = factory.get("a", 3);

            assertEquals(1, Matrix.BUILDS.get());
            if (configuration.memory() == MemoryPolicy.NONE) {
                assertTrue(second.isExactly("a", 3));
                assertEquals(CacheState.ON_DISK, factory.state("a", 3), "never kept in memory");
            } else {
                assertSame(first, second);
                assertEquals(CacheState.IN_MEMORY, factory.state("a", 3));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void get_inANewStore_loadsFromDiskWithoutBuilding(Configuration configuration)
            throws IOException {
        storeOneEntry(configuration);
        try (CacheStore store = configuration.open(directory)) {
            MatrixFactory factory = configuration.factory(store);
            assertEquals(CacheState.ON_DISK, factory.state("a", 3));

            assertTrue(factory.get("a", 3).isExactly("a", 3));
            assertEquals(1, Matrix.BUILDS.get(), "built once, by the first store");
            assertEquals(1, factory.stats().diskHits());
            assertEquals(0, factory.stats().storageErrors());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void get_corruptedPayload_rebuildsTheExactObjectAndCounts(Configuration configuration)
            throws IOException {
        storeOneEntry(configuration);
        Path payload = onlyPayload();
        try (RandomAccessFile file = new RandomAccessFile(payload.toFile(), "rw")) {
            long last = file.length() - 1;
            file.seek(last);
            int b = file.read();
            file.seek(last);
            file.write(b ^ 0x5A);
        }
        try (CacheStore store = configuration.open(directory)) {
            MatrixFactory factory = configuration.factory(store);

            assertTrue(factory.get("a", 3).isExactly("a", 3));
            assertEquals(2, Matrix.BUILDS.get(), "the damaged copy was not served");
            assertTrue(factory.stats().storageErrors() >= 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void invalidate_thenGet_buildsAgain(Configuration configuration) throws IOException {
        try (CacheStore store = configuration.open(directory)) {
            MatrixFactory factory = configuration.factory(store);
            factory.get("a", 3);

            assertTrue(factory.invalidate("a", 3));
            assertEquals(CacheState.ABSENT, factory.state("a", 3));
            assertTrue(factory.get("a", 3).isExactly("a", 3));
            assertEquals(2, Matrix.BUILDS.get());
        }
    }

    /** Stores {@code Matrix("a", 3)} in a store of {@code configuration} and closes it. */
    private void storeOneEntry(Configuration configuration) throws IOException {
        try (CacheStore store = configuration.open(directory)) {
            configuration.factory(store).get("a", 3);
        }
    }

    private Path onlyPayload() throws IOException {
        try (Stream<Path> files = Files.walk(directory.resolve("payloads"))) {
            List<Path> payloads = files.filter(f -> f.toString().endsWith(".cfp")).toList();
            assertEquals(1, payloads.size(), payloads.toString());
            return payloads.get(0);
        }
    }
}
