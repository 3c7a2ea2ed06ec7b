package io.cachedfactory.redis;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.runtime.BuildHook;
import io.cachedfactory.runtime.JavaSerializationCodec;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cached type of these tests: immutable, with contents that follow from its arguments, so any
 * process can check that what it was served is exactly what a build computes. The processor
 * generates its {@link ItemFactory} when the tests compile; its codec counts decodes, so a test
 * can tell that a refused entry never reached a codec.
 */
@CachedFactory(codec = Item.CountingCodec.class)
final class Item implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Constructor calls in this JVM: how tests count builds. */
    static final AtomicInteger BUILDS = new AtomicInteger();

    /** Decodes in this JVM, by any {@code ItemFactory}. */
    static final AtomicInteger DECODES = new AtomicInteger();

    private final String name;
    private final long[] values;

    Item(String name, int size) {
        BuildHook.runBefore(name); // what a child JVM logs, signals or blocks on
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

    /** Java serialization, counting reads in {@link #DECODES}. */
    static final class CountingCodec extends io.cachedfactory.runtime.CountingCodec<Item> {
        CountingCodec() {
            super(JavaSerializationCodec.forType(Item.class), DECODES);
        }
    }

    /** An item whose stored entries expire after an hour, through {@code ExpiringItemFactory}. */
    @CachedFactory(name = "ExpiringItemFactory", maxAge = "PT1H")
    static final class Expiring implements Serializable {

        private static final long serialVersionUID = 1L;

        private final Item item;

        Expiring(String name, int size) {
            this.item = new Item(name, size);
        }

        Item item() {
            return item;
        }
    }
}
