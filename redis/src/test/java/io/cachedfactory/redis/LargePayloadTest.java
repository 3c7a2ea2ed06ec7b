package io.cachedfactory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.Fingerprint;
import io.cachedfactory.runtime.internal.FactoryCache;
import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 600 MB object goes from one machine through Redis to another: larger than one Redis value may
 * be (512 MB), and larger than this JVM could afford to hold twice on its heap.
 */
class LargePayloadTest {

    private static final int LENGTH = 600_000_000;
    private static final Fingerprint FINGERPRINT = Fingerprint.builder()
            .add("codec:" + new Blob.Codec().id(), new Blob.Codec().id())
            .add("format:1", "1")
            .add("source:io.cachedfactory.redis.Blob", "sha256:test")
            .build();

    @TempDir
    Path tmp;

    @Test
    void get_600MegabytePayload_roundTripsThroughRedis() {
        AtomicLong builtChecksum = new AtomicLong();
        try (RedisServer redis = RedisServer.start(tmp.resolve("redis"))) {
            RedisRemoteTier publisher = RedisRemoteTier.builder(redis.uri())
                    .signingKey(RedisRemoteTierTest.KEY).open();
            try (CacheStore a = CacheStore.builder(tmp.resolve("a")).remote(publisher)
                    .memoryBudget(0).open()) {
                Blob built = blobs(a).get(key(), () -> {
                    Blob blob = Blob.random(LENGTH, 42);
                    builtChecksum.set(blob.checksum());
                    return blob;
                }, null);
                assertEquals(LENGTH, built.length());
                RedisRemoteTierTest.await("the publish", () -> publisher.published() == 1);
            }

            try (CacheStore b = CacheStore.builder(tmp.resolve("b"))
                    .remote(RedisRemoteTier.builder(redis.uri())
                            .signingKey(RedisRemoteTierTest.KEY).open())
                    .memoryBudget(0).open()) {
                FactoryCache<Blob> cache = blobs(b);
                Blob fetched = cache.get(key(), () -> {
                    throw new AssertionError("built on the second machine");
                }, null);

                assertEquals(LENGTH, fetched.length());
                assertEquals(builtChecksum.get(), fetched.checksum());
                assertEquals(1, cache.stats().remoteHits());
                assertEquals(0, cache.stats().storageErrors());
            }
        }
    }

    private static FactoryCache<Blob> blobs(CacheStore store) {
        return store.cache(FactoryDescriptor.builder(Blob.class,
                "io.cachedfactory.redis.BlobFactory", FINGERPRINT)
                .codec(new Blob.Codec()).memory(MemoryPolicy.WEAK).build());
    }

    private static RequestKey key() {
        return RequestKey.builder("Blob()").arg("name", "large").build();
    }
}
