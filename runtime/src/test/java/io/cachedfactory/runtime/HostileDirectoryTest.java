package io.cachedfactory.runtime;

import static io.cachedfactory.runtime.ReliabilitySupport.Figures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.hostile.IndexGadget;
import io.cachedfactory.runtime.internal.FactoryDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.openhft.chronicle.algo.hashing.LongHashFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store directory someone else has touched (issue 15): links planted where the store keeps its
 * folders, a planted or damaged index header, a disk that refuses to grow files, the same store
 * reached through two paths, a directory that is not a store, clocks and keys at the edges. Every
 * test fails on a store that follows links, trusts its index header or waits for a creator that
 * never comes. The figures join the reliability suite's block ("hostile directory").
 */
class HostileDirectoryTest {

    private static final String FACTORY = "io.cachedfactory.runtime.MatrixFactory";
    /** An index open that takes longer than this has waited for something. */
    private static final Duration DAMAGED_OPEN_BOUND = Duration.ofSeconds(5);
    /**
     * The same for a fresh JVM, whose first Chronicle Map open compiles classes (2 to 4 s on two
     * loaded cores): still far below the minute Chronicle waits for a header's creator.
     */
    private static final Duration COLD_DAMAGED_OPEN_BOUND = Duration.ofSeconds(20);

    @TempDir
    Path tmp;
    private Path store;
    private Path outside;
    private Map<String, String> outsideBefore;

    @BeforeEach
    void directories() throws IOException {
        store = tmp.resolve("store");
        outside = Files.createDirectories(tmp.resolve("outside"));
        // A file named exactly like a temporary payload, and one that is not.
        Files.writeString(outside.resolve("ab".repeat(32) + ".cfp.1.abc.tmp"), "victim 1");
        Files.writeString(outside.resolve("thesis.txt"), "victim 2");
        outsideBefore = snapshot(outside);
        Matrix.BUILDS.set(0);
    }

    @AfterEach
    void nothingOutsideTouched() throws IOException {
        Figures.increment(Figures.HOSTILE_DIRECTORY);
        Map<String, String> now = snapshot(outside);
        long touched = outsideBefore.entrySet().stream()
                .filter(e -> !e.getValue().equals(now.get(e.getKey()))).count()
                + now.keySet().stream().filter(name -> !outsideBefore.containsKey(name)).count();
        Figures.add(Figures.OUTSIDE_TOUCHED, touched);
        assertEquals(outsideBefore, now, "files outside the store were touched");
    }

    @AfterAll
    static void printFigures() {
        Figures.print("HostileDirectoryTest");
    }

    // ---- links where the store keeps a folder

    @Test
    void open_tmpLinkedOutside_deletesNothingThereAndStoresInARealFolder() throws IOException {
        CacheStore.open(store).close();
        linkToOutside(store.resolve("tmp"));

        try (CacheStore opened = CacheStore.open(store)) { // a lone open: cleans tmp/
            Matrix served = new MatrixFactory(opened).get("a", 3);
            assertTrue(served.isExactly("a", 3));
        }

        assertFalse(Files.isSymbolicLink(store.resolve("tmp")), "the link is replaced by a folder");
        try (CacheStore reopened = CacheStore.open(store)) {
            assertEquals(CacheState.ON_DISK, new MatrixFactory(reopened).state("a", 3));
        }
    }

    @Test
    void get_payloadAndClaimFoldersLinkedOutside_writesNothingThereAndServes() throws IOException {
        CacheStore.open(store).close();
        String shard = idOf("a", 3).hex().substring(0, 2);
        linkToOutside(Files.createDirectories(store.resolve("payloads")).resolve(shard));
        linkToOutside(Files.createDirectories(store.resolve("claims")).resolve(shard));

        try (CacheStore opened = CacheStore.open(store)) {
            MatrixFactory factory = new MatrixFactory(opened);
            Matrix served = factory.get("a", 3);

            assertTrue(served.isExactly("a", 3));
            assertTrue(factory.stats().storageErrors() > 0, "refusing the link is counted");
        }
    }

    @Test
    void prune_orphansWithTmpLinkedOutside_deletesNothingThere() throws IOException {
        storeOneEntry();
        linkToOutside(store.resolve("tmp"));

        try (CacheStore existing = CacheStore.builder(store).existingOnly().open()) {
            StoreMaintenance.PruneReport report = existing.maintenance().prune(PruneOptions.none().withOrphans());
            assertEquals(List.of(), report.orphans());
            assertEquals(1, existing.maintenance().list().size());
        }
        assertTrue(Files.isSymbolicLink(store.resolve("tmp")), "existingOnly never repairs");
    }

    @Test
    void openExistingOnly_onDirectoryThatIsNoStore_throwsAndCreatesNothing() throws IOException {
        Path notAStore = Files.createDirectories(tmp.resolve("photos"));
        Files.createDirectories(notAStore.resolve("payloads"));
        Files.createDirectories(notAStore.resolve("tmp"));
        Files.writeString(notAStore.resolve("tmp").resolve("ab".repeat(32) + ".cfp.1.ab.tmp"), "x");
        Map<String, String> before = snapshot(notAStore);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CacheStore.builder(notAStore).existingOnly().open());

        assertTrue(refused.getMessage().contains(notAStore.toString()), refused.getMessage());
        assertEquals(before, snapshot(notAStore));
    }

    @Test
    void open_sharedDirectoryWhenPrivateRequired_refusesBeforeTouchingAnything() throws IOException {
        CacheStore.open(store).close();
        Path stray = store.resolve("tmp").resolve("ab".repeat(32) + ".cfp.999999999.1f.tmp");
        Files.writeString(stray, "a killed writer's, or a planted file");
        Files.delete(store.resolve("store.lock"));
        Files.setPosixFilePermissions(store, java.nio.file.attribute.PosixFilePermissions
                .fromString("rwxrwxrwx"));
        Map<String, String> before = snapshot(store);

        try (CacheStore refused = CacheStore.builder(store).requirePrivateDirectory(true).open()) {
            MatrixFactory factory = new MatrixFactory(refused);
            assertTrue(factory.get("a", 3).isExactly("a", 3));
            assertEquals(CacheState.IN_MEMORY, factory.state("a", 3));
        }

        assertEquals(before, snapshot(store), "a refused directory is left as it was");
    }

    // ---- the index header

    @Test
    void open_plantedHeaderNamingAGadget_initializesNoClassAndRebuildsTheIndex()
            throws IOException {
        storeOneEntry();
        rewriteIndexHeader(store.resolve("index.cmap"), header -> header.replace(
                "net.openhft.chronicle.hash.serialization.impl.ByteArraySizedReader {\n  },\n"
                        + "  keyDataAccess",
                IndexGadget.class.getName() + " {\n  },\n  keyDataAccess"));

        assertServedFromItsPayload(true);

        boolean initialized = IndexGadget.Initialized.FLAG.get();
        Figures.add(Figures.GADGETS_INITIALIZED, initialized ? 1 : 0);
        assertFalse(initialized, "a class named by a planted index header was initialized");
        assertEquals(1, StoreDirectory.movedAsideIndexes(store).size());
    }

    @Test
    void open_zeroedHeader_opensWithinSecondsAndRebuildsTheIndex() throws IOException {
        warmUpChronicle();
        storeOneEntry();
        zero(store.resolve("index.cmap"), 4096);

        long started = System.nanoTime();
        assertServedFromItsPayload(true);
        assertOpenedWithinBound(started);
    }

    @Test
    void open_zeroedHeaderBesideALiveProcess_skipsTheIndexWithoutWaiting() throws IOException {
        warmUpChronicle();
        storeOneEntry();
        // A live process keeps the store open (shared lock): this open is not alone, so it may
        // not move the index aside, and must not wait for a creator either.
        try (ChildJvm holder = holdStoreOpen()) {
            zero(store.resolve("index.cmap"), 4096);

            long started = System.nanoTime();
            assertServedFromItsPayload(false);
            assertOpenedWithinBound(started);
        }
    }

    @Test
    void open_headerClaimingHugeSizes_neverGrowsTheFileAndGetSucceeds() throws IOException {
        warmUpChronicle();
        storeOneEntry();
        Path index = store.resolve("index.cmap");
        rewriteIndexHeader(index, header -> header
                .replaceFirst("actualSegments: \\d+,", "actualSegments: 200000000,")
                .replaceFirst("tierSize: \\d+,", "tierSize: 64,"));

        long started = System.nanoTime();
        try (CacheStore opened = CacheStore.open(store)) {
            assertTrue(new MatrixFactory(opened).get("a", 3).isExactly("a", 3));
        }
        assertOpenedWithinBound(started);
        long largest = 0;
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : files.toList()) {
                largest = Math.max(largest, Files.size(file));
            }
        }
        assertTrue(largest < 64L << 20, "a store file grew to " + largest + " bytes");
    }

    @Test
    void open_damagedIndexOnAFullDisk_neverWaitsAndKeepsFewMovedAsideFiles() throws IOException {
        storeOneEntry();
        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            // Each round a damaged index, and a disk on which a new one cannot be written.
            Files.write(store.resolve("index.cmap"), new byte[64 << 10]);
            try (ChildJvm child = ChildJvm.builder(HostileDirectoryChild.class,
                    tmp.resolve("logs"), "full-disk-" + round).fileSizeLimitKiB(1024)
                    .args(store, "a", 3).start()) {
                child.awaitSuccess(ChildJvm.TIMEOUT);
                List<String> lines = child.stdoutLines();
                assertTrue(lines.contains("OK"), child.diagnostics());
                assertTrue(lines.contains("SOURCE disk"), child.diagnostics());
                long openMillis = Long.parseLong(lines.stream().filter(l -> l.startsWith(
                        "OPENED_MS ")).findFirst().orElseThrow().substring(10));
                Figures.max(Figures.LONGEST_DAMAGED_OPEN, openMillis);
                assertTrue(openMillis < COLD_DAMAGED_OPEN_BOUND.toMillis(),
                        "open took " + openMillis + " ms\n" + child.diagnostics());
            }
        }
        int movedAside = StoreDirectory.movedAsideIndexes(store).size();
        assertTrue(movedAside <= IndexOpener.MAX_MOVED_ASIDE, movedAside + " moved-aside indexes");

        try (CacheStore existing = CacheStore.builder(store).existingOnly().open()) {
            existing.maintenance().prune(PruneOptions.none().withOrphans());
        }
        assertEquals(0, StoreDirectory.movedAsideIndexes(store).size(),
                "prune --orphans removes moved-aside indexes");
    }

    @Test
    void indexHeaderCheck_acceptsTheIndexOurStoreCreates() throws IOException {
        for (long entries : new long[] {1, 100_000, 3_000_000}) {
            Path directory = tmp.resolve("sized-" + entries);
            CacheStore.builder(directory).expectedEntries(entries).open().close();
            IndexHeaderCheck.Result result = DiskIndex.checkHeader(directory.resolve("index.cmap"));
            assertTrue(result.accepted(), entries + " entries: " + result.reason());
        }
    }

    // ---- one store per directory, claims

    @Test
    void get_sameDirectoryThroughTwoPaths_buildsOnceAndKeepsOneIndex() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), store.getFileName());
        Files.createDirectories(store);
        CountDownLatch bothAsking = new CountDownLatch(1);
        try (CacheStore direct = CacheStore.open(store); CacheStore linked = CacheStore.open(link)) {
            SlowMatrixFactory first = new SlowMatrixFactory(direct,
                    (seed, size) -> bothAsking.await(10, TimeUnit.SECONDS), (seed, size) -> { });
            SlowMatrixFactory second = new SlowMatrixFactory(linked, (seed, size) -> { },
                    (seed, size) -> { });
            CompletableFuture<Matrix> viaDirect = CompletableFuture.supplyAsync(
                    () -> first.get("shared", 4));
            Thread.sleep(300); // the direct request is building
            CompletableFuture<Matrix> viaLink = CompletableFuture.supplyAsync(
                    () -> second.get("shared", 4));
            Thread.sleep(300);
            bothAsking.countDown();

            assertTrue(viaDirect.get(30, TimeUnit.SECONDS).isExactly("shared", 4));
            assertTrue(viaLink.get(30, TimeUnit.SECONDS).isExactly("shared", 4));
            assertEquals(1, Matrix.BUILDS.get(), "one build for one key in one store");
            assertTrue(direct.disk().index().isPresent());
            assertTrue(linked.disk().index().isPresent(), "the second path kept the index");
            assertEquals(0, first.stats().storageErrors() + second.stats().storageErrors());
        }
    }

    @Test
    void get_whileThisJvmEvictsTheSameEntry_waitsForItsBuildClaim() throws Exception {
        try (CacheStore opened = CacheStore.open(store)) {
            MatrixFactory factory = new MatrixFactory(opened);
            // What the evictor holds for an instant while it deletes an entry.
            Claim evicting = Claim.delete(opened.disk().claimPath(idOf("b", 2)));
            assertNotNull(evicting);
            CompletableFuture<Matrix> request = CompletableFuture.supplyAsync(
                    () -> factory.get("b", 2));
            Thread.sleep(500);
            assertEquals(0, Matrix.BUILDS.get(), "no build without the claim");
            evicting.close();

            assertTrue(request.get(30, TimeUnit.SECONDS).isExactly("b", 2));
            assertEquals(1, Matrix.BUILDS.get());
            assertEquals(0, factory.stats().storageErrors(), "the build had its claim");
        }
    }

    // ---- keys and clocks

    @Test
    void get_keyOf20MiB_isReadBackByAnotherProcess() throws IOException {
        String unit = "0123456789abcdef";
        int repeat = (20 << 20) / unit.length();
        try (CacheStore opened = CacheStore.open(store)) {
            MatrixFactory factory = new MatrixFactory(opened);
            factory.get(unit.repeat(repeat), 2);
            assertEquals(0, factory.stats().storageErrors());
        }
        try (ChildJvm reader = ChildJvm.builder(HostileDirectoryChild.class, tmp.resolve("logs"),
                "big-key-reader").args(store, unit, 2, repeat).start()) {
            reader.awaitSuccess(ChildJvm.TIMEOUT);
            assertTrue(reader.stdoutLines().contains("SOURCE disk"), reader.diagnostics());
            assertTrue(reader.stdoutLines().contains("OK"), reader.diagnostics());
        }
    }

    @Test
    void get_payloadCreatedInTheFuture_isExpiredForMaxAgeAndOldForPrune() throws IOException {
        FactoryDescriptor<Matrix> weekly = MatrixFactory.descriptor(MatrixFactory.FINGERPRINT)
                .maxAge(Duration.ofDays(7)).build();
        try (CacheStore opened = CacheStore.open(store)) {
            new MatrixFactory(opened, weekly).get("a", 3);
        }
        Path payload = store.resolve("payloads").resolve(idOf("a", 3).hex().substring(0, 2))
                .resolve(idOf("a", 3).hex() + ".cfp");
        redate(payload, System.currentTimeMillis() + Duration.ofDays(365).toMillis());

        try (CacheStore opened = CacheStore.open(store)) {
            List<StoredEntry> entries = opened.maintenance().list();
            assertTrue(entries.get(0).createdInFuture());
            MatrixFactory factory = new MatrixFactory(opened, weekly);
            assertEquals(CacheState.ABSENT, factory.state("a", 3));
            factory.get("a", 3);
            assertEquals(1, factory.stats().builds(), "a future date never keeps an entry alive");
        }
        redate(payload, System.currentTimeMillis() + Duration.ofDays(365).toMillis());
        try (CacheStore opened = CacheStore.open(store)) {
            StoreMaintenance.PruneReport report = opened.maintenance().prune(PruneOptions.none().withOlderThan(Duration.ofDays(30)));
            assertEquals(1, report.removed().size(), "a future-dated entry counts as old");
        }
    }

    // ---- verify

    @Test
    void verify_signedStoreWithoutItsKey_saysSignaturesWereNotChecked() throws IOException {
        byte[] key = "sixteen-byte-key-for-tests".getBytes(StandardCharsets.UTF_8);
        try (CacheStore signed = CacheStore.builder(store).signingKey(key).open()) {
            new MatrixFactory(signed).get("a", 3);
        }
        try (CacheStore withoutKey = CacheStore.builder(store).existingOnly().open()) {
            StoreMaintenance.VerifyReport report = withoutKey.maintenance().verify();
            assertTrue(report.signaturesUnchecked(), report.toString());
        }
        try (CacheStore withKey = CacheStore.builder(store).existingOnly().signingKey(key).open()) {
            StoreMaintenance.VerifyReport report = withKey.maintenance().verify();
            assertTrue(report.ok() && !report.signaturesUnchecked(), report.toString());
        }
    }

    @Test
    void verify_indexThatCannotBeOpened_isAProblem() throws IOException {
        storeOneEntry();
        try (ChildJvm holder = holdStoreOpen()) {
            zero(store.resolve("index.cmap"), 4096);
            try (CacheStore existing = CacheStore.builder(store).existingOnly().open()) {
                StoreMaintenance.VerifyReport report = existing.maintenance().verify();
                assertFalse(report.ok());
                assertTrue(report.problems().stream().anyMatch(p -> p.startsWith("index: ")),
                        report.toString());
            }
        }
    }

    // ---- helpers

    /** A child JVM that keeps the store open (its shared lock) until closed. */
    private ChildJvm holdStoreOpen() {
        ChildJvm holder = ChildJvm.builder(StoreChild.class, tmp.resolve("logs"), "holder")
                .args(store, tmp.resolve("builds.log"), "--go", tmp.resolve("never"), "held:2")
                .start();
        holder.awaitLine("READY", ChildJvm.TIMEOUT);
        return holder;
    }

    /** Stores {@code Matrix("a", 3)} and closes the store. */
    private void storeOneEntry() {
        try (CacheStore opened = CacheStore.open(store)) {
            new MatrixFactory(opened).get("a", 3);
        }
    }

    /**
     * Opens the store and asserts that {@code Matrix("a", 3)} comes from its payload, with a
     * (rebuilt) index or, beside a live process that keeps the damaged one, without.
     */
    private void assertServedFromItsPayload(boolean withIndex) {
        try (CacheStore opened = CacheStore.open(store)) {
            MatrixFactory factory = new MatrixFactory(opened);
            assertTrue(factory.get("a", 3).isExactly("a", 3));
            assertEquals(1, factory.stats().diskHits(), "served from its payload");
            assertEquals(withIndex, opened.disk().index().isPresent(), "index present");
        }
    }

    private void linkToOutside(Path folder) throws IOException {
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(folder);
        }
        Files.createSymbolicLink(folder, outside);
    }

    private static EntryId idOf(String seed, int size) {
        return EntryId.of(EntryId.SHA_256, FACTORY, MatrixFactory.VERSION,
                MatrixFactory.keyOf(seed, size).bytes());
    }

    private void warmUpChronicle() {
        CacheStore.open(tmp.resolve("warm-up")).close();
    }

    private static void assertOpenedWithinBound(long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        Figures.max(Figures.LONGEST_DAMAGED_OPEN, millis);
        assertTrue(millis < DAMAGED_OPEN_BOUND.toMillis(), "open and get took " + millis + " ms");
    }

    private static void zero(Path file, int bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(new byte[bytes]);
        }
    }

    /**
     * Rewrites the text of an index file's Chronicle Map header, keeping its length (so the rest
     * of the file stays where Chronicle looks for it) and recomputing its checksum, as an attacker
     * who can write the file would.
     */
    static void rewriteIndexHeader(Path index, UnaryOperator<String> edit) throws IOException {
        byte[] file = Files.readAllBytes(index);
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int length = buffer.getInt(8) & 0x3FFF_FFFF;
        String header = new String(file, 12, length, StandardCharsets.UTF_8);
        String edited = edit.apply(header);
        assertFalse(edited.equals(header), "the edit changed nothing");
        // Drop indentation until it fits, then pad with spaces: the text format ignores both.
        StringBuilder fitted = new StringBuilder();
        int excess = edited.length() - length;
        for (String line : edited.split("\n", -1)) {
            String stripped = line.stripLeading();
            int saving = Math.min(Math.max(excess, 0), line.length() - stripped.length());
            excess -= saving;
            fitted.append(line.substring(saving)).append('\n');
        }
        fitted.setLength(fitted.length() - 1);
        assertTrue(fitted.length() <= length, "the edited header does not fit");
        fitted.append(" ".repeat(length - fitted.length()));
        byte[] text = fitted.toString().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, file, 12, length);
        byte[] hashed = new byte[4 + length];
        System.arraycopy(file, 8, hashed, 0, hashed.length);
        buffer.putLong(0, LongHashFunction.xx_r39().hashBytes(hashed));
        Files.write(index, file);
    }

    /** Rewrites a payload's creation time, with a valid header checksum (the store is unsigned). */
    private static void redate(Path payload, long createdMillis) throws IOException {
        PayloadHeader header = PayloadFiles.readHeader(payload);
        PayloadHeader redated = new PayloadHeader(header.factory(), header.key(),
                header.fingerprint(), header.codecId(), createdMillis, header.bodyLength(),
                header.bodyChecksum(), header.signature());
        byte[] encoded = redated.encode();
        assertEquals(header.length(), encoded.length);
        try (RandomAccessFile raf = new RandomAccessFile(payload.toFile(), "rw")) {
            raf.write(encoded);
        }
    }

    /** Every file under {@code root}, by relative path, with its content's SHA-256. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.toList()) {
                String relative = root.relativize(file).toString();
                files.put(relative, Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        ? sha256(Files.readString(file, StandardCharsets.ISO_8859_1))
                        : Files.isSymbolicLink(file) ? "link" : "directory");
            }
        }
        files.remove("");
        return files;
    }

    private static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
