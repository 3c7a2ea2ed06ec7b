package io.cachedfactory.s3;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.CacheState;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.RemoteTier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 tier against a real S3-compatible server (S3Proxy, SigV4 on) started by each test on a
 * loopback port: stores on separate directories stand in for separate machines.
 */
class S3RemoteTierTest {

    static final byte[] KEY = "a shared team key, 32 bytes long".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "another key of at least 16 bytes"
            .getBytes(StandardCharsets.UTF_8);
    static final String BUCKET = "cachedfactory-test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private S3ProxyServer server;
    private S3Client raw;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void startServer() {
        Table.BUILDS.set(0);
        Table.DECODES.set(0);
        server = S3ProxyServer.start(tmp.resolve("s3"));
        server.createBucket(BUCKET);
        raw = server.client();
    }

    @AfterEach
    void stopServer() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        raw.close();
        server.close();
    }

    /** A tier builder for the test server, with its credentials. */
    static S3RemoteTier.Builder builder(S3ProxyServer server) {
        return S3RemoteTier.builder(BUCKET, "team/")
                .endpoint(server.endpoint())
                .pathStyle(true)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        server.accessKey(), server.secretKey())));
    }

    private S3RemoteTier tier(S3RemoteTier.Builder builder) {
        S3RemoteTier tier = builder.open();
        opened.add(tier);
        return tier;
    }

    private S3RemoteTier signedTier() {
        return tier(builder(server).signingKey(KEY));
    }

    /** A store on its own directory: one "machine". */
    private TableFactory machine(String name, RemoteTier tier) {
        CacheStore store = CacheStore.builder(tmp.resolve(name)).remote(tier).open();
        opened.add(store);
        return new TableFactory(store);
    }

    @Test
    void get_builtOnOneMachine_isFetchedByAnotherAndStoredLocally() {
        S3RemoteTier first = signedTier();
        TableFactory a = machine("a", first);
        assertTrue(a.get("shared", 1000).holds("shared", 1000));
        await("the publish", () -> first.published() == 1);

        TableFactory b = machine("b", signedTier());
        Table fetched = b.get("shared", 1000);

        assertTrue(fetched.holds("shared", 1000));
        assertAll(b.stats().toString(),
                () -> assertEquals(1, Table.BUILDS.get(), "builds on both machines"),
                () -> assertEquals(1, b.stats().remoteHits()),
                () -> assertEquals(0, b.stats().storageErrors()),
                () -> assertEquals(CacheState.IN_MEMORY, b.state("shared", 1000)),
                () -> assertEquals(List.of(), keys("team/leases/"), "leases released"));
        CacheStore reopened = CacheStore.open(tmp.resolve("b"));
        opened.add(reopened);
        assertEquals(CacheState.ON_DISK, new TableFactory(reopened).state("shared", 1000),
                "a remote hit is stored on the local disk too");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5 << 20, (5 << 20) + 17, (11 << 20) + 3})
    void fetch_payloadOfAnySize_roundTripsByteForByte(int length) throws Exception {
        S3RemoteTier tier = tier(builder(server).signingKey(KEY).partSize(5L << 20));
        byte[] payload = randomBytes(length, length);
        Path file = Files.write(tmp.resolve("payload"), payload);
        String id = entryId(1);

        tier.publish(id, file, RemoteTier.Lease.NONE, Optional.empty());
        await("the publish", () -> tier.published() == 1);
        Path target = tmp.resolve("fetched");

        assertTrue(tier.fetch(id, target));
        assertArrayEquals(payload, Files.readAllBytes(target));
        assertEquals(0, tier.errors());
        assertEquals(List.of("team/entries/" + id), keys("team/"));
    }

    @Test
    void publish_entryAlreadyThere_keepsTheFirstAndCountsNoError() throws Exception {
        S3RemoteTier tier = signedTier();
        String id = entryId(2);
        tier.publish(id, Files.write(tmp.resolve("first"), randomBytes(1000, 1)),
                RemoteTier.Lease.NONE, Optional.empty());
        await("the first publish", () -> tier.published() == 1);
        tier.publish(id, Files.write(tmp.resolve("second"), randomBytes(1000, 2)),
                RemoteTier.Lease.NONE, Optional.empty());
        tier.close();

        Path target = tmp.resolve("fetched");
        assertTrue(signedTier().fetch(id, target));
        assertArrayEquals(randomBytes(1000, 1), Files.readAllBytes(target), "first writer wins");
        assertEquals(0, tier.errors());
    }

    /**
     * Entries no machine with the team's key published as they are: each is refused before any
     * decoding and the object is built instead. (The exchange fetches twice, before and after
     * taking the lease, so a refusal may be counted twice.)
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tampered", "truncated", "signed with another key", "unsigned",
        "copied under another id"})
    void get_untrustworthyEntry_isRefusedAndNeverDecoded(String entry) {
        S3RemoteTier publisher = switch (entry) {
            case "signed with another key" -> tier(builder(server).signingKey(OTHER_KEY));
            case "unsigned" -> tier(builder(server));
            default -> signedTier();
        };
        TableFactory a = machine("a", publisher);
        a.get("one", 1000);
        await("the publish", () -> publisher.published() == 1);
        String one = onlyEntry();
        byte[] bytes = raw.getObjectAsBytes(b -> b.bucket(BUCKET).key(one)).asByteArray();
        String asked = "one";
        switch (entry) {
            case "tampered" -> {
                bytes[bytes.length - 10] ^= 1;
                rewrite(one, bytes, metadata(one));
            }
            case "truncated" -> rewrite(one, Arrays.copyOf(bytes, bytes.length / 2),
                    metadata(one));
            case "copied under another id" -> {
                // "one"'s bytes and metadata, validly signed, planted under "two"'s id
                a.get("two", 1000);
                await("the second publish", () -> publisher.published() == 2);
                String two = keys("team/entries/").stream().filter(k -> !k.equals(one))
                        .findFirst().orElseThrow();
                rewrite(two, bytes, metadata(one));
                asked = "two";
            }
            default -> { }
        }
        int builtBefore = Table.BUILDS.get();

        S3RemoteTier reader = signedTier();
        assertTrue(machine("b", reader).get(asked, 1000).holds(asked, 1000));
        assertAll(() -> assertEquals(builtBefore + 1, Table.BUILDS.get(), "built instead"),
                () -> assertEquals(0, Table.DECODES.get(), "never decoded"),
                () -> assertTrue(reader.refused() >= 1, "counted as refused"));
    }

    @Test
    void get_readOnlyTier_fetchesButNeverWrites() throws Exception {
        S3RemoteTier writer = signedTier();
        machine("a", writer).get("shared", 1000);
        await("the publish", () -> writer.published() == 1);
        List<String> before = keys("");

        S3RemoteTier reader = tier(builder(server).signingKey(KEY).readOnly(true));
        TableFactory b = machine("b", reader);
        assertTrue(b.get("shared", 1000).holds("shared", 1000), "fetched");
        assertTrue(b.get("fresh", 1000).holds("fresh", 1000), "built locally");
        reader.close();

        assertEquals(before, keys(""), "nothing written: no entry, no lease");
        assertEquals(1, b.stats().remoteHits());
    }

    @Test
    void get_expiredEntry_isAMissAndRebuilt() {
        S3RemoteTier first = signedTier();
        ExpiringTableFactory a = new ExpiringTableFactory(store("a", first));
        a.get("shared", 100);
        await("the publish", () -> first.published() == 1);
        String expires = metadata(onlyEntry()).get(EntryMetadata.EXPIRES_KEY);
        long remaining = Long.parseLong(expires) - System.currentTimeMillis();
        assertTrue(remaining > 0 && remaining <= 4000, "expires with maxAge: " + remaining);
        sleep(remaining + 200);

        S3RemoteTier second = signedTier();
        new ExpiringTableFactory(store("b", second)).get("shared", 100);
        assertEquals(2, Table.BUILDS.get(), "an expired entry is not served");
        assertEquals(0, second.refused(), "expiry is a miss, not trouble");
    }

    @Test
    void lease_heldByAnotherMachine_waitsUntilItExpiresThenTakesOver() throws Exception {
        S3RemoteTier holder = tier(builder(server).leaseTimeToLive(Duration.ofSeconds(2)));
        S3RemoteTier waiter = tier(builder(server).leaseTimeToLive(Duration.ofSeconds(2)));
        String id = entryId(3);
        RemoteTier.Lease held = holder.lease(id);
        holder.close(); // stops renewing, like a killed builder; the lease stays in the bucket

        long start = System.nanoTime();
        RemoteTier.Lease taken = waiter.lease(id);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(waitedMillis >= 1000, "waited for the expiry: " + waitedMillis + " ms");
        assertEquals(1, waiter.leaseTakeovers());
        held.close(); // too late: the old holder's release must leave the new lease alone
        assertEquals(List.of("team/leases/" + id), keys("team/leases/"));
        taken.close();
        assertEquals(List.of(), keys("team/leases/"));
    }

    @Test
    void lease_heldLongerThanItsTimeToLive_isRenewed() throws Exception {
        // renewed every ~0.7 s: a loaded machine must stall the renewer 2 s to fail this
        S3RemoteTier holder = tier(builder(server).leaseTimeToLive(Duration.ofSeconds(2)));
        S3RemoteTier waiter = tier(builder(server).leaseTimeToLive(Duration.ofSeconds(2)));
        String id = entryId(4);
        try (RemoteTier.Lease held = holder.lease(id)) {
            CompletableFuture<RemoteTier.Lease> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return waiter.lease(id);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            sleep(6000);
            assertFalse(waiting.isDone(), "still held after three times its time to live");
            held.close();
            waiting.get(10, TimeUnit.SECONDS).close();
        }
        assertEquals(0, waiter.leaseTakeovers());
    }

    @Test
    void get_serverKilledMidRun_keepsServingAndCountsThenUsesTheTierAgainAfterRestart() {
        S3RemoteTier tier = tier(builder(server).signingKey(KEY)
                .requestTimeout(Duration.ofSeconds(1)));
        TableFactory a = machine("a", tier);
        server.kill();

        assertTrue(a.get("during", 100).holds("during", 100));
        assertTrue(tier.errors() > 0, "counted");
        assertTrue(a.stats().storageErrors() > 0);

        server.restart();
        sleep(5_500); // the longest back-off
        a.get("after", 100);
        await("the publish after the restart", () -> tier.published() == 1);
    }

    @Test
    void get_serverStalled_skipsTheTierAndStillServes() {
        S3RemoteTier tier = tier(builder(server).signingKey(KEY)
                .requestTimeout(Duration.ofSeconds(1)));
        TableFactory a = machine("a", tier);
        server.stall();
        try {
            long start = System.nanoTime();
            assertTrue(a.get("stalled", 100).holds("stalled", 100));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 10_000, "served in " + millis + " ms");
            assertTrue(tier.errors() > 0);
        } finally {
            server.resume();
        }
    }

    @Test
    void open_unreachableServer_doesNotThrowAndGetsStillServe() {
        S3RemoteTier tier = tier(S3RemoteTier.builder(BUCKET, "")
                .endpoint(URI.create("http://127.0.0.1:1"))
                .pathStyle(true)
                .requestTimeout(Duration.ofSeconds(1))
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("a",
                        "b"))));
        TableFactory a = machine("a", tier);
        assertTrue(a.get("offline", 100).holds("offline", 100));
        assertTrue(tier.errors() > 0);
    }

    private CacheStore store(String name, RemoteTier tier) {
        CacheStore store = CacheStore.builder(tmp.resolve(name)).remote(tier).open();
        opened.add(store);
        return store;
    }

    private List<String> keys(String prefix) {
        return raw.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents()
                .stream().map(S3Object::key).sorted().toList();
    }

    private String onlyEntry() {
        List<String> entries = keys("team/entries/");
        assertEquals(1, entries.size(), entries.toString());
        return entries.get(0);
    }

    private Map<String, String> metadata(String objectKey) {
        return raw.headObject(b -> b.bucket(BUCKET).key(objectKey)).metadata();
    }

    private void rewrite(String objectKey, byte[] bytes, Map<String, String> metadata) {
        raw.putObject(b -> b.bucket(BUCKET).key(objectKey).metadata(metadata),
                RequestBody.fromBytes(bytes));
    }

    static String entryId(int n) {
        return HexFormat.of().formatHex(new byte[31]) + HexFormat.of().toHexDigits((byte) n);
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(20);
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
