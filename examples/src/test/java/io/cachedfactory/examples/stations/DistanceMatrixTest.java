package io.cachedfactory.examples.stations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cachedfactory.runtime.CacheState;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.Explanation;
import io.cachedfactory.runtime.FactoryStats;
import io.cachedfactory.runtime.MissReason;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistanceMatrixTest {

    private static final int STATIONS = 120;

    @TempDir
    Path storeDirectory;

    @Test
    void new_everyPair_holdsGeoMathsDistanceBothWays() {
        DistanceMatrix matrix = new DistanceMatrix(STATIONS, Metric.ELLIPSOID);
        List<Station> stations = StationCatalog.load();

        assertEquals(STATIONS, matrix.size());
        for (int i = 0; i < STATIONS; i++) {
            assertEquals(0f, matrix.distanceKm(i, i));
            for (int j = i + 1; j < STATIONS; j++) {
                float expected = (float) GeoMath.distanceKm(Metric.ELLIPSOID, stations.get(i),
                        stations.get(j));
                assertEquals(expected, matrix.distanceKm(i, j), "(" + i + ", " + j + ")");
                assertEquals(expected, matrix.distanceKm(j, i), "(" + j + ", " + i + ")");
            }
        }
    }

    @Test
    void nearest_station_isTheKClosestInOrder() {
        DistanceMatrix matrix = new DistanceMatrix(STATIONS, Metric.SPHERE);

        int[] nearest = matrix.nearest(7, 5);

        int[] expected = IntStream.range(0, STATIONS).filter(j -> j != 7).boxed()
                .sorted((a, b) -> Float.compare(matrix.distanceKm(7, a), matrix.distanceKm(7, b)))
                .limit(5).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, nearest);
    }

    @Test
    void new_tooFewOrTooManyStations_namesTheArgument() {
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> new DistanceMatrix(1, Metric.SPHERE));
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                () -> new DistanceMatrix(4_001, Metric.SPHERE));

        assertEquals("stations must be between 2 and 4000, was 1", few.getMessage());
        assertEquals("stations must be between 2 and 4000, was 4001", many.getMessage());
    }

    @Test
    void distanceKm_outsideTheMatrix_throws() {
        DistanceMatrix matrix = new DistanceMatrix(10, Metric.SPHERE);

        assertThrows(IndexOutOfBoundsException.class, () -> matrix.distanceKm(3, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> matrix.distanceKm(-1, -1));
    }

    @Test
    void get_secondStoreInstance_loadsTheSameMatrixFromDisk() {
        DistanceMatrix built;
        try (CacheStore store = CacheStore.open(storeDirectory)) {
            DistanceMatrixFactory factory = new DistanceMatrixFactory(store);
            assertEquals(CacheState.ABSENT, factory.state(STATIONS, Metric.ELLIPSOID));
            built = factory.get(STATIONS, Metric.ELLIPSOID);
            assertSame(built, factory.get(STATIONS, Metric.ELLIPSOID));
            assertEquals(1, factory.stats().builds());
            assertEquals(1, factory.stats().memoryHits());
        }

        try (CacheStore store = CacheStore.open(storeDirectory)) {
            DistanceMatrixFactory factory = new DistanceMatrixFactory(store);
            assertEquals(CacheState.ON_DISK, factory.state(STATIONS, Metric.ELLIPSOID));

            DistanceMatrix loaded = factory.get(STATIONS, Metric.ELLIPSOID);

            assertEquals(built, loaded);
            assertEquals(Metric.ELLIPSOID, loaded.metric());
            assertEquals(built.distanceKm(3, 99), loaded.distanceKm(99, 3));
            FactoryStats stats = factory.stats();
            assertEquals(1, stats.diskHits());
            assertEquals(0, stats.builds());
            assertEquals(CacheState.IN_MEMORY, factory.state(STATIONS, Metric.ELLIPSOID));
        }
    }

    @Test
    void explain_generatedFactory_tellsWhereGetWouldTakeTheObjectFromWithoutBuilding() {
        try (CacheStore store = CacheStore.open(storeDirectory)) {
            DistanceMatrixFactory factory = new DistanceMatrixFactory(store);

            Explanation absent = factory.explain(STATIONS, Metric.SPHERE);
            assertEquals(CacheState.ABSENT, absent.state());
            assertEquals(Optional.of(MissReason.ABSENT), absent.reason()); // get would build
            assertEquals(0, factory.stats().builds());

            factory.get(STATIONS, Metric.SPHERE);
            Explanation inMemory = factory.explain(STATIONS, Metric.SPHERE);
            assertEquals(CacheState.IN_MEMORY, inMemory.state());
            assertEquals(Optional.empty(), inMemory.reason()); // get would serve it
            assertEquals("IN_MEMORY", inMemory.toString());
        }
        try (CacheStore store = CacheStore.open(storeDirectory)) {
            DistanceMatrixFactory factory = new DistanceMatrixFactory(store);

            Explanation onDisk = factory.explain(STATIONS, Metric.SPHERE);

            assertEquals(CacheState.ON_DISK, onDisk.state());
            assertEquals(Optional.empty(), onDisk.reason());
            assertEquals(0, factory.stats().builds());
            assertEquals(0, factory.stats().diskHits()); // explaining loads nothing
        }
    }

    @Test
    void get_otherArguments_areOtherEntries() {
        try (CacheStore store = CacheStore.open(storeDirectory)) {
            DistanceMatrixFactory factory = new DistanceMatrixFactory(store);

            DistanceMatrix sphere = factory.get(STATIONS, Metric.SPHERE);
            DistanceMatrix ellipsoid = factory.get(STATIONS, Metric.ELLIPSOID);
            DistanceMatrix smaller = factory.get(STATIONS - 1, Metric.SPHERE);

            assertNotEquals(sphere, ellipsoid);
            assertEquals(STATIONS - 1, smaller.size());
            assertEquals(3, factory.stats().builds());
            assertEquals(3, factory.stats().misses(MissReason.ABSENT));
        }
    }

    @Test
    void get_requirementFailsOnStoredCopy_rebuildsAndReplaces() {
        try (CacheStore store = CacheStore.open(storeDirectory)) {
            new DistanceMatrixFactory(store).get(STATIONS, Metric.SPHERE);
        }
        try (CacheStore store = CacheStore.open(storeDirectory)) {
            DistanceMatrixFactory factory = new DistanceMatrixFactory(store);

            DistanceMatrix matrix = factory.get(STATIONS, Metric.SPHERE,
                    m -> m.metric() == Metric.ELLIPSOID);

            assertEquals(Metric.SPHERE, matrix.metric());
            assertEquals(1, factory.stats().misses(MissReason.INVARIANT_FAILED));
            assertEquals(1, factory.stats().builds());
        }
    }
}
