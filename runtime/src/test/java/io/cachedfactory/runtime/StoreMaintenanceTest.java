package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing, pruning, verifying and removing entries of a real store. */
class StoreMaintenanceTest {

    private static final String FACTORY = "io.cachedfactory.runtime.MatrixFactory";
    private static final Fingerprint OLD = Fingerprint.builder().add("source:M", "old").build();

    @TempDir
    Path directory;

    private final List<CacheStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(CacheStore::close);
    }

    private CacheStore open() {
        CacheStore store = CacheStore.open(directory);
        opened.add(store);
        return store;
    }

    @Test
    void list_storedEntries_showsFactoryArgumentsAndFingerprint() throws IOException {
        CacheStore store = open();
        new MatrixFactory(store).get("a", 2);

        List<StoredEntry> entries = store.maintenance().list();

        assertEquals(1, entries.size());
        StoredEntry entry = entries.get(0);
        assertEquals(FACTORY, entry.factory());
        assertEquals("Matrix(String,int) seed=\"a\", size=2", entry.arguments());
        assertEquals(MatrixFactory.VERSION, entry.fingerprintVersion());
        assertEquals(Files.size(entry.file()), entry.payloadBytes());
    }

    @Test
    void prune_stale_removesOnlyOtherFingerprintEntries() throws IOException {
        CacheStore store = open();
        new MatrixFactory(store, MatrixFactory.descriptor(OLD).build()).get("a", 2);
        MatrixFactory current = new MatrixFactory(store);
        current.get("a", 2);
        current.get("b", 2);

        StoreMaintenance.PruneReport report = store.maintenance().prune(PruneOptions.none()
                .withStale(Map.of(FACTORY, Set.of(MatrixFactory.VERSION))));

        assertEquals(1, report.removed().size());
        assertEquals(OLD.version(), report.removed().get(0).fingerprintVersion());
        List<StoredEntry> left = store.maintenance().list();
        assertEquals(2, left.size());
        assertTrue(left.stream().allMatch(e -> e.fingerprintVersion().equals(MatrixFactory.VERSION)));
    }

    @Test
    void prune_dryRun_removesNothing() throws IOException {
        CacheStore store = open();
        new MatrixFactory(store, MatrixFactory.descriptor(OLD).build()).get("a", 2);

        StoreMaintenance.PruneReport report = store.maintenance().prune(PruneOptions.none()
                .withStale(Map.of(FACTORY, Set.of(MatrixFactory.VERSION))).asDryRun());

        assertEquals(1, report.removed().size());
        assertEquals(1, store.maintenance().list().size());
    }

    @Test
    void prune_olderThanAndMaxBytes_removeOldestFirst() throws Exception {
        CacheStore store = open();
        MatrixFactory factory = new MatrixFactory(store);
        factory.get("old", 2);
        Thread.sleep(30);
        factory.get("new", 2);
        long oneEntry = store.maintenance().list().get(0).payloadBytes();

        StoreMaintenance.PruneReport bySize = store.maintenance().prune(PruneOptions.none().withMaxBytes(oneEntry).asDryRun());
        StoreMaintenance.PruneReport byAge = store.maintenance().prune(PruneOptions.none().withOlderThan(Duration.ofDays(1)));

        assertEquals(List.of("Matrix(String,int) seed=\"old\", size=2"),
                bySize.removed().stream().map(StoredEntry::arguments).toList());
        assertTrue(byAge.removed().isEmpty());
    }

    @Test
    void prune_orphans_removesDeadWritersTmpFilesUnindexedPayloadsAndIndexEntriesWithoutPayload()
            throws IOException {
        CacheStore store = open();
        MatrixFactory factory = new MatrixFactory(store);
        factory.get("kept", 2);
        factory.get("indexOnly", 2);
        factory.get("payloadOnly", 2);
        Path indexOnly = payloadOf(store, "indexOnly", 2);
        Files.delete(indexOnly);
        EntryId payloadOnly = idOf("payloadOnly", 2);
        store.disk().index().orElseThrow().remove(payloadOnly);
        Path deadWriter = store.disk().tmpDirectory().resolve("ab".repeat(32) + ".cfp.2147483647.ab12.tmp");
        Files.write(deadWriter, new byte[100]);
        Path liveWriter = store.disk().tmpDirectory().resolve(
                "cd".repeat(32) + ".cfp." + ProcessHandle.current().pid() + ".cd34.tmp");
        Files.write(liveWriter, new byte[100]);

        StoreMaintenance.PruneReport report = store.maintenance().prune(PruneOptions.none().withOrphans());

        assertEquals(Set.of(indexOnly, store.disk().payloadPath(payloadOnly), deadWriter),
                Set.copyOf(report.orphans()));
        assertTrue(Files.exists(liveWriter));
        assertTrue(Files.notExists(store.disk().payloadPath(payloadOnly)));
        assertTrue(store.maintenance().verify().ok(), store.maintenance().verify().toString());
        assertEquals(CacheState.ON_DISK, new MatrixFactory(open())
                .state("kept", 2));
    }

    @Test
    void verify_corruptAndSwappedPayloads_reportsEach() throws IOException {
        CacheStore store = open();
        MatrixFactory factory = new MatrixFactory(store);
        factory.get("a", 8);
        factory.get("b", 8);
        factory.get("c", 8);
        assertTrue(store.maintenance().verify().ok());
        Path a = payloadOf(store, "a", 8);
        Path b = payloadOf(store, "b", 8);
        Path swap = a.resolveSibling("swap");
        Files.move(a, swap);
        Files.move(b, a);
        Files.move(swap, b);
        try (RandomAccessFile c = new RandomAccessFile(payloadOf(store, "c", 8).toFile(), "rw")) {
            c.setLength(c.length() - 1);
        }

        StoreMaintenance.VerifyReport report = store.maintenance().verify();

        assertFalse(report.ok());
        assertEquals(3, report.payloadsChecked());
        assertEquals(3, report.problems().size(), report.problems().toString());
        // And the store itself never serves the swapped objects.
        MatrixFactory reader = new MatrixFactory(open());
        assertTrue(reader.get("a", 8).isExactly("a", 8));
        assertTrue(reader.get("b", 8).isExactly("b", 8));
    }

    @Test
    void remove_entry_deletesIt() throws IOException {
        CacheStore store = open();
        MatrixFactory factory = new MatrixFactory(store);
        factory.get("a", 2);

        assertTrue(store.maintenance().remove(store.maintenance().list().get(0)));

        assertTrue(store.maintenance().list().isEmpty());
        assertEquals(CacheState.ABSENT, new MatrixFactory(open())
                .state("a", 2));
    }

    private static EntryId idOf(String seed, int size) {
        return EntryId.of(EntryId.SHA_256, FACTORY, MatrixFactory.VERSION,
                MatrixFactory.keyOf(seed, size).bytes());
    }

    private static Path payloadOf(CacheStore store, String seed, int size) {
        return store.disk().payloadPath(idOf(seed, size));
    }
}
