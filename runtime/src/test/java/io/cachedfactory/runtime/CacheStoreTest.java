package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.runtime.internal.FactoryCache;
import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's behaviour within one JVM, against the real Chronicle Map index and real files. */
class CacheStoreTest {

    @TempDir
    Path directory;

    private final List<CacheStore> opened = new ArrayList<>();

    @BeforeEach
    void resetBuildCount() {
        Matrix.BUILDS.set(0);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(CacheStore::close);
    }

    private CacheStore open() {
        return open(CacheStore.builder(directory));
    }

    private CacheStore open(CacheStore.Builder builder) {
        CacheStore store = builder.open();
        opened.add(store);
        return store;
    }

    @Test
    void get_memoryHit_returnsSameInstance() {
        MatrixFactory factory = new MatrixFactory(open());

        Matrix first = factory.get("a", 4);
        Matrix second = factory.get("a", 4);

        assertSame(first, second);
        assertEquals(1, Matrix.BUILDS.get());
        assertEquals(1, factory.stats().memoryHits());
        assertEquals(1, factory.stats().misses(MissReason.ABSENT));
    }

    @Test
    void get_heldByClientWithNoMemoryBudget_returnsCanonicalInstance() {
        MatrixFactory factory = new MatrixFactory(open(CacheStore.builder(directory)
                .memoryBudget(0)));

        Matrix held = factory.get("a", 32);
        System.gc();

        assertSame(held, factory.get("a", 32));
        assertEquals(1, factory.stats().memoryHits());
    }

    @Test
    void get_otherArguments_buildsOtherObject() {
        MatrixFactory factory = new MatrixFactory(open());

        Matrix a = factory.get("a", 4);
        Matrix b = factory.get("b", 4);
        Matrix a5 = factory.get("a", 5);

        assertTrue(a.isExactly("a", 4));
        assertTrue(b.isExactly("b", 4));
        assertTrue(a5.isExactly("a", 5));
        assertEquals(3, Matrix.BUILDS.get());
    }

    @Test
    void get_newStoreOnSameDirectory_loadsFromDiskWithoutBuilding() {
        CacheStore first = open();
        new MatrixFactory(first).get("a", 8);
        first.close();

        MatrixFactory reopened = new MatrixFactory(open());
        assertEquals(CacheState.ON_DISK, reopened.state("a", 8));
        Matrix loaded = reopened.get("a", 8);

        assertTrue(loaded.isExactly("a", 8));
        assertEquals(1, Matrix.BUILDS.get());
        assertEquals(1, reopened.stats().diskHits());
        assertEquals(0, reopened.stats().builds());
        assertTrue(reopened.stats().bytesRead() > 8 * 8 * 8);
        assertEquals(CacheState.IN_MEMORY, reopened.state("a", 8));
    }

    @Test
    void state_movesForward_absentThenOnDiskThenInMemory() {
        MatrixFactory writer = new MatrixFactory(open());
        MatrixFactory reader = new MatrixFactory(open(CacheStore.builder(directory)));
        assertEquals(CacheState.ABSENT, reader.state("s", 2));

        writer.get("s", 2);
        assertEquals(CacheState.ON_DISK, reader.state("s", 2));

        reader.get("s", 2);
        assertEquals(CacheState.IN_MEMORY, reader.state("s", 2));
    }

    @Test
    void invalidate_storedObject_removesItFromMemoryAndDisk() {
        MatrixFactory factory = new MatrixFactory(open());
        factory.get("a", 3);

        assertTrue(factory.invalidate("a", 3));

        assertEquals(CacheState.ABSENT, factory.state("a", 3));
        factory.get("a", 3);
        assertEquals(2, Matrix.BUILDS.get());
    }

    @Test
    void get_sixteenThreadsSameAbsentKey_buildsOnceAndSharesInstance() throws Exception {
        MatrixFactory factory = new MatrixFactory(open());
        int threads = 16;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Matrix>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return factory.get("shared", 64);
                }));
            }
            Matrix first = results.get(0).get(30, TimeUnit.SECONDS);
            for (Future<Matrix> result : results) {
                assertSame(first, result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Matrix.BUILDS.get());
        assertEquals(1, factory.stats().builds());
    }

    @Test
    void get_buildThrows_propagatesToEveryWaiterAndStoresNothing() throws Exception {
        CacheStore store = open();
        FactoryCache<Matrix> cache = store.cache(MatrixFactory.descriptor(MatrixFactory.FINGERPRINT)
                .build());
        RequestKey key = MatrixFactory.keyOf("boom", 2);
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> leader = pool.submit(() -> cache.get(key, () -> {
                attempts.incrementAndGet();
                building.countDown();
                release.await();
                throw new IllegalStateException("model diverged");
            }, null));
            assertTrue(building.await(10, TimeUnit.SECONDS));
            Future<?> waiter = pool.submit(() -> cache.get(key, () -> {
                attempts.incrementAndGet();
                throw new AssertionError("the waiter must not build");
            }, null));
            Thread.sleep(100); // let the waiter join the flight before the build fails
            release.countDown();

            for (Future<?> caller : List.of(leader, waiter)) {
                Exception failure = assertThrows(Exception.class,
                        () -> caller.get(10, TimeUnit.SECONDS));
                assertTrue(failure.getCause() instanceof IllegalStateException,
                        "got " + failure.getCause());
                assertEquals("model diverged", failure.getCause().getMessage());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, attempts.get());
        assertEquals(CacheState.ABSENT, cache.state(key));
    }

    @Test
    void get_buildThrowsCheckedException_wrapsItInBuildException() {
        FactoryCache<Matrix> cache = open().cache(
                MatrixFactory.descriptor(MatrixFactory.FINGERPRINT).build());

        BuildException thrown = assertThrows(BuildException.class,
                () -> cache.get(MatrixFactory.keyOf("io", 1), () -> {
                    throw new IOException("input file unreadable");
                }, null));

        assertTrue(thrown.getCause() instanceof IOException);
        assertTrue(thrown.getMessage().contains("MatrixFactory"), thrown.getMessage());
    }

    @Test
    void get_nestedFactoryCall_buildsBoth() {
        CacheStore store = open();
        MatrixFactory matrices = new MatrixFactory(store);
        FactoryCache<Matrix> sums = store.cache(MatrixFactory.descriptor(Fingerprint.builder()
                .add("source:Sum", "1").build()).build());

        Matrix outer = sums.get(MatrixFactory.keyOf("outer", 2), () -> {
            Matrix inner = matrices.get("inner", 2);
            return new Matrix(inner.seed() + "+", inner.size());
        }, null);

        assertTrue(outer.isExactly("inner+", 2));
        assertEquals(CacheState.IN_MEMORY, matrices.state("inner", 2));
        assertEquals(2, Matrix.BUILDS.get());
    }

    @Test
    void get_buildAsksForItsOwnKey_failsFastNamingTheKey() {
        FactoryCache<Matrix> cache = open().cache(
                MatrixFactory.descriptor(MatrixFactory.FINGERPRINT).build());
        RequestKey key = MatrixFactory.keyOf("loop", 1);

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> cache.get(key, () -> cache.get(key, () -> new Matrix("loop", 1), null), null));

        assertTrue(thrown.getMessage().contains("its own key"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("loop"), thrown.getMessage());
    }

    @Test
    void get_otherFingerprint_rebuildsAndBothVersionsCoexist() {
        CacheStore store = open();
        Fingerprint v2 = Fingerprint.builder().add("source:io.cachedfactory.runtime.Matrix", "v2")
                .build();
        MatrixFactory current = new MatrixFactory(store);
        current.get("a", 3);

        MatrixFactory changed = new MatrixFactory(store, MatrixFactory.descriptor(v2).build());
        changed.get("a", 3);
        assertEquals(1, changed.stats().misses(MissReason.OTHER_FINGERPRINT));
        assertEquals(2, Matrix.BUILDS.get());

        // Switching back (a branch checkout) finds the first version still stored.
        CacheStore reopened = open(CacheStore.builder(directory));
        MatrixFactory back = new MatrixFactory(reopened);
        back.get("a", 3);
        assertEquals(1, back.stats().diskHits());
        assertEquals(2, Matrix.BUILDS.get());
    }

    @Test
    void get_invariantFailsOnLoadedObject_rebuildsAndReplacesEntry() {
        new MatrixFactory(open()).get("a", 3);
        AtomicInteger checks = new AtomicInteger();
        FactoryDescriptor<Matrix> strict = MatrixFactory.descriptor(MatrixFactory.FINGERPRINT)
                .invariant(matrix -> checks.incrementAndGet() > 1)
                .build();

        MatrixFactory reader = new MatrixFactory(open(CacheStore.builder(directory)), strict);
        Matrix rebuilt = reader.get("a", 3);

        assertTrue(rebuilt.isExactly("a", 3));
        assertEquals(1, reader.stats().misses(MissReason.INVARIANT_FAILED));
        assertEquals(2, Matrix.BUILDS.get());
        MatrixFactory third = new MatrixFactory(open(CacheStore.builder(directory)), strict);
        third.get("a", 3);
        assertEquals(1, third.stats().diskHits());
    }

    @Test
    void get_requirementFailsInMemoryAndOnDisk_rebuilds() {
        MatrixFactory factory = new MatrixFactory(open());
        Matrix first = factory.get("a", 3);
        AtomicInteger checks = new AtomicInteger();

        // Fails for the object in memory and for the stored copy; the build is served as is.
        Matrix second = factory.get("a", 3, matrix -> checks.incrementAndGet() > 2);

        assertNotSame(first, second);
        assertTrue(second.isExactly("a", 3));
        assertEquals(2, Matrix.BUILDS.get());
        assertEquals(1, factory.stats().misses(MissReason.INVARIANT_FAILED));
    }

    @Test
    void get_requirementFailsInMemoryOnly_servesStoredCopy() {
        MatrixFactory factory = new MatrixFactory(open());
        Matrix first = factory.get("a", 3);

        Matrix second = factory.get("a", 3, matrix -> matrix != first);

        assertNotSame(first, second);
        assertTrue(second.isExactly("a", 3));
        assertEquals(1, Matrix.BUILDS.get());
        assertEquals(1, factory.stats().diskHits());
    }

    @Test
    void get_entryOlderThanMaxAge_isExpiredAndRebuilt() throws Exception {
        FactoryDescriptor<Matrix> shortLived = MatrixFactory.descriptor(MatrixFactory.FINGERPRINT)
                .maxAge(Duration.ofMillis(50))
                .build();
        MatrixFactory factory = new MatrixFactory(open(), shortLived);
        factory.get("a", 2);
        Thread.sleep(120);

        MatrixFactory later = new MatrixFactory(open(CacheStore.builder(directory)), shortLived);
        assertEquals(CacheState.ABSENT, later.state("a", 2));
        later.get("a", 2);

        assertEquals(1, later.stats().misses(MissReason.EXPIRED));
        assertEquals(2, Matrix.BUILDS.get());
    }

    @Test
    void get_payloadNoLongerDecodes_rebuildsAsIncompatible() {
        new MatrixFactory(open()).get("a", 3);
        Codec<Matrix> changedClass = new Codec<>() {
            @Override
            public String id() {
                return ForyCodec.forType(Matrix.class).id();
            }

            @Override
            public void write(Matrix value, java.io.OutputStream out) throws IOException {
                ForyCodec.forType(Matrix.class).write(value, out);
            }

            @Override
            public Matrix read(Payload payload) throws IOException {
                throw new java.io.InvalidClassException("Matrix", "local class incompatible");
            }
        };
        MatrixFactory reader = new MatrixFactory(open(CacheStore.builder(directory)),
                MatrixFactory.descriptor(MatrixFactory.FINGERPRINT).codec(changedClass).build());

        Matrix served = reader.get("a", 3);

        assertTrue(served.isExactly("a", 3));
        assertEquals(1, reader.stats().misses(MissReason.INCOMPATIBLE));
        assertEquals(2, Matrix.BUILDS.get());
    }

    @Test
    void get_memoryPolicyNone_neverHoldsInMemory() {
        FactoryDescriptor<Matrix> none = MatrixFactory.descriptor(MatrixFactory.FINGERPRINT)
                .memory(MemoryPolicy.NONE).build();
        MatrixFactory factory = new MatrixFactory(open(), none);

        Matrix first = factory.get("a", 2);
        Matrix second = factory.get("a", 2);

        assertNotSame(first, second);
        assertTrue(second.isExactly("a", 2));
        assertEquals(1, factory.stats().diskHits());
        assertEquals(CacheState.ON_DISK, factory.state("a", 2));
    }

    @Test
    void get_memoryPolicyStrongBeyondBudget_keepsInstance() {
        FactoryDescriptor<Matrix> strong = MatrixFactory.descriptor(MatrixFactory.FINGERPRINT)
                .memory(MemoryPolicy.STRONG).build();
        MatrixFactory factory = new MatrixFactory(open(CacheStore.builder(directory)
                .memoryBudget(0)), strong);

        Matrix first = factory.get("a", 16);
        System.gc();

        assertSame(first, factory.get("a", 16));
    }

    @Test
    void get_notPersistent_neverWritesToDisk() {
        FactoryDescriptor<Matrix> memoryOnly = MatrixFactory.descriptor(MatrixFactory.FINGERPRINT)
                .persistent(false).build();
        MatrixFactory factory = new MatrixFactory(open(), memoryOnly);
        factory.get("a", 2);

        MatrixFactory other = new MatrixFactory(open(CacheStore.builder(directory)), memoryOnly);
        assertEquals(CacheState.ABSENT, other.state("a", 2));
        assertEquals(0, factory.stats().bytesWritten());
    }

    @Test
    void get_moreEntriesThanIndexEstimate_allRetrievable() {
        CacheStore store = open(CacheStore.builder(directory).expectedEntries(50));
        MatrixFactory factory = new MatrixFactory(store);
        int entries = 600; // twelve times the estimate
        for (int i = 0; i < entries; i++) {
            factory.get("k" + i, 1);
        }
        store.close();

        MatrixFactory reader = new MatrixFactory(open(CacheStore.builder(directory)
                .expectedEntries(50)));
        for (int i = 0; i < entries; i++) {
            assertTrue(reader.get("k" + i, 1).isExactly("k" + i, 1));
        }
        assertEquals(entries, reader.stats().diskHits());
        assertEquals(entries, Matrix.BUILDS.get());
    }

    @Test
    void get_forcedHashCollision_neverReturnsOtherKeysObject() {
        EntryId.Hasher everythingCollides = (factory, version, key) -> new byte[EntryId.LENGTH];
        CacheStore store = open(CacheStore.builder(directory).hasher(everythingCollides));
        MatrixFactory factory = new MatrixFactory(store);
        factory.get("a", 3);

        MatrixFactory reader = new MatrixFactory(open(CacheStore.builder(directory)
                .hasher(everythingCollides)));
        Matrix b = reader.get("b", 3);
        Matrix a = reader.get("a", 3);

        assertTrue(b.isExactly("b", 3), "served " + b);
        assertTrue(a.isExactly("a", 3), "served " + a);
    }

    @Test
    void defaultDirectory_followsDocumentedOrder() {
        assertEquals(Path.of("/p"), CacheStore.defaultDirectory("/p", "/e", "/x", "/home/u"));
        assertEquals(Path.of("/e"), CacheStore.defaultDirectory(null, "/e", "/x", "/home/u"));
        assertEquals(Path.of("/x/cachedfactory"),
                CacheStore.defaultDirectory(null, "", "/x", "/home/u"));
        assertEquals(Path.of("/home/u/.cache/cachedfactory"),
                CacheStore.defaultDirectory(null, null, null, "/home/u"));
    }

    @Test
    void open_newDirectory_directoriesAndPayloadsAreOwnerOnly() throws IOException {
        Path store = directory.resolve("private");
        new MatrixFactory(open(CacheStore.builder(store))).get("a", 2);

        try (java.util.stream.Stream<Path> files = Files.walk(store)) {
            for (Path path : files.filter(p -> Files.isDirectory(p)
                    || p.toString().endsWith(".cfp")).toList()) {
                String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                assertEquals(expected, java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(path)), path.toString());
            }
        }
    }
}
