package io.cachedfactory.s3;

import static io.cachedfactory.runtime.ChildMain.appendLine;
import static io.cachedfactory.runtime.ChildMain.exitWhenStdinCloses;
import static io.cachedfactory.runtime.ChildMain.println;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.FactoryStats;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The main class of {@link MultiProcessS3Test}'s child JVMs: one "machine" with its own store
 * directory and the shared S3 tier (opened from an {@code s3://} URI, as an application would,
 * with credentials from the SDK's default chain: the {@code aws.accessKeyId} and
 * {@code aws.secretAccessKey} system properties the test passes), asking {@link TableFactory} for
 * tables.
 *
 * <p>Arguments: {@code <store dir> <s3 uri> <builds log> [options] <name>...}, options
 * {@code --threads N} (each thread asks every name, default 1), {@code --go FILE} (after
 * {@code READY}, wait for FILE), {@code --build-delay-ms MS}, {@code --started FILE} (a build
 * creates it when it starts) and {@code --block true} (a build then never finishes). Each build
 * appends {@code <pid> <name>} to the builds log when it starts. Prints {@code READY},
 * {@code OK <name>} or {@code WRONG <name>} per answer, {@code STATS ...} and {@code DONE}; exits
 * when its stdin closes.
 */
final class S3Child {

    static final int SIZE = 2000;

    private S3Child() {
    }

    public static void main(String[] args) throws Exception {
        exitWhenStdinCloses();
        Path storeDirectory = Path.of(args[0]);
        URI remote = URI.create(args[1]);
        Path buildsLog = Path.of(args[2]);
        int threads = 1;
        Path go = null;
        long delay = 0;
        Path started = null;
        boolean block = false;
        List<String> names = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--go" -> go = Path.of(args[++i]);
                case "--build-delay-ms" -> delay = Long.parseLong(args[++i]);
                case "--started" -> started = Path.of(args[++i]);
                case "--block" -> block = Boolean.parseBoolean(args[++i]);
                default -> names.add(args[i]);
            }
        }
        long buildDelay = delay;
        Path startedFile = started;
        boolean blockBuild = block;
        int status = 0;
        try (CacheStore store = CacheStore.builder(storeDirectory)
                .remote(remote, Optional.of(S3RemoteTierTest.KEY)).open()) {
            Table.beforeEachBuild(name -> {
                appendLine(buildsLog, ProcessHandle.current().pid() + " " + name);
                if (startedFile != null) {
                    Files.createFile(startedFile);
                }
                while (blockBuild) {
                    Thread.sleep(1000);
                }
                Thread.sleep(buildDelay);
            });
            TableFactory factory = new TableFactory(store);
            println("READY " + ProcessHandle.current().pid());
            while (go != null && !Files.exists(go)) {
                Thread.sleep(10);
            }
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    for (String name : names) {
                        try {
                            Table table = factory.get(name, SIZE);
                            println((table.holds(name, SIZE) ? "OK " : "WRONG ") + name);
                        } catch (Throwable e) {
                            failures.add(e);
                            println("ERROR " + e);
                        }
                    }
                }, "asker-" + t);
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            FactoryStats stats = factory.stats();
            println("STATS builds=" + stats.builds() + " remoteHits=" + stats.remoteHits()
                    + " storageErrors=" + stats.storageErrors());
            status = failures.isEmpty() ? 0 : 1;
        }
        println("DONE");
        System.exit(status);
    }
}
