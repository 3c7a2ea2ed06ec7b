package io.cachedfactory.runtime;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The entries a {@link RemoteTier} holds, for maintenance tools: the {@code cachedfactory} command's
 * {@code ls --remote} and {@code prune --remote}. A tier whose server expires entries by itself (as
 * Redis does) need not offer it; see {@link RemoteTier#entries()}.
 */
public interface RemoteEntries {

    /**
     * One remote entry.
     *
     * @param entryId the store's 64-hex-digit entry id (factory, fingerprint and arguments)
     * @param bytes the payload's length
     * @param stored when the server last wrote it
     */
    record Entry(String entryId, long bytes, Instant stored) {

        /** Checks the fields. */
        public Entry {
            Objects.requireNonNull(entryId, "entryId");
            Objects.requireNonNull(stored, "stored");
        }
    }

    /**
     * Every entry, read page by page from the server as the stream is consumed; close it when done.
     *
     * @throws java.io.UncheckedIOException or the client's exception when the server cannot be read
     */
    Stream<Entry> list();

    /**
     * When {@code entryId} expires (its factory's {@code maxAge}), if it does; reads the entry's
     * metadata, one request per call. Empty too for an entry that is gone or not one of ours.
     */
    Optional<Instant> expiry(String entryId);

    /**
     * Removes {@code entryId}. A machine fetching it at that moment either completes its fetch or
     * misses and builds; it never gets part of an entry.
     *
     * @throws IllegalStateException if the tier is read-only
     */
    void remove(String entryId);
}
