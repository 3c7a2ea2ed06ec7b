package io.cachedfactory.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
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

    /**
     * The page-cache limit of loading a file: {@code FileChannel.read} of all its bytes into a new
     * heap array, 1 MiB per read.
     */
    static byte[] readFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] bytes = new byte[Math.toIntExact(channel.size())];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            // Until the array is full: the limit marks only the current read's end.
            while (buffer.position() < buffer.capacity()) {
                // 1 MiB at a time: the JDK copies through a temporary direct buffer of the
                // request's size, which it caches per thread; one read of the whole array would
                // allocate (and zero) a new direct buffer as large as the object every time.
                buffer.limit(Math.min(buffer.capacity(), buffer.position() + MIB));
                if (channel.read(buffer) < 0) {
                    throw new IOException("truncated: " + file);
                }
            }
            return bytes;
        }
    }

    /** The CRC32C of {@code bytes}: the checksum the store keeps of each payload body. */
    static long crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return crc.getValue();
    }
}
