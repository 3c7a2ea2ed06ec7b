package io.cachedfactory.s3;

import io.cachedfactory.CachedFactory;
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

    /** A build hook for child JVMs: runs inside a build, before the table is constructed. */
    @FunctionalInterface
    interface BeforeBuild {
        void run(String name) throws Exception;
    }

    private static volatile BeforeBuild beforeBuild = name -> { };

    private final String name;
    private final int[] cells;

    Table(String name, int size) {
        runBeforeBuild(name);
        BUILDS.incrementAndGet();
        this.name = name;
        this.cells = cells(name, size);
    }

    /** Sets the hook every later build in this JVM runs first (a child JVM's, once). */
    static void beforeEachBuild(BeforeBuild hook) {
        beforeBuild = hook;
    }

    private static void runBeforeBuild(String name) {
        try {
            beforeBuild.run(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before building " + name, e);
        } catch (Exception e) {
            throw new IllegalStateException("the hook before building " + name + " failed", e);
        }
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
