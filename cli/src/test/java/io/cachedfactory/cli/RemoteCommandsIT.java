package io.cachedfactory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.RemoteTier;
import io.cachedfactory.s3.S3ProxyServer;
import io.cachedfactory.s3.S3RemoteTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * {@code ls --remote} and {@code prune --remote} of the real jar against a real S3-compatible
 * server (S3Proxy) holding three entries of the S3 tier, one of which has expired; the tool gets
 * its credentials from the AWS SDK's default chain (the environment), as a user's shell gives them.
 */
class RemoteCommandsIT {

    private static final String BUCKET = "team-cache";

    @TempDir
    Path work;

    private S3ProxyServer server;
    private S3Client raw;
    private String uri;
    private Map<String, String> environment;
    private final List<String> ids = List.of(id(1), id(2), id(3));

    @BeforeEach
    void publishThreeEntries() throws Exception {
        server = S3ProxyServer.start(work.resolve("s3"));
        server.createBucket(BUCKET);
        raw = server.client();
        uri = "s3://" + BUCKET + "/ci?endpoint=" + server.endpoint() + "&pathStyle=true";
        environment = Map.of("AWS_ACCESS_KEY_ID", server.accessKey(),
                "AWS_SECRET_ACCESS_KEY", server.secretKey(), "AWS_REGION", "us-east-1");
        try (S3RemoteTier tier = S3RemoteTier.builder(BUCKET, "ci").endpoint(server.endpoint())
                .pathStyle(true).credentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
                .open()) {
            for (int i = 0; i < ids.size(); i++) {
                Path payload = Files.write(work.resolve("payload-" + i), new byte[1000 * (i + 1)]);
                // the second entry's maxAge has passed by the time the tool runs
                Optional<Duration> ttl = i == 1 ? Optional.of(Duration.ofMillis(1))
                        : Optional.of(Duration.ofDays(7));
                tier.publish(ids.get(i), payload, RemoteTier.Lease.NONE, ttl);
            }
        } // close waits for the publishes
        assertEquals(3, entryKeys().size(), "published");
    }

    @AfterEach
    void stopServer() {
        raw.close();
        server.close();
    }

    private CliProcess.Result cli(String... args) {
        return CliProcess.runWith(work, List.of(), environment, args);
    }

    @Test
    void lsRemote_listsEveryEntryWithItsSize() {
        CliProcess.Result result = cli("ls", "--remote", uri).expectExit(0);

        ids.forEach(result::expectOut);
        result.expectOut("3 entries, ");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>)
                ((Map<String, Object>) cli("--json", "ls", "--remote", uri).expectExit(0).json())
                        .get("entries");
        assertEquals(ids, entries.stream().map(e -> e.get("entry")).sorted().toList());
        assertEquals(2000, ((Number) entries.stream().filter(e -> e.get("entry").equals(id(2)))
                .findFirst().orElseThrow().get("bytes")).intValue());
    }

    @Test
    void pruneRemote_expired_removesOnlyTheExpiredEntry_andDryRunRemovesNothing() {
        cli("prune", "--remote", uri, "--expired", "--dry-run").expectExit(0)
                .expectOut(id(2)).expectOut("dry run: would remove 1 remote entry");
        assertEquals(3, entryKeys().size(), "a dry run removes nothing");

        cli("prune", "--remote", uri, "--expired").expectExit(0)
                .expectOut("removed 1 remote entry");
        assertEquals(List.of("ci/entries/" + id(1), "ci/entries/" + id(3)), entryKeys());
    }

    @Test
    void pruneRemote_olderThan_removesEntriesStoredBeforeThen() throws Exception {
        Thread.sleep(1100); // S3 times have whole seconds
        cli("prune", "--remote", uri, "--older-than", "1s").expectExit(0)
                .expectOut("removed 3 remote entries");
        assertEquals(List.of(), entryKeys());
    }

    @Test
    void remote_misuse_failsWithExitCode2AndSaysWhy() {
        cli("prune", "--remote", uri, "--max-size", "1G").expectExit(2)
                .expectErr("--max-size");
        cli("prune", "--remote", uri).expectExit(2).expectErr("give --older-than or --expired");
        cli("ls", "--remote", uri + "&colour=blue").expectExit(2)
                .expectErr("unknown remote option colour");
        cli("ls", "--remote", "redis://127.0.0.1:6379").expectExit(2)
                .expectErr("no provider for scheme 'redis'");
        cli("prune", "--expired").expectExit(2).expectErr("--expired is for --remote");
        assertEquals(3, entryKeys().size(), "nothing removed");
    }

    private List<String> entryKeys() {
        return raw.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("ci/entries/")).contents()
                .stream().map(S3Object::key).sorted().toList();
    }

    private static String id(int n) {
        return HexFormat.of().formatHex(new byte[31]) + HexFormat.of().toHexDigits((byte) n);
    }
}
