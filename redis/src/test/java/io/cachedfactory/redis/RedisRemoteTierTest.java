package io.cachedfactory.redis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cachedfactory.runtime.CacheState;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.FactoryStats;
import io.cachedfactory.runtime.RemoteTier;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Redis tier against a real {@code redis-server} started by each test on a loopback port:
 * stores on separate directories stand in for separate machines.
 */
class RedisRemoteTierTest {

    static final byte[] KEY = "a shared team key, 32 bytes long".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "another key of at least 16 bytes"
            .getBytes(StandardCharsets.UTF_8);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private RedisServer redis;
    private RedisClient inspector;
    private RedisCommands<String, byte[]> raw;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        Item.BUILDS.set(0);
        Item.DECODES.set(0);
        redis = RedisServer.start(tmp.resolve("redis"));
        inspector = RedisClient.create(redis.uri().toString());
        StatefulRedisConnection<String, byte[]> connection = inspector.connect(
                RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        raw = connection.sync();
    }

    @AfterEach
    void stopRedis() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        inspector.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        redis.close();
    }

    private RedisRemoteTier tier(RedisRemoteTier.Builder builder) {
        RedisRemoteTier tier = builder.open();
        opened.add(tier);
        return tier;
    }

    private RedisRemoteTier signedTier() {
        return tier(RedisRemoteTier.builder(redis.uri()).signingKey(KEY));
    }

    /** A store on its own directory: one "machine". */
    private ItemFactory machine(String name, RemoteTier tier) {
        CacheStore store = CacheStore.builder(tmp.resolve(name)).remote(tier).open();
        opened.add(store);
        return new ItemFactory(store);
    }

    @Test
    void get_builtOnOneMachine_isFetchedByAnotherAndStoredLocally() {
        RedisRemoteTier first = signedTier();
        ItemFactory a = machine("a", first);
        assertTrue(a.get("shared", 1000).isExactly("shared", 1000));
        await("the publish", () -> first.published() == 1);

        ItemFactory b = machine("b", signedTier());
        Item fetched = b.get("shared", 1000);

        assertTrue(fetched.isExactly("shared", 1000));
        assertAll(b.stats().toString(),
                () -> assertEquals(1, Item.BUILDS.get(), "builds on both machines"),
                () -> assertEquals(1, b.stats().remoteHits()),
                () -> assertEquals(0, b.stats().storageErrors()),
                () -> assertEquals(CacheState.IN_MEMORY, b.state("shared", 1000)));
        CacheStore reopened = CacheStore.open(tmp.resolve("b"));
        opened.add(reopened);
        assertEquals(CacheState.ON_DISK, new ItemFactory(reopened).state("shared", 1000),
                "a remote hit is stored on the local disk too");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65_536, 65_537, (1 << 20) + 17})
    void fetch_payloadOfAnySize_roundTripsByteForByte(int length) throws Exception {
        RedisRemoteTier tier = tier(RedisRemoteTier.builder(redis.uri()).signingKey(KEY)
                .chunkSize(64 << 10));
        byte[] payload = randomBytes(length, length);
        Path file = Files.write(tmp.resolve("payload"), payload);
        String id = entryId(1);

        tier.publish(id, file, RemoteTier.Lease.NONE, Optional.empty());
        await("the publish", () -> tier.published() == 1);
        Path target = tmp.resolve("fetched");

        assertTrue(tier.fetch(id, target));
        assertArrayEquals(payload, Files.readAllBytes(target));
        assertEquals(0, tier.errors());
        assertEquals(List.of("fetched", "payload", "redis"), listNames(tmp), "no stray files");
    }

    @Test
    void publish_sameEntryAgain_readersGetTheNewGenerationAndTheOldOneExpires() throws Exception {
        RedisRemoteTier tier = tier(RedisRemoteTier.builder(redis.uri()).signingKey(KEY)
                .chunkSize(64 << 10));
        String id = entryId(2);
        Path file = Files.write(tmp.resolve("old"), randomBytes(200_000, 1));
        tier.publish(id, file, RemoteTier.Lease.NONE, Optional.empty());
        await("the first publish", () -> tier.published() == 1);
        List<String> oldChunks = chunks();
        byte[] newer = randomBytes(150_000, 2);

        tier.publish(id, Files.write(tmp.resolve("new"), newer), RemoteTier.Lease.NONE,
                Optional.empty());
        await("the second publish", () -> tier.published() == 2);

        Path target = tmp.resolve("fetched");
        assertTrue(tier.fetch(id, target));
        assertArrayEquals(newer, Files.readAllBytes(target));
        assertEquals(4, oldChunks.size(), "200,000 bytes in 64 KiB chunks");
        for (String chunk : oldChunks) {
            long ttl = raw.pttl(chunk);
            assertTrue(ttl > 0 && ttl <= 60_000, chunk + " expires within a minute: " + ttl);
        }
        for (String chunk : chunks()) {
            if (!oldChunks.contains(chunk)) {
                assertEquals(-1, raw.pttl(chunk), "the current generation does not expire");
            }
        }
    }

    @Test
    void fetch_duringRepublish_neverSeesAPartialOrMixedObject() throws Exception {
        RedisRemoteTier writer = tier(RedisRemoteTier.builder(redis.uri()).signingKey(KEY)
                .chunkSize(64 << 10));
        RedisRemoteTier reader = tier(RedisRemoteTier.builder(redis.uri()).signingKey(KEY));
        String id = entryId(8);
        byte[] first = randomBytes(2 << 20, 81);
        byte[] second = randomBytes((2 << 20) + 999, 82);
        Path firstFile = Files.write(tmp.resolve("first"), first);
        Path secondFile = Files.write(tmp.resolve("second"), second);
        writer.publish(id, firstFile, RemoteTier.Lease.NONE, Optional.empty());
        await("the first publish", () -> writer.published() == 1);

        for (int i = 0; i < 10; i++) {
            writer.publish(id, i % 2 == 0 ? secondFile : firstFile, RemoteTier.Lease.NONE,
                    Optional.empty());
        }
        int served = 0;
        while (writer.published() < 11) {
            Path target = tmp.resolve("read-" + served);
            if (reader.fetch(id, target)) {
                byte[] bytes = Files.readAllBytes(target);
                assertTrue(java.util.Arrays.equals(bytes, first)
                        || java.util.Arrays.equals(bytes, second), "a mixed or partial object");
                Files.delete(target);
                served++;
            }
        }

        assertTrue(served >= 1, "reads during ten publishes");
        assertEquals(0, reader.refused(), "a reader met a torn entry");
    }

    @Test
    void get_tamperedChunk_isRefusedAndNeverDecoded() {
        RedisRemoteTier first = signedTier();
        machine("a", first).get("tampered", 1000);
        await("the publish", () -> first.published() == 1);
        String chunk = onlyChunk();
        byte[] bytes = raw.getrange(chunk, 100, 100);
        raw.setrange(chunk, 100, new byte[] {(byte) (bytes[0] ^ 0x01)});
        Item.DECODES.set(0);

        RedisRemoteTier second = signedTier();
        ItemFactory b = machine("b", second);
        Item served = b.get("tampered", 1000);

        assertTrue(served.isExactly("tampered", 1000));
        assertAll(b.stats().toString(),
                () -> assertEquals(0, b.stats().remoteHits()),
                () -> assertEquals(2, Item.BUILDS.get(), "rebuilt on the second machine"),
                () -> assertEquals(0, Item.DECODES.get(), "the tampered bytes decoded"),
                () -> assertTrue(second.refused() >= 1, "refused: " + second.refused()),
                () -> assertTrue(b.stats().storageErrors() >= 1, "counted as a storage error"));
    }

    @Test
    void get_entrySignedWithAnotherKey_isRefusedAndNeverDecoded() {
        RedisRemoteTier first = tier(RedisRemoteTier.builder(redis.uri()).signingKey(OTHER_KEY));
        machine("a", first).get("forged", 100);
        await("the publish", () -> first.published() == 1);
        Item.DECODES.set(0);

        RedisRemoteTier second = signedTier();
        ItemFactory b = machine("b", second);

        assertTrue(b.get("forged", 100).isExactly("forged", 100));
        assertEquals(0, b.stats().remoteHits());
        assertEquals(0, Item.DECODES.get(), "decodes of the foreign entry");
        assertTrue(second.refused() >= 1);
    }

    @Test
    void get_unsignedEntryWhileKeyConfigured_isRefused() {
        RedisRemoteTier unsigned = tier(RedisRemoteTier.builder(redis.uri()));
        machine("a", unsigned).get("unsigned", 100);
        await("the publish", () -> unsigned.published() == 1);
        Item.DECODES.set(0);

        RedisRemoteTier second = signedTier();
        ItemFactory b = machine("b", second);

        assertTrue(b.get("unsigned", 100).isExactly("unsigned", 100));
        assertEquals(0, b.stats().remoteHits());
        assertEquals(0, Item.DECODES.get());
        assertTrue(second.refused() >= 1);
    }

    @Test
    void get_noKeyOnEitherSide_sharesUnsignedEntries() {
        RedisRemoteTier first = tier(RedisRemoteTier.builder(redis.uri()));
        machine("a", first).get("open", 100);
        await("the publish", () -> first.published() == 1);

        ItemFactory b = machine("b", tier(RedisRemoteTier.builder(redis.uri())));

        assertTrue(b.get("open", 100).isExactly("open", 100));
        assertEquals(1, b.stats().remoteHits());
        assertEquals(1, Item.BUILDS.get());
    }

    @Test
    void get_readOnlyTier_fetchesButNeverPublishesNorTakesLeases() throws Exception {
        RedisRemoteTier writer = signedTier();
        machine("ci", writer).get("published", 100);
        await("the publish", () -> writer.published() == 1);
        List<String> keysBefore = raw.keys("*");
        RedisRemoteTier reader = tier(RedisRemoteTier.builder(redis.uri()).signingKey(KEY)
                .readOnly(true));
        ItemFactory laptop = machine("laptop", reader);

        Item fetched = laptop.get("published", 100);
        Item built = laptop.get("local only", 100);
        opened.remove(reader);
        reader.close(); // drains any publish, were there one

        assertTrue(fetched.isExactly("published", 100));
        assertTrue(built.isExactly("local only", 100));
        assertEquals(1, laptop.stats().remoteHits());
        assertEquals(Set.copyOf(keysBefore), Set.copyOf(raw.keys("*")),
                "keys after the read-only machine built one");
        assertEquals(RemoteTier.Lease.NONE, reader.lease(entryId(3)));
        assertTrue(reader.readOnly());
    }

    @Test
    void publish_withMaxAge_entryExpiresInRedis() {
        RedisRemoteTier tier = signedTier();
        CacheStore store = CacheStore.builder(tmp.resolve("a")).remote(tier).open();
        opened.add(store);
        new ExpiringItemFactory(store).get("ages", 10); // maxAge PT1H
        await("the publish", () -> tier.published() == 1);

        List<String> manifests = raw.keys("cachedfactory:*:manifest");
        assertEquals(1, manifests.size(), "manifests: " + manifests);
        long manifestTtl = raw.pttl(manifests.get(0));
        long chunkTtl = raw.pttl(onlyChunk());
        assertTrue(manifestTtl > 0 && manifestTtl <= TimeUnit.HOURS.toMillis(1),
                "manifest ttl " + manifestTtl);
        assertTrue(chunkTtl >= manifestTtl, "chunks outlive their manifest: " + chunkTtl);
    }

    @Test
    void lease_heldByAnotherMachine_waitsUntilItExpiresThenTakesOver() throws Exception {
        RedisRemoteTier tier = signedTier();
        String id = entryId(4);
        raw.psetex(tier.leaseKey(id), 60_000, "other machine".getBytes(StandardCharsets.UTF_8));

        CompletableFuture<RemoteTier.Lease> lease = CompletableFuture.supplyAsync(() -> {
            try {
                return tier.lease(id);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await("the waiter", () -> tier.leaseWaits() == 1);
        assertFalse(lease.isDone(), "took a lease another machine holds");
        // The other machine dies: it stops renewing, and its lease runs out.
        raw.pexpire(tier.leaseKey(id), 200);

        RemoteTier.Lease taken = lease.get(30, TimeUnit.SECONDS);
        byte[] token = raw.get(tier.leaseKey(id));
        assertNotEquals(RemoteTier.Lease.NONE, taken);
        assertNotEquals("other machine", new String(token, StandardCharsets.UTF_8));
        taken.close();
        assertNull(raw.get(tier.leaseKey(id)), "released on close");
    }

    @Test
    void lease_lostToAnotherHolder_closeLeavesTheirLeaseAlone() throws Exception {
        RedisRemoteTier tier = signedTier();
        String id = entryId(5);
        RemoteTier.Lease lease = tier.lease(id);
        // Our lease expired (a long pause) and another machine took it.
        raw.set(tier.leaseKey(id), "successor".getBytes(StandardCharsets.UTF_8));

        lease.close();

        assertArrayEquals("successor".getBytes(StandardCharsets.UTF_8),
                raw.get(tier.leaseKey(id)));
    }

    @Test
    void lease_heldLongerThanItsTimeToLive_isRenewed() throws Exception {
        RedisRemoteTier tier = tier(RedisRemoteTier.builder(redis.uri()).signingKey(KEY)
                .leaseTimeToLive(Duration.ofSeconds(2)));
        String id = entryId(6);
        try (RemoteTier.Lease lease = tier.lease(id)) {
            byte[] token = raw.get(tier.leaseKey(id));
            Thread.sleep(5000); // more than twice its time to live

            assertArrayEquals(token, raw.get(tier.leaseKey(id)), "still ours");
        }
        assertNull(raw.get(tier.leaseKey(id)));
    }

    @Test
    void get_redisStoppedMidRun_keepsServingAndCountsThenUsesRedisAgainAfterRestart() {
        RedisRemoteTier tier = signedTier();
        ItemFactory a = machine("a", tier);
        a.get("before", 100);
        await("the publish", () -> tier.published() == 1);

        redis.stop();
        for (int i = 0; i < 5; i++) {
            assertTrue(a.get("during " + i, 100).isExactly("during " + i, 100));
        }
        FactoryStats during = a.stats();
        assertEquals(6, during.builds());
        assertTrue(during.storageErrors() >= 5, "storage errors while down: " + during);
        assertTrue(tier.errors() >= 5, "tier errors while down: " + tier.errors());

        redis.restart();
        int asked = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (tier.published() < 2) {
            if (System.nanoTime() - deadline > 0) {
                fail("nothing published within " + WAIT + " of the restart; " + a.stats());
            }
            String name = "after " + asked++;
            assertTrue(a.get(name, 100).isExactly(name, 100));
            sleep(100);
        }
        String republished = "after " + (asked - 1);
        ItemFactory b = machine("b", signedTier());
        assertTrue(b.get(republished, 100).isExactly(republished, 100));
        assertEquals(1, b.stats().remoteHits(), "the restarted server serves the other machine");
    }

    @Test
    void fetch_redisKilledMidTransfer_returnsFalseAndLeavesNoFile() throws Exception {
        RedisRemoteTier tier = tier(RedisRemoteTier.builder(redis.uri()).signingKey(KEY)
                .chunkSize(64 << 10));
        String id = entryId(7);
        Path file = writeRandomFile(tmp.resolve("payload"), 128 << 20, 7);
        tier.publish(id, file, RemoteTier.Lease.NONE, Optional.empty());
        await("the publish", () -> tier.published() == 1);
        Path target = tmp.resolve("fetched");
        Path part = tmp.resolve("fetched.redis-part");

        CompletableFuture<Boolean> fetch = CompletableFuture.supplyAsync(
                () -> tier.fetch(id, target));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(part) && !fetch.isDone() && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertFalse(fetch.isDone(), "the transfer finished before Redis could be killed");
        redis.stop();

        assertFalse(fetch.get(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(part));
        assertTrue(tier.errors() >= 1);
    }

    @Test
    void get_redisSlowerThanTheTimeout_skipsTheTierAndStillServes() throws Exception {
        RedisRemoteTier tier = tier(RedisRemoteTier.builder(redis.uri()).signingKey(KEY)
                .commandTimeout(Duration.ofMillis(300)));
        ItemFactory a = machine("a", tier);
        CompletableFuture<String> sleeping = CompletableFuture.supplyAsync(
                () -> redis.command("DEBUG", "SLEEP", "2"));
        await("Redis to stall", () -> !redis.commandAnswers());

        Item served = a.get("slow", 100);

        assertTrue(served.isExactly("slow", 100));
        assertTrue(tier.errors() >= 1, "errors: " + tier.errors());
        assertTrue(a.stats().storageErrors() >= 1);
        assertEquals("+OK", sleeping.get(30, TimeUnit.SECONDS));
    }

    @Test
    void publish_queueFull_skipsAndCountsInsteadOfBlocking() throws Exception {
        RedisRemoteTier tier = tier(RedisRemoteTier.builder(redis.uri()).signingKey(KEY)
                .publishQueue(1));
        Path file = Files.write(tmp.resolve("payload"), randomBytes(1000, 9));
        CompletableFuture<String> sleeping = CompletableFuture.supplyAsync(
                () -> redis.command("DEBUG", "SLEEP", "1"));
        await("Redis to stall", () -> !redis.commandAnswers());

        for (int i = 0; i < 3; i++) {
            tier.publish(entryId(10 + i), file, RemoteTier.Lease.NONE, Optional.empty());
        }
        long skipped = tier.errors();
        sleeping.get(30, TimeUnit.SECONDS);
        await("the accepted publishes", () -> tier.published() == 3 - skipped);

        assertTrue(skipped >= 1, "three publishes into a queue of one behind a stalled one");
        assertEquals(3 - skipped, raw.keys("cachedfactory:*:manifest").size());
    }

    @Test
    void close_pendingPublishes_areFinishedFirst() throws Exception {
        RedisRemoteTier tier = tier(RedisRemoteTier.builder(redis.uri()).signingKey(KEY)
                .chunkSize(64 << 10));
        Path file = Files.write(tmp.resolve("payload"), randomBytes(4 << 20, 11));
        for (int i = 0; i < 4; i++) {
            tier.publish(entryId(20 + i), file, RemoteTier.Lease.NONE, Optional.empty());
        }

        tier.close();

        assertEquals(4, tier.published());
        assertEquals(4, raw.keys("cachedfactory:*:manifest").size());
    }

    @Test
    void open_unreachableServer_doesNotThrowAndGetsStillServe() throws Exception {
        redis.stop();
        RedisRemoteTier tier = signedTier();
        ItemFactory a = machine("a", tier);

        assertTrue(a.get("offline", 10).isExactly("offline", 10));
        assertTrue(a.stats().storageErrors() >= 1);
        assertSame(RemoteTier.Lease.NONE, tier.lease(entryId(30)));
    }

    private List<String> chunks() {
        List<String> chunks = new ArrayList<>(raw.keys("cachedfactory:*"));
        chunks.removeIf(key -> key.endsWith(":manifest") || key.endsWith(":lease"));
        return chunks;
    }

    private String onlyChunk() {
        List<String> chunks = chunks();
        assertEquals(1, chunks.size(), "chunks: " + chunks);
        return chunks.get(0);
    }

    static String entryId(int n) {
        byte[] id = new byte[32];
        id[31] = (byte) n;
        id[0] = (byte) 0xcf;
        return HexFormat.of().formatHex(id);
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code length} pseudo-random bytes without holding them in memory. */
    static Path writeRandomFile(Path file, long length, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long written = 0; written < length; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, length - written));
            }
        }
        return file;
    }

    private static List<String> listNames(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
