package io.cachedfactory.benchmarks;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.FactoryStats;
import io.cachedfactory.runtime.internal.FactoryCache;
import java.nio.file.Path;

/**
 * The child JVM of {@link ColdProcessBenchmark}: a one-shot process that opens the store, gets one
 * stored graph through a factory, prints what it got and exits.
 *
 * <p>Usage: {@code ColdLoad default|java <store directory> <nodes> [check]}; {@code check} also
 * prints the graph's checksum (outside the timed runs: it walks the whole graph).
 */
public final class ColdLoad {

    private ColdLoad() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) {
        Path directory = Path.of(args[1]);
        int nodes = Integer.parseInt(args[2]);
        try (CacheStore store = CacheStore.open(directory)) {
            Graph graph;
            FactoryStats stats;
            if (args[0].equals("default")) {
                GraphFactory factory = new GraphFactory(store);
                graph = factory.of(nodes);
                stats = factory.stats();
            } else {
                FactoryCache<Graph> cache = store.cache(GraphCaches.JAVA_SERIALIZATION);
                graph = GraphCaches.load(cache, nodes);
                stats = cache.stats();
            }
            System.out.println("nodes=" + graph.size() + " diskHits=" + stats.diskHits()
                    + " builds=" + stats.builds()
                    + (args.length > 3 ? " checksum=" + graph.checksum() : ""));
        }
    }

    /** The JVM start floor: a child that starts and exits. */
    public static final class Nothing {

        private Nothing() {
        }

        /** Returns at once. */
        public static void main(String[] args) {
        }
    }
}
