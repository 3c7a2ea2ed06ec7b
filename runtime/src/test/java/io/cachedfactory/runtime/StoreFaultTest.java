package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage faults degrade to a rebuild that is counted; a get never fails because of them. */
class StoreFaultTest {

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

    private MatrixFactory factoryOn(Path dir) {
        CacheStore store = CacheStore.open(dir);
        opened.add(store);
        return new MatrixFactory(store);
    }

    /** Stores one matrix, closes the store, and returns its payload file. */
    private Path storeOnePayload() throws IOException {
        CacheStore store = CacheStore.open(directory);
        new MatrixFactory(store).get("a", 16);
        store.close();
        try (Stream<Path> files = Files.walk(directory.resolve("payloads"))) {
            List<Path> payloads = files.filter(f -> f.toString().endsWith(".cfp")).toList();
            assertEquals(1, payloads.size());
            return payloads.get(0);
        }
    }

    private void assertRebuiltAndCounted(MissReason reason) {
        MatrixFactory reader = factoryOn(directory);
        Matrix served = reader.get("a", 16);

        assertTrue(served.isExactly("a", 16), "served " + served);
        assertEquals(2, Matrix.BUILDS.get());
        assertEquals(1, reader.stats().misses(reason), reader.stats().toString());
        assertEquals(1, reader.stats().storageErrors());
        // The rebuilt entry replaced the damaged one.
        MatrixFactory next = factoryOn(directory.resolveSibling(directory.getFileName()));
        assertTrue(next.get("a", 16).isExactly("a", 16));
    }

    @Test
    void get_flippedBodyByte_rebuildsAndCounts() throws IOException {
        Path payload = storeOnePayload();
        flipByte(payload, Files.size(payload) - 10);

        assertRebuiltAndCounted(MissReason.CORRUPT);
    }

    @Test
    void get_flippedHeaderByte_rebuildsAndCounts() throws IOException {
        Path payload = storeOnePayload();
        flipByte(payload, 20);

        assertRebuiltAndCounted(MissReason.CORRUPT);
    }

    @Test
    void get_truncatedPayload_rebuildsAndCounts() throws IOException {
        Path payload = storeOnePayload();
        try (RandomAccessFile file = new RandomAccessFile(payload.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }

        assertRebuiltAndCounted(MissReason.CORRUPT);
    }

    @Test
    void get_emptyPayload_rebuildsAndCounts() throws IOException {
        Path payload = storeOnePayload();
        Files.write(payload, new byte[0]);

        assertRebuiltAndCounted(MissReason.CORRUPT);
    }

    @Test
    void get_deletedPayloadBehindIndexEntry_rebuildsAndCounts() throws IOException {
        Path payload = storeOnePayload();
        Files.delete(payload);

        assertRebuiltAndCounted(MissReason.CORRUPT);
    }

    @Test
    void get_garbageIndex_movesItAsideAndRebuildsIndexFromPayloads() throws IOException {
        storeOnePayload();
        Path index = directory.resolve(DiskIndex.FILE_NAME);
        Files.write(index, "this is not a chronicle map".repeat(100).getBytes());

        MatrixFactory reader = factoryOn(directory);
        Matrix served = reader.get("a", 16);

        assertTrue(served.isExactly("a", 16));
        assertEquals(1, Matrix.BUILDS.get(), "served from the payload, not rebuilt");
        try (Stream<Path> files = Files.list(directory)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString()
                    .startsWith(DiskIndex.FILE_NAME + ".unreadable-")), "kept aside");
        }
    }

    @Test
    void get_deletedIndex_servesFromPayloads() throws IOException {
        storeOnePayload();
        Files.delete(directory.resolve(DiskIndex.FILE_NAME));

        MatrixFactory reader = factoryOn(directory);

        // The new, empty index does not know the payload: it is served and re-indexed.
        assertTrue(reader.get("a", 16).isExactly("a", 16));
        assertEquals(1, Matrix.BUILDS.get());
        assertEquals(1, reader.stats().diskHits());
        assertEquals(0, reader.stats().storageErrors());
    }

    @Test
    void get_directoryIsAFile_buildsWithoutStoringAndCounts() throws IOException {
        Path notADirectory = directory.resolve("file");
        Files.write(notADirectory, new byte[] {1});

        MatrixFactory factory = factoryOn(notADirectory);
        Matrix served = factory.get("a", 4);

        assertTrue(served.isExactly("a", 4));
        assertEquals(CacheState.IN_MEMORY, factory.state("a", 4));
        assertSame(served, factory.get("a", 4));
    }

    @Test
    void get_unwritableTmpDirectory_keepsObjectInMemoryAndCounts() throws IOException {
        CacheStore.open(directory).close();
        Path tmp = directory.resolve("tmp");
        Files.delete(tmp);
        Files.write(tmp, new byte[] {1}); // writes into tmp/ now fail, like a full disk

        MatrixFactory factory = factoryOn(directory);
        Matrix served = factory.get("a", 4);

        assertTrue(served.isExactly("a", 4));
        assertEquals(1, factory.stats().storageErrors());
        assertEquals(0, factory.stats().bytesWritten());
        assertSame(served, factory.get("a", 4));
        try (Stream<Path> files = Files.walk(directory.resolve("payloads"))) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".cfp")));
        }
    }

    @Test
    void open_alone_removesTempFilesOfKilledWriters() throws IOException {
        CacheStore.open(directory).close();
        Path stray = directory.resolve("tmp").resolve(
                "%s.cfp.999999999.1f.tmp".formatted("ab".repeat(32)));
        Path notOurs = directory.resolve("tmp").resolve("notes.txt");
        Files.write(stray, new byte[100]);
        Files.write(notOurs, new byte[] {1});

        factoryOn(directory).get("a", 2);

        assertFalse(Files.exists(stray));
        assertTrue(Files.exists(notOurs), "clean-up deletes only files the store writes");
    }

    private static void assertSame(Object expected, Object actual) {
        org.junit.jupiter.api.Assertions.assertSame(expected, actual);
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x5A);
        }
    }
}
