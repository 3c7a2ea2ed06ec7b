package io.cachedfactory.s3;

import io.cachedfactory.runtime.RemoteTier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Not a test: measures publish and fetch throughput of a 256 MiB payload for several part sizes,
 * against raw SDK {@code PutObject}/{@code GetObject} of the same file on the same server, and
 * prints a table. Run with {@code mvn -B -pl s3 -am verify -Dtest=ThroughputBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcachedfactory.s3.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "cachedfactory.s3.benchmark", matches = "true")
class ThroughputBenchmark {

    private static final int MIB = 1 << 20;
    private static final int LENGTH = 256 * MIB;
    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    @Test
    void measure() throws Exception {
        Path payload = tmp.resolve("payload");
        try (OutputStream out = Files.newOutputStream(payload)) {
            for (int i = 0; i < LENGTH / MIB; i++) {
                out.write(S3RemoteTierTest.randomBytes(MIB, i));
            }
        }
        System.out.println("256 MiB payload, S3Proxy 4.1.0 (filesystem store) on loopback, SigV4,"
                + " signed entries, best of " + ROUNDS + " rounds, MiB/s");
        System.out.println("part     publish  fetch  rawPUT  rawGET");
        int n = 0;
        for (long part : new long[] {8L * MIB, 16L * MIB, 64L * MIB, 512L * MIB}) {
            try (S3ProxyServer server = S3ProxyServer.start(tmp.resolve("s3-" + part))) {
                server.createBucket(S3RemoteTierTest.BUCKET);
                S3RemoteTier tier = S3RemoteTierTest.builder(server)
                        .signingKey(S3RemoteTierTest.KEY).partSize(part)
                        .requestTimeout(Duration.ofSeconds(60)).open();
                double publish = 0;
                double fetch = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    String id = S3RemoteTierTest.entryId(++n);
                    long published = tier.published();
                    long start = System.nanoTime();
                    tier.publish(id, payload, RemoteTier.Lease.NONE, Optional.empty());
                    while (tier.published() == published) {
                        if (tier.errors() > 0) {
                            throw new AssertionError("publish failed");
                        }
                        Thread.sleep(1); // not a spin: this machine has two cores
                    }
                    publish = Math.max(publish, rate(start));
                    Path target = tmp.resolve("fetched-" + n);
                    start = System.nanoTime();
                    if (!tier.fetch(id, target)) {
                        throw new AssertionError("fetch failed");
                    }
                    fetch = Math.max(fetch, rate(start));
                    Files.delete(target);
                }
                tier.close();
                double[] raw = raw(server, payload);
                System.out.printf("%3d MiB  %7.0f  %5.0f  %6.0f  %6.0f%n", part / MIB, publish,
                        fetch, raw[0], raw[1]);
            }
        }
    }

    /** Best PutObject (from the file) and GetObject (read to the end) rates of the same bytes. */
    private double[] raw(S3ProxyServer server, Path payload) throws IOException {
        try (S3Client client = server.clientBuilder().build()) {
            double put = 0;
            double get = 0;
            byte[] buffer = new byte[MIB];
            for (int round = 0; round < ROUNDS; round++) {
                String key = "raw/" + round;
                long start = System.nanoTime();
                client.putObject(b -> b.bucket(S3RemoteTierTest.BUCKET).key(key),
                        RequestBody.fromFile(payload));
                put = Math.max(put, rate(start));
                start = System.nanoTime();
                long read = 0;
                try (InputStream in = client.getObject(b -> b.bucket(S3RemoteTierTest.BUCKET)
                        .key(key))) {
                    for (int r; (r = in.read(buffer)) >= 0; ) {
                        read += r;
                    }
                }
                if (read != LENGTH) {
                    throw new AssertionError("raw GET returned " + read + " bytes");
                }
                get = Math.max(get, rate(start));
            }
            return new double[] {put, get};
        }
    }

    private static double rate(long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return LENGTH / (double) MIB / seconds;
    }
}
