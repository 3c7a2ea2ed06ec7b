package io.cachedfactory.runtime.internal;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * One request of a generated factory: its arguments, how to encode them into the persistent key,
 * and how to build the object they stand for. Generated factories implement it with a private
 * record of the method's arguments, so that a memory hit compares the arguments themselves and the
 * key bytes are encoded only on a memory miss. Public for generated code, not for applications.
 *
 * <p>The memory tier keys an entry by the request itself only when {@link #keysMemory()} says its
 * {@code equals} agrees with its key bytes: two requests are equal exactly when their keys are
 * (see {@code io.cachedfactory.common.ValueEqualTypes}). Otherwise it keys the entry by the bytes.
 *
 * @param <T> the cached type
 */
public interface CacheRequest<T> {

    /** The canonical key bytes of these arguments, for the disk and remote tiers. */
    RequestKey key();

    /** Builds the object these arguments stand for, on a miss of every tier. */
    T build() throws Exception;

    /**
     * Whether this request's {@code equals} and {@code hashCode} agree with {@link #key()}, so that
     * the request itself can key the memory tier.
     */
    boolean keysMemory();

    /**
     * A request keyed by its bytes everywhere, memory included: for hand-written factories and
     * for operations that only have a key ({@code build} may be {@code null} when nothing is built).
     */
    static <T> CacheRequest<T> of(RequestKey key, Callable<? extends T> build) {
        Objects.requireNonNull(key, "key");
        return new CacheRequest<>() {
            @Override
            public RequestKey key() {
                return key;
            }

            @Override
            public T build() throws Exception {
                if (build == null) {
                    throw new IllegalStateException("this request only looks " + key + " up");
                }
                return build.call();
            }

            @Override
            public boolean keysMemory() {
                return false;
            }
        };
    }
}
