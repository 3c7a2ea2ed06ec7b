package io.cachedfactory.benchmarks;

import io.cachedfactory.CachedFactory;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A small cached object for the memory-hit and single-flight benchmarks: what a factory serves
 * from memory is a reference, so the object's size does not matter there.
 */
@CachedFactory
public final class Cube implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final int size;
    private final long[] cells;

    /** Builds a cube of {@code size} cells named {@code name}. */
    public Cube(String name, int size) {
        this.name = name;
        this.size = size;
        this.cells = new long[Math.max(1, size % 64)];
        Arrays.fill(cells, name.hashCode() * 31L + size);
    }

    /** The name it was built for. */
    public String name() {
        return name;
    }

    /** The size it was built for. */
    public int size() {
        return size;
    }

    /** A value that depends on every cell, so that a benchmark can consume it. */
    public long checksum() {
        long sum = 0;
        for (long cell : cells) {
            sum += cell;
        }
        return sum;
    }
}
