package io.cachedfactory.redis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.ChildJvm;
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

/**
 * Machines across processes: child JVMs ({@link RedisChild}), each with its own store directory,
 * share one real redis-server. Every build a child starts appends {@code <pid> <name>} to a shared
 * builds log, which is how these tests count builds across processes.
 */
class MultiProcessRedisTest {

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
                    () -> assertEquals(List.of(), lines(second, "WRONG ")));
        }
    }

    @Test
    void get_builderKilledMidBuild_anotherMachineTakesOverTheLease() throws Exception {
        Path started = tmp.resolve("started");
        try (ChildJvm builder = ChildJvm.builder(RedisChild.class, tmp, "builder")
                .args(tmp.resolve("builder-store"), redis.uri("?leaseTtl=1s"), tmp.resolve("builds"),
                        "--started", started, "--block", true, "orphan").start()) {
            RedisRemoteTierTest.await("the build to start",
                    () -> Files.exists(started));
            RedisRemoteTier tier = RedisRemoteTier.builder(redis.uri())
                    .signingKey(RedisRemoteTierTest.KEY).open();
            try (CacheStore store = CacheStore.builder(tmp.resolve("waiter-store"))
                    .remote(tier).open()) {
                ItemFactory waiter = new ItemFactory(store);
                CompletableFuture<Item> asked = CompletableFuture.supplyAsync(
                        () -> waiter.get("orphan", RedisChild.SIZE));
                RedisRemoteTierTest.await("the waiter to wait for the lease",
                        () -> tier.leaseWaits() == 1 || asked.isDone());
                assertFalse(asked.isDone(), "built while another machine held the lease\n"
                        + builder.diagnostics());

                builder.kill();

                Item item = asked.get(60, TimeUnit.SECONDS);
                assertTrue(item.isExactly("orphan", RedisChild.SIZE));
                assertEquals(1, Item.BUILDS.get(), "builds by the machine that took over");
                assertEquals(List.of(builder.pid() + " orphan"), buildsLog(),
                        "builds started in children: only the killed one");
                assertEquals(List.of(), lines(builder, "OK "), "the killed builder served nothing");
            }
        }
    }

    private ChildJvm machine(String name, Object... options) {
        return ChildJvm.builder(RedisChild.class, tmp, name)
                .args(tmp.resolve(name + "-store"), redis.uri(), tmp.resolve("builds"))
                .args(options).start();
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
