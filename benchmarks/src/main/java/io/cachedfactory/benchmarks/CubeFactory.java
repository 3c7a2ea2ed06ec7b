package io.cachedfactory.benchmarks;

import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.runtime.CacheState;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.FactoryCache;
import io.cachedfactory.runtime.FactoryDescriptor;
import io.cachedfactory.runtime.FactoryStats;
import io.cachedfactory.runtime.Fingerprint;
import io.cachedfactory.runtime.JavaSerializationCodec;
import io.cachedfactory.runtime.RequestKey;
import java.util.function.Predicate;

/*
 * Hand-written copy of what the annotation processor generates for Cube, line for line in the
 * shape of processor/src/test/resources/expected/*Factory.java, so that the memory-hit benchmark
 * measures the generated code path. The processor is not on main yet; once it is, list it in this
 * module's annotationProcessorPaths and delete this file (the processor then writes CubeFactory).
 */

/** Caching factory for {@link Cube} (hand-written stand-in for the generated one). */
public final class CubeFactory {
    /** What {@link #VERSION} covers. */
    public static final Fingerprint FINGERPRINT = Fingerprint.builder()
            .add("codec:java-serialization/1", "java-serialization/1")
            .add("format:1", "1")
            .add("source:io.cachedfactory.benchmarks.Cube",
                    "5a3c0b1f0e7e2c9d4b6a8f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4")
            .build();

    /** Hex SHA-256 of {@link #FINGERPRINT}: the code version stored objects are built with. */
    public static final String VERSION = FINGERPRINT.version();

    private static final FactoryDescriptor<Cube> DESCRIPTOR = FactoryDescriptor
            .builder(Cube.class, "io.cachedfactory.benchmarks.CubeFactory", FINGERPRINT)
            .codec(JavaSerializationCodec.forType(Cube.class))
            .memory(MemoryPolicy.WEAK)
            .build();

    private final FactoryCache<Cube> cache;

    /** A factory on {@link CacheStore#defaultStore()}. */
    public CubeFactory() {
        this(CacheStore.defaultStore());
    }

    /** A factory on {@code store}. */
    public CubeFactory(CacheStore store) {
        this.cache = store.cache(DESCRIPTOR);
    }

    /** Returns the object {@code new Cube(name, size)} builds. */
    public Cube get(String name, int size) {
        return cache.get(key(name, size), () -> new Cube(name, size), null);
    }

    /** Like {@link #get(String, int)}, with a requirement. */
    public Cube get(String name, int size, Predicate<? super Cube> requirement) {
        return cache.get(key(name, size), () -> new Cube(name, size), requirement);
    }

    /** Where the object for these arguments stands. */
    public CacheState state(String name, int size) {
        return cache.state(key(name, size));
    }

    /** Removes the object for these arguments from memory and disk. */
    public boolean invalidate(String name, int size) {
        return cache.invalidate(key(name, size));
    }

    /** This factory's counters in its store. */
    public FactoryStats stats() {
        return cache.stats();
    }

    private static RequestKey key(String name, int size) {
        return RequestKey.builder("Cube(String,int)")
                .arg("name", name)
                .arg("size", size)
                .build();
    }
}
