package io.cachedfactory.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.CacheStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code s3://} URIs: what they configure, and the errors a malformed one gets. */
class S3RemoteTierProviderTest {

    @TempDir
    Path tmp;

    @Test
    void supports_s3Only() {
        S3RemoteTierProvider provider = new S3RemoteTierProvider();

        assertTrue(provider.supports(URI.create("s3://bucket/prefix")));
        assertTrue(provider.supports(URI.create("S3://bucket")));
        assertFalse(provider.supports(URI.create("redis://localhost:6379")));
        assertFalse(provider.supports(URI.create("https://bucket.s3.amazonaws.com")));
    }

    @Test
    void remote_s3UriWithOptions_isOpenedThroughTheStoreBuilderWithTheDefaultCredentials() {
        try (S3ProxyServer server = S3ProxyServer.start(tmp.resolve("s3"));
                S3Client raw = server.client()) {
            server.createBucket("models");
            // The SDK's default chain reads these system properties first.
            System.setProperty("aws.accessKeyId", server.accessKey());
            System.setProperty("aws.secretAccessKey", server.secretKey());
            try {
                URI uri = URI.create("s3://models/team-a?endpoint=" + server.endpoint()
                        + "&pathStyle=true&region=eu-west-1&leaseTtl=5s&timeout=3s&partSize=8m");
                try (CacheStore writer = CacheStore.builder(tmp.resolve("a"))
                        .remote(uri, Optional.of(S3RemoteTierTest.KEY)).open()) {
                    new TableFactory(writer).get("configured", 1000);
                }
                List<String> keys = raw.listObjectsV2Paginator(b -> b.bucket("models"))
                        .contents().stream().map(S3Object::key).toList();
                assertEquals(1, keys.size(), keys.toString());
                assertTrue(keys.get(0).startsWith("team-a/entries/"), keys.toString());

                try (CacheStore reader = CacheStore.builder(tmp.resolve("b"))
                        .remote(URI.create(uri + "&readonly=true"),
                                Optional.of(S3RemoteTierTest.KEY)).open()) {
                    TableFactory factory = new TableFactory(reader);
                    assertTrue(factory.get("configured", 1000).holds("configured", 1000));
                    assertEquals(1, factory.stats().remoteHits());
                }
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "s3://bucket/p?partSize=huge          | partSize",
        "s3://bucket/p?partSize=1m            | partSize",
        "s3://bucket/p?leaseTtl=soon          | leaseTtl",
        "s3://bucket/p?readonly=maybe         | readonly",
        "s3://bucket/p?checksums=sometimes    | checksums",
        "s3://bucket/p?endpoint=ftp://host    | endpoint",
        "s3://bucket/p?colour=blue            | colour",
        "s3://Bad_Bucket/p?region=eu-west-1   | Bad_Bucket",
    })
    void configure_malformedOption_namesIt(String uri, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> S3RemoteTierProvider.configure(URI.create(uri), Optional.empty()));

        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void configure_credentialsInTheUri_areRefusedWithoutEchoingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> S3RemoteTierProvider.configure(URI.create("s3://AKIA:s3cret@bucket/p"),
                        Optional.empty()));

        assertTrue(e.getMessage().contains("default chain"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void configure_shortSigningKey_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> S3RemoteTierProvider.configure(URI.create("s3://bucket/p?region=eu-west-1"),
                        Optional.of("short".getBytes(StandardCharsets.UTF_8))));

        assertTrue(e.getMessage().contains("at least 16 bytes"), e.getMessage());
    }

    @Test
    void toString_namesBucketAndPrefixOnly() {
        S3RemoteTier tier = S3RemoteTierProvider.configure(
                URI.create("s3://bucket/a/b?region=eu-west-1"), Optional.empty()).open();
        try {
            assertEquals("S3RemoteTier[s3://bucket/a/b/, unsigned]", tier.toString());
        } finally {
            tier.close();
        }
    }
}
