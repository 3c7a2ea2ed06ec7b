package io.cachedfactory.s3;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.runtime.BuildHook;
import io.cachedfactory.runtime.JavaSerializationCodec;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cached type of these tests: immutable, its cells follow from its arguments, so any process
 * can check that what it was served is exactly what a build computes. Its codec counts decodes, so
 * a test can tell that a refused entry never reached a codec.
 */
@CachedFactory(codec = Table.CountingCodec.class)
final class Table implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Constructor calls in this JVM: how tests count builds. */
    static final AtomicInteger BUILDS = new AtomicInteger();

    /** Decodes in this JVM, by any {@code TableFactory}. */
    static final AtomicInteger DECODES = new AtomicInteger();

    private final String name;
    private final int[] cells;

    Table(String name, int size) {
        BuildHook.runBefore(name); // what a child JVM logs, signals or blocks on
        BUILDS.incrementAndGet();
        this.name = name;
        this.cells = cells(name, size);
    }

    /** Whether this table holds exactly what {@code new Table(name, size)} computes. */
    boolean holds(String expectedName, int expectedSize) {
        return name.equals(expectedName) && Arrays.equals(cells, cells(expectedName, expectedSize));
    }

    private static int[] cells(String name, int size) {
        return new SplittableRandom(name.hashCode()).ints(size).toArray();
    }

    @Override
    public String toString() {
        return "Table(" + name + ", " + cells.length + ")";
    }

    /** Java serialization, counting reads in {@link #DECODES}. */
    static final class CountingCodec extends io.cachedfactory.runtime.CountingCodec<Table> {
        CountingCodec() {
            super(JavaSerializationCodec.forType(Table.class), DECODES);
        }
    }

    /** A table whose stored entries expire after four seconds, through ExpiringTableFactory. */
    @CachedFactory(name = "ExpiringTableFactory", maxAge = "PT4S")
    static final class Expiring implements Serializable {

        private static final long serialVersionUID = 1L;

        private final Table table;

        Expiring(String name, int size) {
            this.table = new Table(name, size);
        }

        Table table() {
            return table;
        }
    }
}
