package io.cachedfactory.runtime.internal;

import io.cachedfactory.runtime.CacheState;
import io.cachedfactory.runtime.Explanation;
import io.cachedfactory.runtime.FactoryStats;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * One factory's view of a {@link io.cachedfactory.runtime.CacheStore}: what generated factories
 * call. Obtained with {@link io.cachedfactory.runtime.CacheStore#cache(FactoryDescriptor)}; public
 * for generated code, not for applications.
 *
 * @param <T> the cached type
 */
public interface FactoryCache<T> {

    /**
     * Returns the object {@code request} stands for: from memory, else from disk, else built once
     * by {@link CacheRequest#build()} and stored. Concurrent requests for one key, in this process
     * or in others on the same store, share one build. Storage trouble never fails this call.
     *
     * @param requirement a per-call check a served object must pass, or {@code null}; an object that
     *     fails it is rebuilt and replaces the stored entry
     * @throws BuildException if the build threw a checked exception
     * @throws IllegalStateException if the build asks, directly or indirectly, for its own key
     */
    T get(CacheRequest<T> request, Predicate<? super T> requirement);

    /** Where the object for {@code request} stands now. */
    CacheState state(CacheRequest<T> request);

    /**
     * Removes the object for {@code request} from memory and disk, under the current fingerprint.
     *
     * @return whether anything was removed
     */
    boolean invalidate(CacheRequest<T> request);

    /**
     * Why a {@code get} for {@code request} would be served or would build, without loading or
     * building anything. When the same arguments are stored under another fingerprint, names the
     * components that differ.
     */
    Explanation explain(CacheRequest<T> request);

    /** This factory's counters in this store. */
    FactoryStats stats();

    /** The factory this cache serves. */
    FactoryDescriptor<T> descriptor();

    /**
     * {@link #get(CacheRequest, Predicate)} for a request keyed by its bytes in memory too, as a
     * hand-written factory makes it.
     */
    default T get(RequestKey key, Callable<? extends T> build, Predicate<? super T> requirement) {
        return get(CacheRequest.of(key, Objects.requireNonNull(build, "build")), requirement);
    }

    /** {@link #state(CacheRequest)} of a request keyed by its bytes. */
    default CacheState state(RequestKey key) {
        return state(CacheRequest.of(key, null));
    }

    /** {@link #invalidate(CacheRequest)} of a request keyed by its bytes. */
    default boolean invalidate(RequestKey key) {
        return invalidate(CacheRequest.of(key, null));
    }

    /** {@link #explain(CacheRequest)} of a request keyed by its bytes. */
    default Explanation explain(RequestKey key) {
        return explain(CacheRequest.of(key, null));
    }
}
