package io.cachedfactory.runtime;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.Invariant;
import io.cachedfactory.Version;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cached type of the runtime tests: an immutable matrix whose entries follow deterministically
 * from its arguments, so any process can check that an object it was served is the right one.
 *
 * <p>The annotations are inert here (the runtime is built before the processor); the processor's
 * RuntimeMatrixFactoryTest runs it on this file and checks that {@link MatrixFactory} is exactly
 * what it generates.
 */
@CachedFactory(versions = @Version(owner = "tests", value = 1))
final class Matrix implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Constructor calls in this JVM: how tests count builds. */
    static final AtomicInteger BUILDS = new AtomicInteger();

    private final String seed;
    private final int size;
    private final double[] values;

    Matrix(String seed, int size) {
        BUILDS.incrementAndGet();
        this.seed = seed;
        this.size = size;
        this.values = expectedValues(seed, size);
    }

    String seed() {
        return seed;
    }

    int size() {
        return size;
    }

    /** Whether this matrix holds exactly what {@code new Matrix(seed, size)} computes. */
    boolean isExactly(String expectedSeed, int expectedSize) {
        return seed.equals(expectedSeed) && size == expectedSize
                && Arrays.equals(values, expectedValues(expectedSeed, expectedSize));
    }

    /** Whether every entry is finite: the invariant of {@link MatrixFactory}. */
    @Invariant
    boolean isFinite() {
        return Arrays.stream(values).allMatch(Double::isFinite);
    }

    private static double[] expectedValues(String seed, int size) {
        // A seed derived from the string's characters, not hashCode(), so values are stable anywhere.
        long state = 1125899906842597L;
        for (int i = 0; i < seed.length(); i++) {
            state = 31 * state + seed.charAt(i);
        }
        SplittableRandom random = new SplittableRandom(state);
        double[] values = new double[size * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble();
        }
        return values;
    }

    @Override
    public String toString() {
        return "Matrix(" + seed + ", " + size + ")";
    }
}
