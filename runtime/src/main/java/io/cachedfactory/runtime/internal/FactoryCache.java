package io.cachedfactory.runtime.internal;

import io.cachedfactory.runtime.CacheState;
import io.cachedfactory.runtime.Explanation;
import io.cachedfactory.runtime.FactoryStats;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * One factory's view of a {@link CacheStore}: what generated factories call. Obtained with
 * {@link CacheStore#cache(FactoryDescriptor)}; public for generated code, not for applications.
 *
 * @param <T> the cached type
 */
public interface FactoryCache<T> {

    /**
     * Returns the object for {@code key}: from memory, else from disk, else built once by
     * {@code build} and stored. Concurrent requests for one key, in this process or in others on the
     * same store, share one build. Storage trouble never fails this call.
     *
     * @param requirement a per-call check a served object must pass, or {@code null}; an object that
     *     fails it is rebuilt and replaces the stored entry
     * @throws BuildException if {@code build} threw a checked exception
     * @throws IllegalStateException if the build asks, directly or indirectly, for its own key
     */
    T get(RequestKey key, Callable<? extends T> build, Predicate<? super T> requirement);

    /** Where the object for {@code key} stands now. */
    CacheState state(RequestKey key);

    /**
     * Removes the object for {@code key} from memory and disk, under the current fingerprint.
     *
     * @return whether anything was removed
     */
    boolean invalidate(RequestKey key);

    /**
     * Why a {@code get} for {@code key} would be served or would build, without loading or
     * building anything. When the same arguments are stored under another fingerprint, names the
     * components that differ.
     */
    Explanation explain(RequestKey key);

    /** This factory's counters in this store. */
    FactoryStats stats();

    /** The factory this cache serves. */
    FactoryDescriptor<T> descriptor();
}
