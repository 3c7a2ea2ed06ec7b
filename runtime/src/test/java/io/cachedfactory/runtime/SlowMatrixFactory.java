package io.cachedfactory.runtime;

import io.cachedfactory.runtime.internal.FactoryCache;

/**
 * {@link MatrixFactory} with hooks around the build, for the child JVMs of
 * {@link MultiProcessStoreTest}: a hook may record the build, slow it down or block it until the
 * process is killed. It is shaped like generated code and shares {@code MatrixFactory}'s name,
 * fingerprint, descriptor and keys, so both factories read and write the same entries.
 */
final class SlowMatrixFactory {

    /** Runs inside a build of {@code Matrix(seed, size)}. */
    @FunctionalInterface
    interface BuildHook {
        void run(String seed, int size) throws Exception;
    }

    private final FactoryCache<Matrix> cache;
    private final BuildHook beforeBuild;
    private final BuildHook afterBuild;

    /**
     * A factory on {@code store} whose build runs {@code beforeBuild}, then constructs the matrix,
     * then runs {@code afterBuild}.
     */
    SlowMatrixFactory(CacheStore store, BuildHook beforeBuild, BuildHook afterBuild) {
        this.cache = store.cache(MatrixFactory.descriptor(MatrixFactory.FINGERPRINT).build());
        this.beforeBuild = beforeBuild;
        this.afterBuild = afterBuild;
    }

    Matrix get(String seed, int size) {
        return cache.get(MatrixFactory.keyOf(seed, size), () -> {
            beforeBuild.run(seed, size);
            Matrix matrix = new Matrix(seed, size);
            afterBuild.run(seed, size);
            return matrix;
        }, null);
    }

    CacheState state(String seed, int size) {
        return cache.state(MatrixFactory.keyOf(seed, size));
    }

    FactoryStats stats() {
        return cache.stats();
    }
}
