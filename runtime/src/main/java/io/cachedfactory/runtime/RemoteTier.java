package io.cachedfactory.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A tier shared by many machines, between the local disk and the build: the lookup order becomes
 * memory → local disk → remote → build. Implemented by the {@code cachedfactory-redis} module;
 * configured with {@link CacheStore.Builder#remote(RemoteTier)} or, for the default store, the
 * system property {@code cachedfactory.remote} / environment variable {@code CACHEDFACTORY_REMOTE}
 * (see {@link RemoteTierProvider}).
 *
 * <p>A remote tier moves whole payload files, byte for byte, under their entry id (a 64-digit hex
 * string that already covers the factory, the fingerprint and the arguments). The store verifies a
 * fetched payload like a local one (header, key bytes, checksum, and the store's own signature when
 * it has a signing key) before decoding it; a remote tier that signs entries verifies its own
 * signatures in {@link #fetch} so that tampered bytes never reach the local store.
 *
 * <p>Remote trouble never fails a request: implementations return {@code false} or a no-op lease,
 * log once, retry later, and report through {@link #errors()}.
 */
public interface RemoteTier extends AutoCloseable {

    /**
     * Copies the payload of {@code entryId} into {@code target} (a file that does not exist yet).
     *
     * @return whether a complete, verified payload was written; {@code false} when absent, when the
     *     remote is unavailable or when the entry did not verify (then {@code target} is absent)
     */
    boolean fetch(String entryId, Path target);

    /**
     * Waits until this process may build {@code entryId} without another machine building it at the
     * same time. A lease whose holder dies expires, and a waiter takes over.
     *
     * @return the lease; a no-op lease when the remote is unavailable, so the caller builds anyway
     */
    Lease lease(String entryId) throws InterruptedException;

    /**
     * Publishes a complete local payload file in the background and then releases {@code lease}.
     * Opens {@code payloadFile} before returning, so a later local eviction does not matter. Never
     * delays the caller beyond that, and does nothing in read-only mode.
     *
     * @param ttl how long the entry may live remotely (the factory's {@code maxAge}), if limited
     */
    void publish(String entryId, Path payloadFile, Lease lease, Optional<Duration> ttl);

    /** Remote operations that failed and were skipped since the tier was opened. */
    long errors();

    /**
     * The tier's entries, for listing and pruning them ({@code cachedfactory ls --remote},
     * {@code prune --remote}); empty, the default, for a tier whose server expires entries by
     * itself.
     */
    default Optional<RemoteEntries> entries() {
        return Optional.empty();
    }

    /** Finishes pending publishes (bounded) and closes connections. */
    @Override
    void close();

    /** The right to build one entry across machines; closing releases it. */
    interface Lease extends AutoCloseable {

        /** A lease that guards nothing: for unavailable remotes and read-only mode. */
        Lease NONE = () -> { };

        @Override
        void close();
    }
}
