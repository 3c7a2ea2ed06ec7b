package io.cachedfactory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.RemoteTier;
import io.cachedfactory.runtime.RemoteTierOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration by URI: what {@code -Dcachedfactory.remote=redis://...} gives a store. */
class RedisRemoteTierProviderTest {

    @TempDir
    Path tmp;

    private RedisServer redis;

    @BeforeEach
    void startRedis() {
        Item.BUILDS.set(0);
        redis = RedisServer.start(tmp.resolve("redis"));
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void supports_redisAndRedissOnly() {
        RedisRemoteTierProvider provider = new RedisRemoteTierProvider();

        assertTrue(provider.supports(URI.create("redis://localhost:6379")));
        assertTrue(provider.supports(URI.create("rediss://cache.internal:6380/2")));
        assertFalse(provider.supports(URI.create("http://cache.internal")));
        assertFalse(provider.supports(URI.create("file:///tmp/cache")));
    }

    @Test
    void remote_redisUriWithOptions_isOpenedThroughTheStoreBuilder() {
        URI uri = redis.uri("?prefix=team:&chunkSize=64k&leaseTtl=5s&timeout=3s");
        try (CacheStore writer = CacheStore.builder(tmp.resolve("a"))
                .remote(uri, Optional.of(RedisRemoteTierTest.KEY)).open()) {
            new ItemFactory(writer).get("configured", 20_000); // 160 KB: three chunks of 64 KiB
        }
        assertEquals(":4", redis.command("EVAL", "return #redis.call('KEYS', 'team:*')", "0"),
                "one manifest and three chunks under the prefix, and no lease left");
        assertEquals(":0", redis.command("EVAL",
                "return #redis.call('KEYS', 'cachedfactory:*')", "0"), "keys without the prefix");

        try (CacheStore reader = CacheStore.builder(tmp.resolve("b"))
                .remote(redis.uri("?prefix=team:&readonly=true"),
                        Optional.of(RedisRemoteTierTest.KEY)).open()) {
            ItemFactory factory = new ItemFactory(reader);
            assertTrue(factory.get("configured", 20_000).isExactly("configured", 20_000));
            assertEquals(1, factory.stats().remoteHits());
        }
    }

    @Test
    void open_passwordInUri_authenticates() {
        redis.command("CONFIG", "SET", "requirepass", "s3cret pass");
        RemoteTier wrong = new RedisRemoteTierProvider().open(
                URI.create("redis://:nope@127.0.0.1:" + redis.port()), Optional.empty());
        RemoteTier right = new RedisRemoteTierProvider().open(
                URI.create("redis://:s3cret%20pass@127.0.0.1:" + redis.port()), Optional.empty());
        try (CacheStore a = CacheStore.builder(tmp.resolve("a")).remote(wrong).open();
                CacheStore b = CacheStore.builder(tmp.resolve("b")).remote(right).open()) {
            ItemFactory refused = new ItemFactory(a);
            ItemFactory admitted = new ItemFactory(b);

            assertTrue(refused.get("x", 10).isExactly("x", 10));
            assertTrue(admitted.get("y", 10).isExactly("y", 10));

            assertTrue(wrong.errors() >= 1, "a wrong password is an unavailable server");
            assertEquals(0, right.errors());
            assertFalse(right.toString().contains("s3cret"), right.toString());
        }
    }

    @Test
    void get_readOnlyAclUserOfTheReadme_fetchesAndCannotWrite() {
        assertEquals("+OK", redis.command("ACL", "SETUSER", "reader", "on", ">pw",
                "~cachedfactory:*", "+get", "+ping", "+hello", "+client"));
        try (CacheStore ci = CacheStore.builder(tmp.resolve("ci"))
                .remote(redis.uri(), Optional.of(RedisRemoteTierTest.KEY)).open()) {
            new ItemFactory(ci).get("from ci", 100);
        }
        RemoteTier reader = new RedisRemoteTierProvider().open(
                URI.create("redis://reader:pw@127.0.0.1:" + redis.port() + "?readonly=true"),
                Optional.of(RedisRemoteTierTest.KEY));
        try (CacheStore laptop = CacheStore.builder(tmp.resolve("laptop")).remote(reader).open()) {
            ItemFactory factory = new ItemFactory(laptop);

            assertTrue(factory.get("from ci", 100).isExactly("from ci", 100));
            assertEquals(1, factory.stats().remoteHits());
            assertEquals(0, reader.errors());
        }
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(
                "redis://reader:pw@127.0.0.1:" + redis.port());
        try (var connection = client.connect()) {
            io.lettuce.core.RedisCommandExecutionException refused = assertThrows(
                    io.lettuce.core.RedisCommandExecutionException.class,
                    () -> connection.sync().set("cachedfactory:{forged}:manifest", "x"));
            assertTrue(refused.getMessage().startsWith("NOPERM"), refused.getMessage());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void configure_malformedOption_namesIt() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> RedisRemoteTierProvider.configure(redis.uri("?chunkSize=huge"),
                        Optional.empty()));
        IllegalArgumentException duration = assertThrows(IllegalArgumentException.class,
                () -> RedisRemoteTierProvider.configure(redis.uri("?leaseTtl=soon"),
                        Optional.empty()));
        IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
                () -> RedisRemoteTierProvider.configure(redis.uri("?readonly=maybe"),
                        Optional.empty()));

        assertTrue(size.getMessage().contains("chunkSize"), size.getMessage());
        assertTrue(duration.getMessage().contains("leaseTtl"), duration.getMessage());
        assertTrue(flag.getMessage().contains("readonly"), flag.getMessage());
    }

    @Test
    void configure_shortSigningKey_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisRemoteTierProvider.configure(redis.uri(),
                        Optional.of("short".getBytes(StandardCharsets.UTF_8))));

        assertTrue(e.getMessage().contains("at least 16 bytes"), e.getMessage());
    }

    @Test
    void parse_sizesAndDurations() {
        assertEquals(4 << 20, RedisRemoteTierProvider.size("chunkSize", "4m"));
        assertEquals(64 << 10, RedisRemoteTierProvider.size("chunkSize", "64KiB"));
        assertEquals(65536, RedisRemoteTierProvider.size("chunkSize", "65536"));
        assertEquals(Duration.ofMillis(500), RemoteTierOptions.duration("t", "500ms"));
        assertEquals(Duration.ofSeconds(10), RemoteTierOptions.duration("t", "PT10S"));
        assertEquals(Duration.ofMinutes(2), RemoteTierOptions.duration("t", "2m"));
    }

    @Test
    void open_lettuceLoggersNotConfigured_areQuietByDefault() {
        new RedisRemoteTierProvider().open(redis.uri(), Optional.empty()).close();

        assertEquals(Level.SEVERE, Logger.getLogger("io.lettuce.core").getLevel());
        assertEquals(Level.SEVERE, Logger.getLogger("io.netty").getLevel());
    }
}
