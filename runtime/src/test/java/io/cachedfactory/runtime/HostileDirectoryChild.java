package io.cachedfactory.runtime;

import java.nio.file.Path;

/**
 * The main class of {@link HostileDirectoryTest}'s child JVMs: opens a store, asks
 * {@link MatrixFactory} for one key and reports what happened, so that a test can look at an open
 * in a fresh process (a file-size limit, a second process on a store).
 *
 * <p>Arguments: {@code <store dir> <seed> <size> [<seed repeat>]}; the seed is repeated that many
 * times (default 1), for keys too large for a command line. Lines on stdout:
 * {@code OPENED_MS <ms>} (open and get together), {@code SOURCE built|disk|memory},
 * {@code OK} or {@code WRONG}, then {@code DONE}. A {@code get} that throws exits with status 1.
 */
final class HostileDirectoryChild {

    private HostileDirectoryChild() {
    }

    public static void main(String[] args) {
        Path directory = Path.of(args[0]);
        String seed = args[1].repeat(args.length > 3 ? Integer.parseInt(args[3]) : 1);
        int size = Integer.parseInt(args[2]);
        long started = System.nanoTime();
        try (CacheStore store = CacheStore.open(directory)) {
            MatrixFactory factory = new MatrixFactory(store);
            Matrix served = factory.get(seed, size);
            System.out.println("OPENED_MS " + (System.nanoTime() - started) / 1_000_000);
            FactoryStats stats = factory.stats();
            System.out.println("SOURCE " + (stats.builds() > 0 ? "built"
                    : stats.diskHits() > 0 ? "disk" : "memory"));
            System.out.println(served.isExactly(seed, size) ? "OK" : "WRONG");
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            System.out.println("ERROR " + e);
            System.exit(1);
        }
        System.out.println("DONE");
    }
}
