package io.cachedfactory.examples.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.examples.stations.DistanceMatrix;
import io.cachedfactory.examples.stations.DistanceMatrixFactory;
import io.cachedfactory.examples.stations.Metric;
import io.cachedfactory.runtime.CacheState;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.FactoryStats;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusteringTest {

    private static final int STATIONS = 300;
    private static final int CLUSTERS = 5;

    @TempDir
    Path storeDirectory;

    @Test
    void new_everyStation_isInTheRegionOfItsNearestMedoid() {
        Clustering clustering = new Clustering(STATIONS, Metric.SPHERE, CLUSTERS);
        DistanceMatrix distances = new DistanceMatrix(STATIONS, Metric.SPHERE);

        for (int i = 0; i < STATIONS; i++) {
            float own = distances.distanceKm(i, clustering.medoid(clustering.clusterOf(i)));
            for (int c = 0; c < CLUSTERS; c++) {
                assertTrue(own <= distances.distanceKm(i, clustering.medoid(c)),
                        "station " + i + " is closer to medoid of region " + c);
            }
        }
        assertEquals(STATIONS, Arrays.stream(clustering.sizes()).sum());
    }

    @Test
    void new_eachMedoid_minimisesTheDistancesWithinItsRegion() {
        Clustering clustering = new Clustering(STATIONS, Metric.SPHERE, CLUSTERS);
        DistanceMatrix distances = new DistanceMatrix(STATIONS, Metric.SPHERE);

        for (int c = 0; c < CLUSTERS; c++) {
            double medoidSum = sumWithin(clustering, distances, c, clustering.medoid(c));
            for (int candidate = 0; candidate < STATIONS; candidate++) {
                if (clustering.clusterOf(candidate) == c) {
                    assertTrue(medoidSum <= sumWithin(clustering, distances, c, candidate) + 1e-3,
                            "station " + candidate + " is a better medoid of region " + c);
                }
            }
        }
    }

    @Test
    void new_sameArguments_sameRegions() {
        Clustering first = new Clustering(STATIONS, Metric.SPHERE, CLUSTERS);
        Clustering second = new Clustering(STATIONS, Metric.SPHERE, CLUSTERS);

        for (int i = 0; i < STATIONS; i++) {
            assertEquals(first.clusterOf(i), second.clusterOf(i));
        }
        assertEquals(first.costKm(), second.costKm());
        assertTrue(first.silhouette() > 0 && first.silhouette() <= 1, "" + first.silhouette());
    }

    @Test
    void new_moreClustersThanStations_namesTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Clustering(10, Metric.SPHERE, 11));

        assertEquals("clusters must be between 1 and 10, was 11", e.getMessage());
    }

    @Test
    void get_build_asksTheNestedDistanceMatrixFactory() {
        // The nested factory uses the default store (target/test-default-store under Maven).
        DistanceMatrixFactory matrices = new DistanceMatrixFactory();
        FactoryStats before = matrices.stats();

        try (CacheStore store = CacheStore.open(storeDirectory)) {
            new ClusteringFactory(store).get(STATIONS - 1, Metric.ELLIPSOID, CLUSTERS);
        }

        assertEquals(before.requests() + 1, matrices.stats().requests());
        assertEquals(CacheState.IN_MEMORY, matrices.state(STATIONS - 1, Metric.ELLIPSOID));
    }

    @Test
    void get_secondStoreInstance_loadsFromDiskWithoutTheNestedFactory() {
        Clustering built;
        try (CacheStore store = CacheStore.open(storeDirectory)) {
            ClusteringFactory factory = new ClusteringFactory(store);
            built = factory.get(STATIONS, Metric.SPHERE, CLUSTERS);
            assertEquals(1, factory.stats().builds());
        }
        DistanceMatrixFactory matrices = new DistanceMatrixFactory();
        long matrixRequests = matrices.stats().requests();

        try (CacheStore store = CacheStore.open(storeDirectory)) {
            ClusteringFactory factory = new ClusteringFactory(store);
            assertEquals(CacheState.ON_DISK, factory.state(STATIONS, Metric.SPHERE, CLUSTERS));

            Clustering loaded = factory.get(STATIONS, Metric.SPHERE, CLUSTERS);

            assertEquals(1, factory.stats().diskHits());
            assertEquals(0, factory.stats().builds());
            assertEquals(built.costKm(), loaded.costKm());
            assertEquals(built.medoid(CLUSTERS - 1), loaded.medoid(CLUSTERS - 1));
        }
        assertEquals(matrixRequests, matrices.stats().requests());
    }

    private static double sumWithin(Clustering clustering, DistanceMatrix distances, int cluster,
            int candidate) {
        double sum = 0;
        for (int i = 0; i < distances.size(); i++) {
            if (clustering.clusterOf(i) == cluster) {
                sum += distances.distanceKm(candidate, i);
            }
        }
        return sum;
    }
}
