package io.cachedfactory.s3;

import static io.cachedfactory.runtime.ChildMain.exitWhenStdinCloses;
import static io.cachedfactory.runtime.ChildMain.println;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.ChildJvm;
import io.cachedfactory.runtime.RemoteTier;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Payloads far larger than a heap go through the S3 tier as streams, from the payload file to the
 * server and from the server to the target file, never whole on the heap; and a transfer that the
 * server's death cuts short leaves nothing behind.
 */
class LargePayloadS3Test {

    /** One GiB: four times the heap of the JVM that publishes and fetches it. */
    private static final long LARGE = 1L << 30;
    private static final long LARGE_CHILD_HEAP = 256L << 20;
    /** Large enough that a fetch is still running when the test sees its first bytes. */
    private static final long CUT_SHORT = 200L << 20;
    private static final int CHUNK = 1 << 20;
    private static final Duration LARGE_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path tmp;

    private S3ProxyServer server;

    @BeforeEach
    void startServer() {
        server = S3ProxyServer.start(tmp.resolve("s3"));
        server.createBucket(S3RemoteTierTest.BUCKET);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /**
     * A child JVM with a 256 MiB heap publishes a 1 GiB payload file (as a multipart upload),
     * deletes it, and fetches the entry back into another file: the fetched file holds exactly the
     * bytes written. Holding the payload on the heap, on either side, would end the child with an
     * OutOfMemoryError.
     */
    @Test
    void fetch_oneGibibytePayloadInAJvmWithQuarterTheHeap_roundTripsByteForByte() {
        String id = S3RemoteTierTest.entryId(7);
        URI uri = URI.create("s3://" + S3RemoteTierTest.BUCKET + "/team?endpoint="
                + server.endpoint() + "&pathStyle=true");
        try (ChildJvm child = ChildJvm.builder(RoundTrip.class, tmp, "round-trip")
                .jvmOption("-Xmx" + (LARGE_CHILD_HEAP >> 20) + "m")
                .jvmOption("-XX:+ExitOnOutOfMemoryError")
                // C2 for the bulk hashing (SHA-256, HMAC, CRC32C) of several GiB
                .jvmOption("-XX:TieredStopAtLevel=4")
                .jvmOption("-Daws.accessKeyId=" + server.accessKey())
                .jvmOption("-Daws.secretAccessKey=" + server.secretKey())
                .args(tmp.resolve("work"), uri, id, LARGE)
                .start()) {
            child.awaitSuccess(LARGE_TIMEOUT);

            String diagnostics = child.diagnostics();
            long heapMax = Long.parseLong(field(child, "HEAP", "max"));
            String written = field(child, "WROTE", "sha256");
            long objectLength;
            try (S3Client raw = server.client()) {
                objectLength = raw.headObject(b -> b.bucket(S3RemoteTierTest.BUCKET)
                        .key("team/entries/" + id)).contentLength();
            }
            assertAll(diagnostics,
                    () -> assertTrue(heapMax < LARGE / 2, "the child's heap cannot hold the"
                            + " payload: max " + heapMax),
                    () -> assertEquals(LARGE, objectLength, "the entry on the server"),
                    () -> assertEquals("true", field(child, "FETCHED", "ok")),
                    () -> assertEquals(Long.toString(LARGE), field(child, "FETCHED", "length")),
                    () -> assertEquals(written, field(child, "FETCHED", "sha256"),
                            "the fetched file holds the published bytes"),
                    () -> assertEquals("0", field(child, "STATS", "errors")),
                    () -> assertEquals("0", field(child, "STATS", "refused")));
        }
    }

    @Test
    void fetch_serverKilledMidTransfer_returnsFalseAndLeavesNoFile() throws Exception {
        try (S3RemoteTier tier = S3RemoteTierTest.builder(server)
                .signingKey(S3RemoteTierTest.KEY).open()) {
            String id = S3RemoteTierTest.entryId(8);
            Path payload = tmp.resolve("payload");
            byte[] written = writeRandom(payload, CUT_SHORT, 8);
            tier.publish(id, payload, RemoteTier.Lease.NONE, Optional.empty());
            S3RemoteTierTest.await("the publish", () -> tier.published() == 1);
            Files.delete(payload);
            assertEquals(0, tier.errors());

            Path target = tmp.resolve("fetched");
            CompletableFuture<Boolean> fetching = CompletableFuture.supplyAsync(
                    () -> tier.fetch(id, target));
            awaitFirstBytes(target, fetching);
            assertFalse(fetching.isDone(), "the fetch ended before the server could be killed");
            server.kill();

            assertFalse(fetching.get(60, TimeUnit.SECONDS), "a fetch cut short is a miss");
            assertAll(() -> assertFalse(Files.exists(target), "no partial file left"),
                    () -> assertTrue(tier.errors() > 0, "counted"),
                    () -> assertEquals(0, tier.refused(), "a failed transfer, not a bad entry"));

            server.restart();
            Path again = tmp.resolve("fetched-again");
            long start = System.nanoTime();
            S3RemoteTierTest.await("a fetch after the restart", () -> tier.fetch(id, again));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 10_000, "fetched again " + millis + " ms after the restart");
            assertEquals(HexFormat.of().formatHex(written), sha256(again));
        }
    }

    @Test
    void fetch_serverStalledMidTransfer_givesUpWithinTheTimeoutAndLeavesNoFile() throws Exception {
        try (S3RemoteTier tier = S3RemoteTierTest.builder(server)
                .signingKey(S3RemoteTierTest.KEY).requestTimeout(Duration.ofSeconds(2)).open()) {
            String id = S3RemoteTierTest.entryId(9);
            Path payload = tmp.resolve("payload");
            byte[] written = writeRandom(payload, CUT_SHORT, 9);
            tier.publish(id, payload, RemoteTier.Lease.NONE, Optional.empty());
            S3RemoteTierTest.await("the publish", () -> tier.published() == 1);
            Files.delete(payload);

            Path target = tmp.resolve("fetched");
            CompletableFuture<Boolean> fetching = CompletableFuture.supplyAsync(
                    () -> tier.fetch(id, target));
            awaitFirstBytes(target, fetching);
            assertFalse(fetching.isDone(), "the fetch ended before the server could be stalled");
            server.stall(); // connections stay open, no byte arrives
            long start = System.nanoTime();
            boolean fetched;
            try {
                fetched = fetching.get(60, TimeUnit.SECONDS);
            } finally {
                server.resume();
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertFalse(fetched, "a stalled fetch is a miss");
            assertTrue(millis < 15_000, "gave up after " + millis + " ms (timeout 2 s, 1 retry)");
            assertAll(() -> assertFalse(Files.exists(target), "no partial file left"),
                    () -> assertTrue(tier.errors() > 0, "counted"),
                    () -> assertEquals(0, tier.refused(), "a failed transfer, not a bad entry"));

            Path again = tmp.resolve("fetched-again");
            S3RemoteTierTest.await("a fetch after the stall", () -> tier.fetch(id, again));
            assertEquals(HexFormat.of().formatHex(written), sha256(again));
        }
    }

    /** The value of {@code name=} on the first line {@code child} printed with {@code tag}. */
    private static String field(ChildJvm child, String tag, String name) {
        String line = child.stdoutLines().stream().filter(l -> l.startsWith(tag + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no " + tag + " line\n"
                        + child.diagnostics()));
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + "= in '" + line + "'");
    }

    /**
     * Waits, polling every millisecond (the whole transfer takes a few hundred), until the fetch
     * has written its first bytes into {@code target}, or ended.
     */
    private static void awaitFirstBytes(Path target, CompletableFuture<Boolean> fetching)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (size(target) <= 0 && !fetching.isDone()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no byte fetched within 30 s");
            }
            Thread.sleep(1);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Writes {@code length} pseudo-random bytes from {@code seed} into a new file, a chunk at a
     * time, and returns their SHA-256.
     */
    static byte[] writeRandom(Path file, long length, long seed) throws IOException {
        MessageDigest sha = sha256();
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(CHUNK, length - done);
                buffer.clear().limit(n);
                while (buffer.remaining() >= Long.BYTES) {
                    buffer.putLong(random.nextLong());
                }
                while (buffer.hasRemaining()) {
                    buffer.put((byte) random.nextInt());
                }
                sha.update(buffer.array(), 0, n);
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                done += n;
            }
        }
        return sha.digest();
    }

    /** The SHA-256 of a file, read a chunk at a time, in hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buffer.clear()) >= 0) {
                sha.update(buffer.array(), 0, buffer.position());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The child of {@link #fetch_oneGibibytePayloadInAJvmWithQuarterTheHeap_roundTripsByteForByte}:
     * {@code <work dir> <s3 uri> <entry id> <length>}. Opens the tier from the URI (credentials
     * from the SDK's default chain), writes the payload file, publishes it, deletes it once
     * published, fetches the entry into another file and hashes that. Prints {@code HEAP max=},
     * {@code WROTE sha256=}, {@code FETCHED ok= length= sha256=}, {@code STATS errors= refused=},
     * {@code PEAK heap=} and {@code DONE}; exits 1 if the publish failed, and on an
     * OutOfMemoryError (with {@code -XX:+ExitOnOutOfMemoryError}).
     */
    static final class RoundTrip {

        private RoundTrip() {
        }

        public static void main(String[] args) throws Exception {
            exitWhenStdinCloses();
            Path work = Files.createDirectories(Path.of(args[0]));
            URI uri = URI.create(args[1]);
            String id = args[2];
            long length = Long.parseLong(args[3]);
            println("HEAP max=" + Runtime.getRuntime().maxMemory());
            int status = 0;
            try (S3RemoteTier tier = S3RemoteTierProvider.configure(uri,
                    Optional.of(S3RemoteTierTest.KEY)).open()) {
                long start = System.nanoTime();
                Path payload = work.resolve("payload");
                byte[] written = writeRandom(payload, length, 42);
                println("WROTE sha256=" + HexFormat.of().formatHex(written)
                        + " ms=" + millis(start));

                start = System.nanoTime();
                tier.publish(id, payload, RemoteTier.Lease.NONE, Optional.empty());
                while (tier.published() == 0 && tier.errors() == 0) {
                    Thread.sleep(20);
                }
                println("PUBLISHED published=" + tier.published() + " ms=" + millis(start));
                Files.delete(payload); // the fetch can only come from the server
                if (tier.published() == 1) {
                    start = System.nanoTime();
                    Path target = work.resolve("fetched");
                    boolean ok = tier.fetch(id, target);
                    long fetchMillis = millis(start);
                    String sha = ok ? sha256(target) : "-";
                    println("FETCHED ok=" + ok + " length=" + (ok ? Files.size(target) : -1)
                            + " sha256=" + sha + " ms=" + fetchMillis);
                    Files.deleteIfExists(target);
                } else {
                    status = 1;
                }
                println("STATS errors=" + tier.errors() + " refused=" + tier.refused());
            }
            println("PEAK heap=" + peakHeap());
            println("DONE");
            System.exit(status);
        }

        private static long millis(long startNanos) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        }

        /** The sum of the heap pools' peak usage: an upper bound of the heap ever in use. */
        private static long peakHeap() {
            List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
            return pools.stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        }
    }
}
