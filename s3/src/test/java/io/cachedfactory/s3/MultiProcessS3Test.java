package io.cachedfactory.s3;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.ChildJvm;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Machines across processes: child JVMs ({@link S3Child}), each with its own store directory,
 * share one real S3-compatible server (S3Proxy). Every build a child starts appends
 * {@code <pid> <name>} to a shared builds log, which is how these tests count builds across
 * processes.
 */
class MultiProcessS3Test {

    @TempDir
    Path tmp;

    private S3ProxyServer server;

    @BeforeEach
    void startServer() {
        Table.BUILDS.set(0);
        server = S3ProxyServer.start(tmp.resolve("s3"));
        server.createBucket(S3RemoteTierTest.BUCKET);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void get_twoJvmsOfEightThreadsOnTwoDirectories_buildOncePerKey() throws Exception {
        Path go = tmp.resolve("go");
        List<String> names = List.of("alpha", "beta", "gamma");
        try (ChildJvm first = machine("first", "--threads", 8, "--go", go,
                "--build-delay-ms", 300, "alpha", "beta", "gamma");
                ChildJvm second = machine("second", "--threads", 8, "--go", go,
                        "--build-delay-ms", 300, "alpha", "beta", "gamma")) {
            first.awaitLine("READY ", ChildJvm.TIMEOUT);
            second.awaitLine("READY ", ChildJvm.TIMEOUT);
            Files.createFile(go); // sixteen threads on two machines ask at once
            first.awaitSuccess(ChildJvm.TIMEOUT);
            second.awaitSuccess(ChildJvm.TIMEOUT);

            String diagnostics = first.diagnostics() + "\n" + second.diagnostics();
            List<String> built = buildsLog().stream()
                    .map(line -> line.substring(line.indexOf(' ') + 1)).sorted().toList();
            assertEquals(names, built, "builds across both machines\n" + diagnostics);
            List<String> answers = names.stream()
                    .flatMap(name -> Collections.nCopies(8, "OK " + name).stream())
                    .sorted().toList();
            assertAll(diagnostics,
                    () -> assertEquals(answers, sorted(lines(first, "OK "))),
                    () -> assertEquals(answers, sorted(lines(second, "OK "))),
                    () -> assertEquals(List.of(), lines(first, "WRONG ")),
                    () -> assertEquals(List.of(), lines(second, "WRONG ")),
                    () -> assertEquals(List.of(), keys("team/leases/"), "leases released"));
        }
    }

    @Test
    void get_builderKilledMidBuild_anotherMachineTakesOverTheLease() throws Exception {
        Path started = tmp.resolve("started");
        try (ChildJvm builder = child("builder")
                .args(tmp.resolve("builder-store"), uri("&leaseTtl=2s"), tmp.resolve("builds"),
                        "--started", started, "--block", true, "orphan").start()) {
            S3RemoteTierTest.await("the build to start", () -> Files.exists(started));
            S3RemoteTier tier = S3RemoteTierTest.builder(server)
                    .signingKey(S3RemoteTierTest.KEY).open();
            try (CacheStore store = CacheStore.builder(tmp.resolve("waiter-store"))
                    .remote(tier).open()) {
                TableFactory waiter = new TableFactory(store);
                CompletableFuture<Table> asked = CompletableFuture.supplyAsync(
                        () -> waiter.get("orphan", S3Child.SIZE));
                S3RemoteTierTest.await("the waiter to wait for the lease",
                        () -> tier.leaseWaits() == 1 || asked.isDone());
                assertFalse(asked.isDone(), "built while another machine held the lease\n"
                        + builder.diagnostics());
                assertEquals(1, tier.leaseWaits());

                builder.kill();

                Table table = asked.get(60, TimeUnit.SECONDS);
                assertTrue(table.holds("orphan", S3Child.SIZE));
                assertAll(builder.diagnostics(),
                        () -> assertEquals(1, tier.leaseTakeovers(),
                                "the killed builder's lease taken over once it expired"),
                        () -> assertEquals(1, Table.BUILDS.get(),
                                "builds by the machine that took over"),
                        () -> assertEquals(List.of(builder.pid() + " orphan"), buildsLog(),
                                "builds started in children: only the killed one"),
                        () -> assertEquals(List.of(), lines(builder, "OK "),
                                "the killed builder served nothing"));
                S3RemoteTierTest.await("the publish", () -> tier.published() == 1);
                // The publisher releases the lease once the upload is complete.
                S3RemoteTierTest.await("the taken-over lease to be released",
                        () -> keys("team/leases/").isEmpty());
            }
        }
    }

    /** A child JVM with the server's credentials in the SDK's default chain. */
    private ChildJvm.Builder child(String name) {
        return ChildJvm.builder(S3Child.class, tmp, name)
                .jvmOption("-Daws.accessKeyId=" + server.accessKey())
                .jvmOption("-Daws.secretAccessKey=" + server.secretKey());
    }

    private ChildJvm machine(String name, Object... options) {
        return child(name)
                .args(tmp.resolve(name + "-store"), uri(""), tmp.resolve("builds"))
                .args(options).start();
    }

    /** The tier's URI, as an application would configure it, with {@code more} options. */
    private URI uri(String more) {
        return URI.create("s3://" + S3RemoteTierTest.BUCKET + "/team?endpoint="
                + server.endpoint() + "&pathStyle=true" + more);
    }

    /** The keys under {@code prefix} on the server. */
    private List<String> keys(String prefix) {
        try (S3Client raw = server.client()) {
            return raw.listObjectsV2Paginator(b -> b.bucket(S3RemoteTierTest.BUCKET)
                    .prefix(prefix)).contents().stream().map(S3Object::key).sorted().toList();
        }
    }

    /** The lines {@code child} printed that start with {@code prefix}. */
    private static List<String> lines(ChildJvm child, String prefix) {
        return child.stdoutLines().stream().filter(line -> line.startsWith(prefix)).toList();
    }

    private List<String> buildsLog() throws Exception {
        try {
            return Files.readAllLines(tmp.resolve("builds"));
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }
}
