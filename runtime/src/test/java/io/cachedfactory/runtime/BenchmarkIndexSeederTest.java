package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store-open benchmark's seeder, kept here beside the index it fills. */
class BenchmarkIndexSeederTest {

    @TempDir
    Path directory;

    @Test
    void seed_fillsTheIndexToNEntriesThatTheStoreOpensWith() {
        assertEquals(500, BenchmarkIndexSeeder.seed(directory, 500));
        assertEquals(500, BenchmarkIndexSeeder.seed(directory, 300)); // never removes

        try (CacheStore store = CacheStore.open(directory)) {
            assertEquals(500L, store.disk().index().orElseThrow().size());
        }
        assertEquals(500, BenchmarkIndexSeeder.indexSize(directory));
    }
}
