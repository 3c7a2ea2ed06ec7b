package io.cachedfactory.examples.clustering;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.Invariant;
import io.cachedfactory.Traits;
import io.cachedfactory.Version;
import io.cachedfactory.examples.stations.DistanceMatrix;
import io.cachedfactory.examples.stations.DistanceMatrixFactory;
import io.cachedfactory.examples.stations.Metric;
import io.cachedfactory.examples.stations.StationCatalog;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The weather stations grouped into {@code clusters} regions by k-medoids: each region is
 * represented by one of its own stations, the medoid, that minimises the distances to the others.
 *
 * <p>Building a clustering asks the generated {@code DistanceMatrixFactory} for its distances, so
 * this cached object is made from another cached object: the first clustering of a run pays for
 * the matrix, later ones (other cluster counts) find it in memory or on disk. Because
 * {@code dependsOn} names {@link DistanceMatrix}, whatever invalidates the matrix — its source,
 * its formulas, the station table — invalidates the clusterings too.
 *
 * <p>Stored with Java serialization: the arrays below are small next to the matrix. (Its fields
 * are JDK types only: the default codec admits the cached type's own package and JDK value types,
 * so a field of, say, type {@link Metric} from another package would need
 * {@code -Dcachedfactory.serialization.allow}.)
 */
@CachedFactory(dependsOn = DistanceMatrix.class,
        // Bump to rebuild every stored clustering, e.g. after changing how ties are broken.
        versions = @Version(owner = "ana", value = 1))
public final class Clustering implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int MAX_ITERATIONS = 100;
    private static final long SEED = 20_261_124L;

    private final int[] medoids;
    private final int[] assignment;
    private final double costKm;
    private final double silhouette;
    private final int iterations;

    /**
     * Clusters the first {@code stations} stations into {@code clusters} regions, measuring with
     * {@code metric}. Deterministic: the same arguments always give the same regions.
     *
     * @throws IllegalArgumentException if {@code clusters} is not between 1 and {@code stations}
     */
    public Clustering(int stations, Metric metric, int clusters) {
        if (clusters < 1 || clusters > stations) {
            throw new IllegalArgumentException("clusters must be between 1 and " + stations
                    + ", was " + clusters);
        }
        DistanceMatrix distances = new DistanceMatrixFactory().get(stations, metric);
        this.medoids = initialMedoids(distances, clusters);
        this.assignment = new int[stations];
        int rounds = 0;
        boolean changed = true;
        while (changed && rounds < MAX_ITERATIONS) {
            rounds++;
            assign(distances, medoids, assignment);
            changed = moveMedoids(distances, medoids, assignment);
        }
        assign(distances, medoids, assignment);
        this.iterations = rounds;
        this.costKm = cost(distances, medoids, assignment);
        this.silhouette = silhouette(distances, clusters, assignment);
    }

    /** The station table in use: part of every key, as for {@link DistanceMatrix}. */
    @Traits
    static String dataset() {
        return StationCatalog.identity();
    }

    /** The number of regions. */
    public int clusters() {
        return medoids.length;
    }

    /** The index of the station that represents region {@code cluster}. */
    public int medoid(int cluster) {
        return medoids[cluster];
    }

    /** The region of station {@code station}. */
    public int clusterOf(int station) {
        return assignment[station];
    }

    /** How many stations each region holds. */
    public int[] sizes() {
        int[] sizes = new int[medoids.length];
        for (int cluster : assignment) {
            sizes[cluster]++;
        }
        return sizes;
    }

    /** The sum of every station's distance to its region's medoid. */
    public double costKm() {
        return costKm;
    }

    /**
     * The mean silhouette coefficient, from -1 to 1: how much closer stations are to their own
     * region than to the nearest other one. Above 0.5 means well separated regions.
     */
    public double silhouette() {
        return silhouette;
    }

    /** Rounds of assigning and moving medoids until nothing changed. */
    public int iterations() {
        return iterations;
    }

    /**
     * Checked before a stored clustering is served: every station lies in a region, and each
     * medoid in its own.
     */
    @Invariant
    boolean isConsistent() {
        for (int i = 0; i < medoids.length; i++) {
            if (assignment[medoids[i]] != i) {
                return false;
            }
        }
        return Arrays.stream(assignment).allMatch(c -> c >= 0 && c < medoids.length);
    }

    @Override
    public String toString() {
        return "Clustering[" + assignment.length + " stations, " + medoids.length + " regions]";
    }

    /** k-medoids++: each next medoid is drawn with probability proportional to D². */
    private static int[] initialMedoids(DistanceMatrix distances, int clusters) {
        int n = distances.size();
        SplittableRandom random = new SplittableRandom(SEED);
        int[] medoids = new int[clusters];
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        medoids[0] = random.nextInt(n);
        for (int c = 1; c < clusters; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                double d = distances.distanceKm(i, medoids[c - 1]);
                nearest[i] = Math.min(nearest[i], d * d);
                total += nearest[i];
            }
            double target = random.nextDouble() * total;
            int chosen = 0;
            for (double sum = nearest[0]; sum < target && chosen < n - 1; ) {
                sum += nearest[++chosen];
            }
            medoids[c] = chosen;
        }
        return medoids;
    }

    private static void assign(DistanceMatrix distances, int[] medoids, int[] assignment) {
        for (int i = 0; i < assignment.length; i++) {
            int best = 0;
            for (int c = 1; c < medoids.length; c++) {
                if (distances.distanceKm(i, medoids[c])
                        < distances.distanceKm(i, medoids[best])) {
                    best = c;
                }
            }
            assignment[i] = best;
        }
        // A medoid always belongs to its own region, even when it coincides with another.
        for (int c = 0; c < medoids.length; c++) {
            assignment[medoids[c]] = c;
        }
    }

    /** Moves each medoid to the member with the least total distance; reports any change. */
    private static boolean moveMedoids(DistanceMatrix distances, int[] medoids, int[] assignment) {
        boolean changed = false;
        for (int c = 0; c < medoids.length; c++) {
            int cluster = c;
            int[] members = IntStream.range(0, assignment.length)
                    .filter(i -> assignment[i] == cluster)
                    .toArray();
            int best = medoids[c];
            double bestSum = Double.POSITIVE_INFINITY;
            for (int candidate : members) {
                double sum = 0;
                for (int member : members) {
                    sum += distances.distanceKm(candidate, member);
                }
                if (sum < bestSum || (sum == bestSum && candidate < best)) {
                    bestSum = sum;
                    best = candidate;
                }
            }
            changed |= best != medoids[c];
            medoids[c] = best;
        }
        return changed;
    }

    private static double cost(DistanceMatrix distances, int[] medoids, int[] assignment) {
        double sum = 0;
        for (int i = 0; i < assignment.length; i++) {
            sum += distances.distanceKm(i, medoids[assignment[i]]);
        }
        return sum;
    }

    /** Mean over stations of (b - a) / max(a, b); a station alone in its region counts 0. */
    private static double silhouette(DistanceMatrix distances, int clusters, int[] assignment) {
        if (clusters < 2) {
            return 0;
        }
        int n = assignment.length;
        int[] sizes = new int[clusters];
        for (int cluster : assignment) {
            sizes[cluster]++;
        }
        double total = 0;
        double[] sums = new double[clusters];
        for (int i = 0; i < n; i++) {
            Arrays.fill(sums, 0);
            for (int j = 0; j < n; j++) {
                sums[assignment[j]] += distances.distanceKm(i, j);
            }
            int own = assignment[i];
            if (sizes[own] < 2) {
                continue;
            }
            double a = sums[own] / (sizes[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < clusters; c++) {
                if (c != own && sizes[c] > 0) {
                    b = Math.min(b, sums[c] / sizes[c]);
                }
            }
            total += (b - a) / Math.max(a, b);
        }
        return total / n;
    }
}
