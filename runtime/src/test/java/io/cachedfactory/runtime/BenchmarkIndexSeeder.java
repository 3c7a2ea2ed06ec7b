package io.cachedfactory.runtime;

import io.cachedfactory.common.ComponentNames;
import io.cachedfactory.common.StoreFormat;
import io.cachedfactory.runtime.internal.RequestKey;
import java.nio.file.Path;
import java.util.Optional;

/*
 * Lives in the runtime's test sources, in the runtime's package, to reach the package-private
 * index without splitting the package across main source trees; the benchmarks module takes it
 * from the runtime's test jar (BenchmarkIndexSeederTest checks it here). Storing a million
 * entries through FactoryCache.get would write, fsync and rename a million payload files (hours
 * here), while the store-open benchmark only needs the index to hold that many entries. Open never reads payload files (unless it rebuilds an unreadable index), so index
 * entries without payloads open exactly like complete ones.
 */

/** Fills a store's index with synthetic entries, for the store-open benchmark. */
public final class BenchmarkIndexSeeder {

    private BenchmarkIndexSeeder() {
    }

    /**
     * Opens the store in {@code directory} (default options, as {@link CacheStore#open} does) and
     * adds index entries until it holds {@code entries}.
     *
     * @return the number of entries in the index afterwards
     */
    public static long seed(Path directory, long entries) {
        try (CacheStore store = CacheStore.open(directory)) {
            Optional<DiskIndex> index = store.disk() == null ? Optional.empty()
                    : store.disk().index();
            if (index.isEmpty()) {
                throw new IllegalStateException("the store at " + directory + " has no index;"
                        + " are the Chronicle JVM options set?");
            }
            String version = Fingerprint.builder()
                    .add(ComponentNames.FORMAT + StoreFormat.FORMAT, StoreFormat.FORMAT)
                    .build().version();
            long now = System.currentTimeMillis();
            IndexEntry entry = new IndexEntry(4096, now, now);
            for (long i = index.get().size(); i < entries; i++) {
                byte[] key = RequestKey.builder("Seed(long)").arg("i", i).build().bytes();
                index.get().put(EntryId.of(EntryId.SHA_256, "bench.Seed", version, key), entry);
            }
            return index.get().size();
        }
    }

    /** Entries in the index of the store in {@code directory}; -1 when it has no usable index. */
    public static long indexSize(Path directory) {
        try (CacheStore store = CacheStore.open(directory)) {
            return store.disk() == null ? -1
                    : store.disk().index().map(DiskIndex::size).orElse(-1L);
        }
    }
}
