package io.cachedfactory.redis;

import io.cachedfactory.runtime.RemoteTier;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: measures publish and fetch throughput of a 256 MiB payload for several chunk sizes,
 * against raw Lettuce SET/GET of the same bytes in the same chunks, and prints a table. Run with
 * {@code mvn -B -pl redis -am verify -Dtest=ThroughputBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcachedfactory.redis.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "cachedfactory.redis.benchmark", matches = "true")
class ThroughputBenchmark {

    private static final int MIB = 1 << 20;
    private static final int LENGTH = 256 * MIB;
    private static final int ROUNDS = 5;

    @TempDir
    Path tmp;

    @Test
    void measure() throws Exception {
        Path payload = RedisRemoteTierTest.writeRandomFile(tmp.resolve("payload"), LENGTH, 1);
        System.out.println("256 MiB payload, loopback redis-server 7.0, best of " + ROUNDS
                + " rounds, MiB/s");
        System.out.println("chunk    publish  fetch(+fsync)  rawSET  rawGET");
        int n = 0;
        for (int chunk : new int[] {MIB, 4 * MIB, 8 * MIB, 16 * MIB, 64 * MIB}) {
            try (RedisServer redis = RedisServer.start(tmp.resolve("redis"))) {
                RedisRemoteTier tier = RedisRemoteTier.builder(redis.uri())
                        .signingKey(RedisRemoteTierTest.KEY).chunkSize(chunk)
                        .commandTimeout(Duration.ofSeconds(20)).open();
                double publish = 0;
                double fetch = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    String id = RedisRemoteTierTest.entryId(++n);
                    long published = tier.published();
                    long start = System.nanoTime();
                    tier.publish(id, payload, RemoteTier.Lease.NONE, Optional.empty());
                    while (tier.published() == published) {
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
                    redis.command("FLUSHALL");
                }
                tier.close();
                double[] raw = raw(redis, chunk);
                System.out.printf("%3d MiB  %7.0f  %13.0f  %6.0f  %6.0f%n", chunk / MIB, publish,
                        fetch, raw[0], raw[1]);
            }
        }
    }

    /** Best SET and GET rates of the same bytes, one synchronous command per chunk. */
    private double[] raw(RedisServer redis, int chunk) {
        RedisClient client = RedisClient.create(redis.uri("?timeout=20s").toString());
        try (StatefulRedisConnection<String, byte[]> connection = client.connect(
                RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
            RedisCommands<String, byte[]> sync = connection.sync();
            byte[] value = RedisRemoteTierTest.randomBytes(chunk, 2);
            int chunks = LENGTH / chunk;
            double set = 0;
            double get = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < chunks; i++) {
                    sync.set("raw:" + i, value);
                }
                set = Math.max(set, rate(start));
                start = System.nanoTime();
                for (int i = 0; i < chunks; i++) {
                    if (!Arrays.equals(value, 0, 8, sync.get("raw:" + i), 0, 8)) {
                        throw new AssertionError("raw GET returned other bytes");
                    }
                }
                get = Math.max(get, rate(start));
                sync.flushall();
            }
            return new double[] {set, get};
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static double rate(long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return LENGTH / (double) MIB / seconds;
    }
}
