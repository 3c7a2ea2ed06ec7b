package io.cachedfactory.runtime;

import java.net.URI;
import java.util.Optional;

/**
 * Opens a {@link RemoteTier} from a URI such as {@code redis://cache.internal:6379}; found with
 * {@link java.util.ServiceLoader}, so adding a module such as {@code cachedfactory-redis} to the class
 * path is enough for {@code -Dcachedfactory.remote=redis://...} to work.
 */
public interface RemoteTierProvider {

    /** Whether this provider handles {@code uri}'s scheme. */
    boolean supports(URI uri);

    /**
     * Opens the tier. Must not throw for an unreachable server: the tier degrades and retries.
     *
     * @param signingKey the shared key entries are signed and verified with
     *     ({@code cachedfactory.remote.key} / {@code CACHEDFACTORY_REMOTE_KEY}), if configured
     */
    RemoteTier open(URI uri, Optional<byte[]> signingKey);
}
