package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed payloads, shared directories and the absence of network traffic. */
class StoreSecurityTest {

    private static final byte[] TEAM_KEY = "team key of at least 16 bytes".getBytes(
            StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "another key, also long enough".getBytes(
            StandardCharsets.UTF_8);

    @TempDir
    Path directory;

    private final List<CacheStore> opened = new ArrayList<>();
    private final AtomicInteger decodes = new AtomicInteger();

    @BeforeEach
    void resetBuildCount() {
        Matrix.BUILDS.set(0);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(CacheStore::close);
    }

    private MatrixFactory factory(CacheStore.Builder builder) {
        CacheStore store = builder.open();
        opened.add(store);
        return new MatrixFactory(store, MatrixFactory.descriptor(MatrixFactory.FINGERPRINT)
                .codec(new CountingCodec<>(JavaSerializationCodec.forType(Matrix.class), decodes))
                .build());
    }

    @Test
    void get_signedStore_loadsPayloadsSignedWithItsKey() {
        factory(CacheStore.builder(directory).signingKey(TEAM_KEY)).get("a", 4);

        MatrixFactory reader = factory(CacheStore.builder(directory).signingKey(TEAM_KEY));
        Matrix loaded = reader.get("a", 4);

        assertTrue(loaded.isExactly("a", 4));
        assertEquals(1, reader.stats().diskHits());
        assertEquals(1, decodes.get());
    }

    @Test
    void get_unsignedPayloadInSignedStore_isMissAndNeverDecoded() {
        factory(CacheStore.builder(directory)).get("a", 4);

        MatrixFactory reader = factory(CacheStore.builder(directory).signingKey(TEAM_KEY));
        Matrix served = reader.get("a", 4);

        assertTrue(served.isExactly("a", 4));
        assertEquals(0, decodes.get());
        assertEquals(1, reader.stats().misses(MissReason.CORRUPT));
        assertEquals(2, Matrix.BUILDS.get());
    }

    @Test
    void get_payloadSignedWithAnotherKey_isMissAndNeverDecoded() {
        factory(CacheStore.builder(directory).signingKey(OTHER_KEY)).get("a", 4);

        MatrixFactory reader = factory(CacheStore.builder(directory).signingKey(TEAM_KEY));
        reader.get("a", 4);

        assertEquals(0, decodes.get());
        assertEquals(1, reader.stats().misses(MissReason.CORRUPT));
    }

    @Test
    void signingKey_tooShort_isRejectedNamingTheArgument() {
        IllegalArgumentException thrown = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> CacheStore.builder(directory).signingKey(new byte[8]));
        assertTrue(thrown.getMessage().contains("signingKey"), thrown.getMessage());
    }

    @Test
    void open_directoryWritableByOthers_warnsButWorks() throws IOException {
        Files.createDirectories(directory.resolve("shared"));
        Files.setPosixFilePermissions(directory.resolve("shared"),
                PosixFilePermissions.fromString("rwxrwxrwx"));

        MatrixFactory factory = factory(CacheStore.builder(directory.resolve("shared")));
        factory.get("a", 2);

        assertEquals(CacheState.ON_DISK, factory(CacheStore.builder(directory.resolve("shared")))
                .state("a", 2));
    }

    @Test
    void open_directoryWritableByOthersWhenPrivateRequired_refusesAndWorksInMemory()
            throws IOException {
        Path shared = directory.resolve("shared");
        Files.createDirectories(shared);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        MatrixFactory factory = factory(CacheStore.builder(shared).requirePrivateDirectory(true));
        Matrix served = factory.get("a", 2);

        assertTrue(served.isExactly("a", 2));
        assertEquals(CacheState.IN_MEMORY, factory.state("a", 2));
        try (Stream<Path> files = Files.walk(shared)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".cfp")));
        }
    }

    @Test
    void storeUse_opensNoSocket() throws Exception {
        // The test runner may hold a socket of its own; the store must add none.
        List<String> before = sockets();
        MatrixFactory factory = factory(CacheStore.builder(directory));
        factory.get("a", 8);
        factory(CacheStore.builder(directory)).get("a", 8);
        Thread.sleep(500); // room for any background thread that would phone home

        List<String> added = new ArrayList<>(sockets());
        added.removeAll(before);
        assertEquals(List.of(), added);
    }

    /** Every socket this process holds shows up as a "socket:[inode]" file descriptor. */
    private static List<String> sockets() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(target -> target.startsWith("socket:")).toList();
        }
    }
}
