package io.cachedfactory.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Helpers shared by the benchmarks: scratch directories and deterministic data. */
final class Bench {

    static final int MIB = 1 << 20;

    private Bench() {
    }

    /**
     * A fresh scratch directory under {@code -Dbench.dir} (default: the JVM's temp directory), on
     * the disk the store would use.
     */
    static Path scratch(String name) {
        try {
            Path base = Path.of(System.getProperty("bench.dir",
                    System.getProperty("java.io.tmpdir")), "cachedfactory-bench");
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A directory kept between runs, for data that takes long to build. */
    static Path persistent(String name) {
        try {
            Path base = Path.of(System.getProperty("bench.dir",
                    System.getProperty("java.io.tmpdir")), "cachedfactory-bench", "kept", name);
            Files.createDirectories(base);
            return base;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and everything in it; quietly, since it only holds scratch data. */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // Scratch data: the OS cleans the temp directory eventually.
                }
            });
        } catch (IOException ignored) {
            // As above.
        }
    }

    /** {@code length} pseudo-random bytes, the same on every run. */
    static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        SplittableRandom random = new SplittableRandom(length);
        for (int i = 0; i + 8 <= length; i += 8) {
            long value = random.nextLong();
            for (int j = 0; j < 8; j++) {
                bytes[i + j] = (byte) (value >>> (8 * j));
            }
        }
        return bytes;
    }
}
