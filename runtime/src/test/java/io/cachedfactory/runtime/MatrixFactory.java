package io.cachedfactory.runtime;

import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.runtime.internal.FactoryCache;
import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.util.function.Predicate;

/**
 * A factory written by hand exactly as the annotation processor generates one, so the runtime's
 * tests exercise the same calls generated code makes.
 */
final class MatrixFactory {

    static final Fingerprint FINGERPRINT = Fingerprint.builder()
            .add("codec:java-serialization/1", "java-serialization/1")
            .add("format:1", "1")
            .add("source:io.cachedfactory.runtime.Matrix", "sha256:test")
            .add("version:tests", "1")
            .build();

    static final String VERSION = FINGERPRINT.version();

    private final FactoryCache<Matrix> cache;

    MatrixFactory(CacheStore store) {
        this(store, descriptor(FINGERPRINT).build());
    }

    MatrixFactory(CacheStore store, FactoryDescriptor<Matrix> descriptor) {
        this.cache = store.cache(descriptor);
    }

    /** The descriptor generated code would declare, open for tests to vary. */
    static FactoryDescriptor.Builder<Matrix> descriptor(Fingerprint fingerprint) {
        return FactoryDescriptor.builder(Matrix.class, "io.cachedfactory.runtime.MatrixFactory",
                        fingerprint)
                .codec(JavaSerializationCodec.forType(Matrix.class))
                .memory(MemoryPolicy.WEAK)
                .invariant(Matrix::isFinite);
    }

    Matrix get(String seed, int size) {
        return get(seed, size, null);
    }

    Matrix get(String seed, int size, Predicate<? super Matrix> requirement) {
        return cache.get(key(seed, size), () -> new Matrix(seed, size), requirement);
    }

    CacheState state(String seed, int size) {
        return cache.state(key(seed, size));
    }

    boolean invalidate(String seed, int size) {
        return cache.invalidate(key(seed, size));
    }

    Explanation explainForTest(String seed, int size) {
        return cache.explain(key(seed, size));
    }

    FactoryStats stats() {
        return cache.stats();
    }

    static RequestKey key(String seed, int size) {
        return RequestKey.builder("Matrix(String,int)").arg("seed", seed).arg("size", size).build();
    }
}
