package io.cachedfactory.examples.stations;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.Invariant;
import io.cachedfactory.Traits;
import io.cachedfactory.runtime.MappedCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The distances between every pair of the first {@code stations} weather stations: a large,
 * immutable object that takes seconds to compute and is cached by the generated
 * {@code DistanceMatrixFactory}.
 *
 * <p>The matrix is symmetric with a zero diagonal, so only the upper triangle is kept: one block of
 * {@code float}s in a {@link ByteBuffer}. {@link BufferCodec} writes that block to the store as it
 * is and reads it back as a memory mapping of the payload file, so loading 30 MB from disk costs
 * next to nothing and the pages are shared with every other process that loads the same entry.
 */
@CachedFactory(dependsOn = {StationCatalog.class, GeoMath.class, Metric.class},
        resources = StationCatalog.RESOURCE,
        codec = DistanceMatrix.BufferCodec.class)
public final class DistanceMatrix {

    /** Bytes before the distances: the station count and the metric's ordinal. */
    private static final int HEADER_BYTES = 8;

    private final int size;
    private final Metric metric;
    private final ByteBuffer storage;
    private final FloatBuffer distances;

    /**
     * Computes the distances between each pair of the first {@code stations} stations of
     * {@link StationCatalog#load()}, using both cores of a laptop.
     *
     * @throws IllegalArgumentException if {@code stations} is below 2 or above the table's size
     */
    public DistanceMatrix(int stations, Metric metric) {
        List<Station> all = StationCatalog.load();
        if (stations < 2 || stations > all.size()) {
            throw new IllegalArgumentException("stations must be between 2 and " + all.size()
                    + ", was " + stations);
        }
        this.size = stations;
        this.metric = metric;
        this.storage = ByteBuffer.allocate(HEADER_BYTES + Float.BYTES * pairs(stations))
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0, stations)
                .putInt(4, metric.ordinal());
        this.distances = floats(storage);
        // Rows are independent; each thread writes its own part of the triangle.
        IntStream.range(0, stations).parallel().forEach(i -> {
            Station from = all.get(i);
            int base = rowStart(i, stations);
            for (int j = i + 1; j < stations; j++) {
                distances.put(base + j - i - 1, (float) GeoMath.distanceKm(metric, from,
                        all.get(j)));
            }
        });
    }

    /** Wraps a stored matrix: the header and distances written by {@link BufferCodec}. */
    private DistanceMatrix(ByteBuffer storage) {
        this.storage = storage.order(ByteOrder.LITTLE_ENDIAN);
        this.size = storage.getInt(0);
        this.metric = Metric.values()[storage.getInt(4)];
        this.distances = floats(storage);
        if (distances.capacity() != pairs(size)) {
            throw new IllegalArgumentException("stored matrix holds " + distances.capacity()
                    + " distances, expected " + pairs(size) + " for " + size + " stations");
        }
    }

    /**
     * Which station table the matrix is computed from. A table chosen at run time is not part of
     * the build-time fingerprint, so it goes into every request's key.
     */
    @Traits
    static String dataset() {
        return StationCatalog.identity();
    }

    /** The number of stations. */
    public int size() {
        return size;
    }

    /** How distances were measured. */
    public Metric metric() {
        return metric;
    }

    /** The distance between stations {@code i} and {@code j} in kilometres. */
    public float distanceKm(int i, int j) {
        if (i == j) {
            checkIndex(i);
            return 0;
        }
        int row = Math.min(i, j);
        int column = Math.max(i, j);
        checkIndex(column);
        return distances.get(rowStart(row, size) + column - row - 1);
    }

    /** The {@code k} stations nearest to station {@code i}, nearest first, ties by index. */
    public int[] nearest(int i, int k) {
        checkIndex(i);
        return IntStream.range(0, size)
                .filter(j -> j != i)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(j -> distanceKm(i, j))
                        .thenComparingInt(j -> j))
                .limit(k)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /**
     * Checked before a stored matrix is served: every distance is a finite, non-negative number
     * of kilometres. Scans 8 million floats in a few milliseconds.
     */
    @Invariant
    boolean hasOnlyValidDistances() {
        for (int k = 0, n = distances.capacity(); k < n; k++) {
            float d = distances.get(k);
            if (!(d >= 0) || Float.isInfinite(d)) {
                return false;
            }
        }
        return true;
    }

    /** Equal when both hold the same distances between the same stations by the same metric. */
    @Override
    public boolean equals(Object other) {
        return other instanceof DistanceMatrix that && size == that.size && metric == that.metric
                && distances.equals(that.distances);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, metric, distances);
    }

    @Override
    public String toString() {
        return "DistanceMatrix[" + size + " stations, " + metric + "]";
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("station " + i + " of " + size);
        }
    }

    private static int pairs(int stations) {
        return Math.toIntExact((long) stations * (stations - 1) / 2);
    }

    /** Index of the distance (i, i + 1) in the row-major upper triangle. */
    private static int rowStart(int i, int stations) {
        return Math.toIntExact((long) i * stations - (long) i * (i + 1) / 2);
    }

    private static FloatBuffer floats(ByteBuffer storage) {
        return storage.slice(HEADER_BYTES, storage.capacity() - HEADER_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
    }

    /**
     * Stores a matrix as its raw little-endian bytes and loads it back as a read-only memory
     * mapping of the payload file, without copying: the loaded matrix keeps the mapping as its
     * storage.
     */
    public static final class BufferCodec extends MappedCodec<DistanceMatrix> {

        /** Named in {@code @CachedFactory(codec = ...)}; the generated factory creates it. */
        public BufferCodec() {
        }

        /** Layout: station count, metric ordinal, then the upper triangle, all little-endian. */
        @Override
        public String id() {
            return "distance-matrix/1";
        }

        @Override
        protected ByteBuffer toBuffer(DistanceMatrix matrix) {
            return matrix.storage.duplicate().clear();
        }

        @Override
        protected DistanceMatrix fromBuffer(ByteBuffer mapped) {
            return new DistanceMatrix(mapped);
        }
    }
}
