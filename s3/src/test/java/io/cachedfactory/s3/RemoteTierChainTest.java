package io.cachedfactory.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.RemoteTier;
import io.cachedfactory.runtime.RemoteTierChain;
import io.cachedfactory.runtime.RemoteTierProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A chain of two real tiers, a near one (prefix {@code hot/}) in front of a far one ({@code
 * cold/}), as Redis in front of S3 would be: machines that use the chain and machines that use
 * only one of its tiers share entries and build each once.
 */
class RemoteTierChainTest {

    @TempDir
    Path tmp;

    private S3ProxyServer server;
    private S3Client raw;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void startServer() {
        Table.BUILDS.set(0);
        server = S3ProxyServer.start(tmp.resolve("s3"));
        server.createBucket(S3RemoteTierTest.BUCKET);
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

    private S3RemoteTier tier(String prefix) {
        return S3RemoteTier.builder(S3RemoteTierTest.BUCKET, prefix)
                .endpoint(server.endpoint()).pathStyle(true)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        server.accessKey(), server.secretKey())))
                .signingKey(S3RemoteTierTest.KEY).open();
    }

    private TableFactory machine(String name, RemoteTier tier) {
        CacheStore store = CacheStore.builder(tmp.resolve(name)).remote(tier).open();
        opened.add(store);
        return new TableFactory(store);
    }

    @Test
    void get_hitInTheFarTier_isServedAndCopiedIntoTheNearOne() {
        S3RemoteTier coldOnly = tier("cold");
        machine("builder", coldOnly).get("shared", 1000);
        S3RemoteTierTest.await("the publish", () -> coldOnly.published() == 1);

        S3RemoteTier hot = tier("hot");
        TableFactory chained = machine("chained", RemoteTierChain.of(List.of(hot, tier("cold"))));
        assertTrue(chained.get("shared", 1000).holds("shared", 1000));
        assertEquals(1, chained.stats().remoteHits());
        S3RemoteTierTest.await("the copy into the near tier", () -> hot.published() == 1);

        TableFactory hotOnly = machine("near", tier("hot"));
        assertTrue(hotOnly.get("shared", 1000).holds("shared", 1000));
        assertEquals(1, hotOnly.stats().remoteHits(), "found in the near tier");
        assertEquals(1, Table.BUILDS.get(), "built once across the three machines");
    }

    @Test
    void get_builtBehindAChain_isPublishedToEveryTierAndEveryLeaseIsReleased() {
        S3RemoteTier hot = tier("hot");
        S3RemoteTier cold = tier("cold");
        machine("chained", RemoteTierChain.of(List.of(hot, cold))).get("fresh", 1000);
        S3RemoteTierTest.await("both publishes",
                () -> hot.published() == 1 && cold.published() == 1);

        assertEquals(1, keys("hot/entries/").size());
        assertEquals(1, keys("cold/entries/").size());
        assertEquals(List.of(), keys("hot/leases/"), "near lease released");
        assertEquals(List.of(), keys("cold/leases/"), "far lease released");
        assertEquals(0, hot.errors() + cold.errors());
    }

    @Test
    void openFromClassPath_commaSeparatedUris_openAChainNearestFirst() {
        String base = "?endpoint=" + server.endpoint() + "&pathStyle=true&region=us-east-1";
        RemoteTier tier = RemoteTierProvider.openFromClassPath(
                "s3://" + S3RemoteTierTest.BUCKET + "/hot" + base + ", s3://"
                        + S3RemoteTierTest.BUCKET + "/cold" + base,
                Optional.of(S3RemoteTierTest.KEY), getClass().getClassLoader());
        opened.add(tier);

        RemoteTierChain chain = assertInstanceOf(RemoteTierChain.class, tier);
        assertEquals(List.of("S3RemoteTier[s3://cachedfactory-test/hot/, signed]",
                "S3RemoteTier[s3://cachedfactory-test/cold/, signed]"),
                chain.tiers().stream().map(Object::toString).toList());
    }

    private List<String> keys(String prefix) {
        return raw.listObjectsV2Paginator(b -> b.bucket(S3RemoteTierTest.BUCKET).prefix(prefix))
                .contents().stream().map(S3Object::key).sorted().toList();
    }
}
