package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.common.StoreFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disk budget, eviction and explanations, against real stores. */
class LifecycleTest {

    /** A 362 x 362 matrix of doubles: just over 1 MiB of payload. */
    private static final int ONE_MIB_SIZE = 362;

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

    private CacheStore open(CacheStore.Builder builder) {
        CacheStore store = builder.open();
        opened.add(store);
        return store;
    }

    @Test
    void diskBudget_fiftyMegabytesPassThrough_endsUnderBudgetKeepingRecentEntries()
            throws Exception {
        long budget = 10L << 20;
        CacheStore store = open(CacheStore.builder(directory).diskBudget(budget).memoryBudget(0));
        MatrixFactory factory = new MatrixFactory(store);
        for (int i = 0; i < 50; i++) {
            factory.get("m" + i, ONE_MIB_SIZE);
        }

        // Eviction runs in the background after writes: wait for it to settle, bounded.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (payloadBytes() > budget && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertTrue(payloadBytes() <= budget, "payload bytes " + payloadBytes());
        MatrixFactory reader = new MatrixFactory(open(CacheStore.builder(directory)));
        for (int i = 45; i < 50; i++) {
            assertEquals(CacheState.ON_DISK, reader.state("m" + i, ONE_MIB_SIZE), "entry m" + i);
        }
        assertEquals(CacheState.ABSENT, reader.state("m0", ONE_MIB_SIZE));
    }

    @Test
    void trim_recentlyReadEntry_survivesOlderWrites() throws InterruptedException {
        CacheStore store = open(CacheStore.builder(directory).maxEntries(3));
        MatrixFactory factory = new MatrixFactory(store);
        factory.get("first", 2);
        factory.get("second", 2);
        factory.get("third", 2);
        store.disk().evictor().trim(store.limits());

        // Reading "first" from disk in another store makes it the most recently used (accesses
        // are recorded at most every 100 ms per entry).
        Thread.sleep(200);
        new MatrixFactory(open(CacheStore.builder(directory))).get("first", 2);
        factory.get("fourth", 2);
        store.disk().evictor().trim(store.limits());

        assertEquals(CacheState.ON_DISK, stateOnDisk("first"));
        assertEquals(CacheState.ABSENT, stateOnDisk("second"));
        assertEquals(CacheState.ON_DISK, stateOnDisk("fourth"));
    }

    @Test
    void evict_entryBeingLoaded_isSkipped() throws IOException {
        CacheStore store = open(CacheStore.builder(directory));
        new MatrixFactory(store).get("busy", 2);
        EntryId id = EntryId.of(EntryId.SHA_256, "io.cachedfactory.runtime.MatrixFactory",
                MatrixFactory.VERSION, MatrixFactory.keyOf("busy", 2).bytes());

        try (Claim loading = Claim.load(store.disk().claimPath(id))) {
            assertTrue(!store.disk().evictor().evict(id), "evicted while loading");
        }
        assertTrue(store.disk().evictor().evict(id));
        assertTrue(Files.notExists(store.disk().payloadPath(id)));
    }

    /**
     * A store written before the default codec became Fory: its factories' fingerprints named
     * {@code codec:java-serialization/1} and its bodies are bare Java serialization streams. After
     * the upgrade every such entry is a miss, explained by the codec component, and rebuilt.
     */
    @Test
    void get_storeWrittenByPreviousDefaultCodec_missesExplainedAndRebuilt() throws IOException {
        Fingerprint previous = fingerprintWithCodec(MatrixFactory.FINGERPRINT,
                "java-serialization/1");
        try (CacheStore old = CacheStore.open(directory)) {
            new MatrixFactory(old, MatrixFactory.descriptor(previous).codec(new LegacyCodec())
                    .build()).get("u", 4);
        }
        Matrix.BUILDS.set(0);
        CacheStore store = open(CacheStore.builder(directory));
        MatrixFactory upgraded = new MatrixFactory(store);

        Explanation explanation = upgraded.explain("u", 4);
        Matrix served = upgraded.get("u", 4);

        assertEquals(Optional.of(MissReason.OTHER_FINGERPRINT), explanation.reason());
        assertEquals(List.of("codec:" + StoreFormat.DEFAULT_CODEC_ID + " added",
                "codec:java-serialization/1 removed"), explanation.changes());
        assertTrue(served.isExactly("u", 4));
        assertEquals(1, Matrix.BUILDS.get());
        assertEquals(0, upgraded.stats().storageErrors());
        assertSame(served, upgraded.get("u", 4));
    }

    /**
     * The same entry under the same fingerprint but written in the old byte layout of Java
     * serialization (no layout digest, id {@code java-serialization/1}): read with today's
     * JavaSerializationCodec, it is a miss, never an exception.
     */
    @Test
    void get_entryInPreviousJavaSerializationLayout_missAndRebuilt() {
        try (CacheStore old = CacheStore.open(directory)) {
            new MatrixFactory(old, MatrixFactory.descriptor(MatrixFactory.FINGERPRINT)
                    .codec(new LegacyCodec()).build()).get("v", 4);
        }
        Matrix.BUILDS.set(0);
        CacheStore store = open(CacheStore.builder(directory));
        MatrixFactory today = new MatrixFactory(store, MatrixFactory.descriptor(
                MatrixFactory.FINGERPRINT).codec(JavaSerializationCodec.forType(Matrix.class))
                .build());

        assertTrue(today.get("v", 4).isExactly("v", 4));
        assertEquals(1, Matrix.BUILDS.get());
        assertEquals(1, today.stats().misses(MissReason.OTHER_FINGERPRINT));
    }

    private static Fingerprint fingerprintWithCodec(Fingerprint fingerprint, String codecId) {
        Fingerprint.Builder builder = Fingerprint.builder();
        fingerprint.components().forEach((name, value) -> {
            if (!name.startsWith("codec:")) {
                builder.add(name, value);
            }
        });
        return builder.add("codec:" + codecId, codecId).build();
    }

    /** The default codec of the previous release: a bare Java serialization stream. */
    private static final class LegacyCodec implements Codec<Matrix> {
        @Override
        public String id() {
            return "java-serialization/1";
        }

        @Override
        public void write(Matrix value, java.io.OutputStream out) throws IOException {
            java.io.ObjectOutputStream objects = new java.io.ObjectOutputStream(out);
            objects.writeObject(value);
            objects.flush();
        }

        @Override
        public Matrix read(Payload payload) throws IOException {
            throw new AssertionError("the upgraded store must not read with the old codec");
        }
    }

    @Test
    void explain_changedComponents_namesExactlyThose() {
        CacheStore store = open(CacheStore.builder(directory));
        Fingerprint before = Fingerprint.builder()
                .add("source:com.acme.Kernel", "sha256:aaa")
                .add("source:com.acme.Table", "sha256:bbb")
                .add("version:alice", "3")
                .add("resource:tables/columns.csv", "sha256:ccc")
                .build();
        Fingerprint after = Fingerprint.builder()
                .add("source:com.acme.Kernel", "sha256:ddd")
                .add("source:com.acme.Table", "sha256:bbb")
                .add("version:alice", "4")
                .add("resource:tables/columns.csv", "sha256:ccc")
                .add("version:bob", "1")
                .build();
        new MatrixFactory(store, MatrixFactory.descriptor(before).build()).get("t", 2);
        MatrixFactory changed = new MatrixFactory(store, MatrixFactory.descriptor(after).build());

        Explanation explanation = changed.explain("t", 2);

        assertEquals(CacheState.ABSENT, explanation.state());
        assertEquals(Optional.of(MissReason.OTHER_FINGERPRINT), explanation.reason());
        assertEquals(List.of("source:com.acme.Kernel changed", "version:alice 3 → 4",
                "version:bob added"), explanation.changes());
    }

    @Test
    void explain_storedCurrentEntry_isServedWithoutReason() {
        CacheStore store = open(CacheStore.builder(directory));
        MatrixFactory factory = new MatrixFactory(store);
        assertEquals(Optional.of(MissReason.ABSENT), factory.explain("x", 2).reason());

        factory.get("x", 2);

        assertEquals(new Explanation(CacheState.IN_MEMORY, Optional.empty(), List.of()),
                factory.explain("x", 2));
    }

    @Test
    void get_otherFingerprintWithDebugLog_logsChangedComponents() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(
                "io.cachedfactory.runtime");
        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                messages.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        System.setProperty("cachedfactory.debug", "true");
        try {
            CacheStore store = open(CacheStore.builder(directory));
            new MatrixFactory(store, MatrixFactory.descriptor(Fingerprint.builder()
                    .add("version:alice", "3").build()).build()).get("t", 2);
            new MatrixFactory(store, MatrixFactory.descriptor(Fingerprint.builder()
                    .add("version:alice", "4").build()).build()).get("t", 2);
        } finally {
            System.clearProperty("cachedfactory.debug");
            logger.removeHandler(capture);
        }

        assertTrue(messages.contains("cachedfactory miss io.cachedfactory.runtime.MatrixFactory "
                + "Matrix(String,int) seed=\"t\", size=2 (OTHER_FINGERPRINT: version:alice 3 → 4), "
                + "building"), messages.toString());
    }

    private CacheState stateOnDisk(String seed) {
        return new MatrixFactory(open(CacheStore.builder(directory))).state(seed, 2);
    }

    private long payloadBytes() throws IOException {
        try (Stream<Path> files = Files.walk(directory.resolve("payloads"))) {
            return files.filter(f -> f.toString().endsWith(".cfp")).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // evicted meanwhile
                }
            }).sum();
        }
    }
}
