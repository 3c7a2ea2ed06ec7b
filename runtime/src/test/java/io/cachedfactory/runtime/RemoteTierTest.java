package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup order memory → local disk → remote → build, over a shared-directory remote tier. */
class RemoteTierTest {

    @TempDir
    Path root;

    private final List<CacheStore> opened = new ArrayList<>();

    @BeforeEach
    void resetBuildCount() {
        Matrix.BUILDS.set(0);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(CacheStore::close);
    }

    /** A store on its own local directory ("machine"), sharing the remote directory. */
    private MatrixFactory machine(String name, RemoteTier remote) {
        CacheStore store = CacheStore.builder(root.resolve(name)).remote(remote).open();
        opened.add(store);
        return new MatrixFactory(store);
    }

    @Test
    void get_builtOnOneMachine_isFetchedByAnotherAndStoredLocally() throws IOException {
        DirectoryRemoteTier remote = new DirectoryRemoteTier(root.resolve("remote"));
        MatrixFactory first = machine("a", remote);
        first.get("shared", 8);
        opened.get(0).close(); // waits for the background publish

        DirectoryRemoteTier sameRemote = new DirectoryRemoteTier(root.resolve("remote"));
        MatrixFactory second = machine("b", sameRemote);
        Matrix fetched = second.get("shared", 8);

        assertTrue(fetched.isExactly("shared", 8));
        assertEquals(1, Matrix.BUILDS.get());
        assertEquals(1, second.stats().remoteHits());
        CacheStore reopened = CacheStore.open(root.resolve("b"));
        opened.add(reopened);
        MatrixFactory secondAgain = new MatrixFactory(reopened);
        assertEquals(CacheState.ON_DISK, secondAgain.state("shared", 8), "stored locally too");
    }

    @Test
    void get_remoteUnavailable_buildsAndCountsIt() throws IOException {
        DirectoryRemoteTier remote = new DirectoryRemoteTier(root.resolve("remote"));
        remote.unavailable = true;
        MatrixFactory factory = machine("a", remote);

        Matrix built = factory.get("x", 4);

        assertTrue(built.isExactly("x", 4));
        assertEquals(1, Matrix.BUILDS.get());
        assertTrue(factory.stats().storageErrors() >= 1, factory.stats().toString());
    }

    @Test
    void get_tamperedRemotePayload_isRefusedByLocalChecks() throws IOException {
        DirectoryRemoteTier remote = new DirectoryRemoteTier(root.resolve("remote"));
        machine("a", remote).get("t", 8);
        opened.get(0).close();
        try (var files = Files.list(root.resolve("remote"))) {
            Path published = files.filter(f -> !f.toString().contains(".")).findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(published);
            bytes[bytes.length - 5] ^= 0x11;
            Files.write(published, bytes);
        }

        MatrixFactory second = machine("b", new DirectoryRemoteTier(root.resolve("remote")));
        Matrix served = second.get("t", 8);

        assertTrue(served.isExactly("t", 8));
        assertEquals(0, second.stats().remoteHits());
        assertEquals(2, Matrix.BUILDS.get());
    }
}
