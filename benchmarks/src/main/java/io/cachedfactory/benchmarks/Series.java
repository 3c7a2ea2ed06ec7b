package io.cachedfactory.benchmarks;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.MemoryPolicy;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A large object that is mostly one primitive array: a {@code double[]} of {@code sizeMiB} MiB and
 * a few fields, as a user's precomputed table or time series. {@code SeriesFactory} is its
 * generated factory, with the store's default codec; memory policy NONE, so that a repeated
 * {@code get} goes to disk (for a first load in a process the memory tier is empty anyway).
 */
public final class Series implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final int sizeMiB;
    private final double step;
    private final double[] values;

    /** A deterministic series of {@code sizeMiB} MiB of doubles. */
    @CachedFactory(memory = MemoryPolicy.NONE)
    public Series(int sizeMiB) {
        this.name = "series-" + sizeMiB;
        this.sizeMiB = sizeMiB;
        this.step = 1.0 / 1024;
        this.values = new double[sizeMiB * (1 << 20) / Double.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.fma(i, step, (i & 1023) * 0.5);
        }
    }

    /** The size it was built for, in MiB. */
    public int sizeMiB() {
        return sizeMiB;
    }

    /** How many values. */
    public int length() {
        return values.length;
    }

    /** The values' bytes, little-endian: what a hand-rolled cache writes to a file. */
    public byte[] valueBytes() {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Double.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.asDoubleBuffer().put(values);
        return bytes.array();
    }

    /** A digest of every field and value: equal for a series and its copy read back from disk. */
    public long checksum() {
        long sum = name.hashCode() * 31L + sizeMiB;
        sum = 31 * sum + Double.doubleToLongBits(step);
        for (double value : values) {
            sum = 31 * sum + Double.doubleToLongBits(value);
        }
        return sum;
    }
}
