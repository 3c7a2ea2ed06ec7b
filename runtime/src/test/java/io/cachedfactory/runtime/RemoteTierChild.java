package io.cachedfactory.runtime;

import static io.cachedfactory.runtime.ChildMain.appendLine;
import static io.cachedfactory.runtime.ChildMain.exitWhenStdinCloses;
import static io.cachedfactory.runtime.ChildMain.println;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The body of a remote tier's multi-process tests' child JVMs (the Redis and S3 modules each have a
 * main class that calls {@link #run}): one "machine" with its own store directory and the remote
 * tier its URI opens, asking the module's generated factory for objects.
 *
 * <p>Arguments: {@code <store dir> <remote uri> <builds log> [options] <name>...}, options
 * {@code --threads N} (each thread asks every name, default 1), {@code --go FILE} (after
 * {@code READY}, wait for FILE), {@code --build-delay-ms MS}, {@code --started FILE} (a build
 * creates it when it starts) and {@code --block true} (a build then never finishes). Each build
 * appends {@code <pid> <name>} to the builds log when it starts (through {@link BuildHook}, which
 * the cached type runs). Prints {@code READY}, {@code OK <name>} or {@code WRONG <name>} per
 * answer, {@code STATS ...} and {@code DONE}; exits when its stdin closes.
 */
public final class RemoteTierChild {

    /** The module's factory, as the child asks it. */
    public interface Asker {

        /** Gets {@code name} and says whether it is exactly what a build computes. */
        boolean getExactly(String name);

        /** The factory's statistics. */
        FactoryStats stats();

        /** An asker from its two parts. */
        static Asker of(Predicate<String> getExactly,
                Supplier<FactoryStats> stats) {
            return new Asker() {
                @Override
                public boolean getExactly(String name) {
                    return getExactly.test(name);
                }

                @Override
                public FactoryStats stats() {
                    return stats.get();
                }
            };
        }
    }

    private RemoteTierChild() {
    }

    /**
     * Runs the child and exits the JVM.
     *
     * @param key the remote tier's signing key
     * @param factory the module's factory on the opened store
     */
    public static void run(String[] args, byte[] key, Function<CacheStore, Asker> factory)
            throws Exception {
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
                .remote(remote, Optional.of(key)).open()) {
            BuildHook.set(name -> {
                appendLine(buildsLog, ProcessHandle.current().pid() + " " + name);
                if (startedFile != null) {
                    Files.createFile(startedFile);
                }
                while (blockBuild) {
                    Thread.sleep(1000);
                }
                Thread.sleep(buildDelay);
            });
            Asker asker = factory.apply(store);
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
                            println((asker.getExactly(name) ? "OK " : "WRONG ") + name);
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
            FactoryStats stats = asker.stats();
            println("STATS builds=" + stats.builds() + " remoteHits=" + stats.remoteHits()
                    + " storageErrors=" + stats.storageErrors());
            status = failures.isEmpty() ? 0 : 1;
        }
        println("DONE");
        System.exit(status);
    }
}
