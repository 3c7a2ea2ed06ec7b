package io.cachedfactory.redis;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cached type of these tests: immutable, with contents that follow from its arguments, so any
 * process can check that what it was served is exactly what a build computes.
 */
final class Item implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Constructor calls in this JVM: how tests count builds. */
    static final AtomicInteger BUILDS = new AtomicInteger();

    private final String name;
    private final long[] values;

    Item(String name, int size) {
        BUILDS.incrementAndGet();
        this.name = name;
        this.values = values(name, size);
    }

    /** Whether this item holds exactly what {@code new Item(name, size)} computes. */
    boolean isExactly(String expectedName, int expectedSize) {
        return name.equals(expectedName)
                && Arrays.equals(values, values(expectedName, expectedSize));
    }

    private static long[] values(String name, int size) {
        long seed = 17;
        for (int i = 0; i < name.length(); i++) {
            seed = 31 * seed + name.charAt(i);
        }
        return new SplittableRandom(seed).longs(size).toArray();
    }

    @Override
    public String toString() {
        return "Item(" + name + ", " + values.length + ")";
    }
}
