package io.cachedfactory.examples;

import io.cachedfactory.examples.clustering.Clustering;
import io.cachedfactory.examples.clustering.ClusteringFactory;
import io.cachedfactory.examples.stations.DistanceMatrix;
import io.cachedfactory.examples.stations.DistanceMatrixFactory;
import io.cachedfactory.examples.stations.Metric;
import io.cachedfactory.examples.stations.StationCatalog;
import io.cachedfactory.examples.stations.Station;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.FactoryStats;
import io.cachedfactory.runtime.MissReason;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The five-minute tour: asks two generated factories for expensive objects and shows, for each
 * request, where the object came from and how long that took.
 *
 * <p>The first run builds a distance matrix of 4,000 weather stations (seconds of geodesy) and
 * clusterings made from it, then serves repeated requests from memory. Run it again: the objects
 * come from disk. Edit {@code GeoMath} and run it a third time: they are rebuilt.
 *
 * <p>Uses the default store, {@link CacheStore#defaultDirectory()}, unless
 * {@code -Dcachedfactory.dir=<directory>} says otherwise. Arguments: the number of stations
 * (default 4000).
 */
public final class Demo {

    private static final int DEFAULT_STATIONS = 4_000;
    private static final Metric METRIC = Metric.ELLIPSOID;
    private static final String ROW = "  %-48s %-28s %10s%n";

    private final PrintStream out;
    private final DistanceMatrixFactory matrices = new DistanceMatrixFactory();
    private final ClusteringFactory clusterings = new ClusteringFactory();
    private boolean anythingBuilt;

    Demo(PrintStream out) {
        this.out = out;
    }

    /** Runs the tour; the optional argument is the number of stations. */
    public static void main(String[] args) {
        int stations = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_STATIONS;
        new Demo(System.out).run(stations);
    }

    void run(int stations) {
        out.println("cachedfactory demo");
        out.println("  store    " + CacheStore.defaultDirectory()
                + "   (choose another with -Dcachedfactory.dir=...)");
        out.println("  VERSION  DistanceMatrixFactory "
                + shortVersion(DistanceMatrixFactory.VERSION) + ", ClusteringFactory "
                + shortVersion(ClusteringFactory.VERSION));
        out.println();
        out.printf(Locale.ROOT, ROW, "request", "came from", "time");

        String matrixRequest = "distances(" + stations + " stations, " + METRIC + ")";
        // Held in a variable, so the memory tier keeps serving this very instance.
        DistanceMatrix matrix = request(matrixRequest, matrices::stats,
                () -> matrices.get(stations, METRIC));
        request(matrixRequest, matrices::stats, () -> matrices.get(stations, METRIC));

        Clustering eight = null;
        for (int clusters : new int[] {8, 8, 12}) {
            String clusteringRequest = "clustering(" + stations + " stations, " + METRIC + ", "
                    + clusters + ")";
            FactoryStats matricesBefore = matrices.stats();
            Clustering clustering = request(clusteringRequest, clusterings::stats,
                    () -> clusterings.get(stations, METRIC, clusters));
            String nested = origin(matricesBefore, matrices.stats());
            if (!nested.isEmpty()) {
                out.printf(Locale.ROOT, ROW, "  └ its " + matrixRequest, nested, "");
            }
            if (clusters == 8) {
                eight = clustering;
            }
        }

        out.println();
        describe(matrix, eight);
        out.println();
        out.println("store stats");
        printStats("DistanceMatrixFactory", matrices.stats());
        printStats("ClusteringFactory", clusterings.stats());
        out.println();
        out.println(anythingBuilt
                ? "Run the same command again: this time the objects come from disk."
                : "Everything came from the store. Change a token in GeoMath.java and run again:"
                        + System.lineSeparator() + "the objects are rebuilt.");
    }

    private <T> T request(String label, Supplier<FactoryStats> stats, Supplier<T> get) {
        FactoryStats before = stats.get();
        long start = System.nanoTime();
        T object = get.get();
        double millis = (System.nanoTime() - start) / 1e6;
        String origin = origin(before, stats.get());
        out.printf(Locale.ROOT, ROW, label, origin, formatMillis(millis));
        return object;
    }

    /** Where the one request between two snapshots was served from, or "" if there was none. */
    private String origin(FactoryStats before, FactoryStats after) {
        if (after.builds() > before.builds()) {
            anythingBuilt = true;
            for (MissReason reason : MissReason.values()) {
                if (after.misses(reason) > before.misses(reason)) {
                    return "built (" + explain(reason) + ")";
                }
            }
            return "built";
        }
        if (after.diskHits() > before.diskHits()) {
            return "disk";
        }
        if (after.memoryHits() > before.memoryHits()) {
            return "memory";
        }
        return "";
    }

    private static String explain(MissReason reason) {
        return switch (reason) {
            case ABSENT -> "nothing stored yet";
            case OTHER_FINGERPRINT -> "the code changed";
            case CORRUPT -> "stored copy corrupt";
            case INCOMPATIBLE -> "stored copy unreadable";
            case EXPIRED -> "stored copy too old";
            case INVARIANT_FAILED -> "invariant failed";
        };
    }

    private void describe(DistanceMatrix matrix, Clustering clustering) {
        List<Station> stations = StationCatalog.load();
        int[] nearest = matrix.nearest(0, 3);
        out.printf(Locale.ROOT, "nearest to %s: %s%n", stations.get(0).id(),
                String.join(", ", Arrays.stream(nearest).mapToObj(j -> String.format(Locale.ROOT,
                        "%s (%.1f km)", stations.get(j).id(), matrix.distanceKm(0, j))).toList()));
        out.printf(Locale.ROOT, "%d regions, silhouette %.2f, stations per region %s%n",
                clustering.clusters(), clustering.silhouette(),
                Arrays.toString(clustering.sizes()));
    }

    private void printStats(String factory, FactoryStats stats) {
        String builds = stats.builds() == 0 ? "none built" : stats.builds() + " built in "
                + formatMillis(stats.buildTime().toNanos() / 1e6);
        out.printf(Locale.ROOT, "  %-22s %d from memory, %d from disk, %s%n", factory,
                stats.memoryHits(), stats.diskHits(), builds);
        out.printf(Locale.ROOT, "  %-22s loading took %s; read %s, wrote %s; storage errors %d%n",
                "", formatMillis(stats.loadTime().toNanos() / 1e6), formatBytes(stats.bytesRead()),
                formatBytes(stats.bytesWritten()), stats.storageErrors());
    }

    private static String shortVersion(String version) {
        return version.substring(0, 12) + "…";
    }

    private static String formatMillis(double millis) {
        return millis < 10 ? String.format(Locale.ROOT, "%.2f ms", millis)
                : String.format(Locale.ROOT, "%,.0f ms", millis);
    }

    private static String formatBytes(long bytes) {
        return bytes < 1 << 20 ? String.format(Locale.ROOT, "%,d B", bytes)
                : String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20));
    }
}
