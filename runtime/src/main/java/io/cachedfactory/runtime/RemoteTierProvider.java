package io.cachedfactory.runtime;

import java.net.URI;
import java.util.Optional;
import java.util.ServiceLoader;

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

    /**
     * Opens {@code uri} with the first provider on the class path that supports it.
     *
     * @param loader where providers are looked up
     * @throws IllegalArgumentException when no provider handles the URI, or the provider refuses
     *     it (a malformed option, a short key)
     */
    static RemoteTier openFromClassPath(URI uri, Optional<byte[]> signingKey,
            ClassLoader loader) {
        return openOne(uri, signingKey, loader);
    }

    /**
     * Opens a comma-separated list of URIs as a {@link RemoteTierChain}, nearest first ({@code
     * redis://cache:6379,s3://bucket/prefix}), or a single URI as its tier.
     *
     * @throws IllegalArgumentException as {@link #openFromClassPath} for any of them; tiers
     *     already opened are closed
     */
    static RemoteTier openFromClassPath(String uris, Optional<byte[]> signingKey,
            ClassLoader loader) {
        String[] parts = uris.split(",");
        if (parts.length == 1) {
            return openOne(URI.create(uris.trim()), signingKey, loader);
        }
        java.util.List<RemoteTier> opened = new java.util.ArrayList<>();
        try {
            for (String part : parts) {
                opened.add(openOne(URI.create(part.trim()), signingKey, loader));
            }
        } catch (RuntimeException e) {
            opened.forEach(RemoteTier::close);
            throw e;
        }
        return RemoteTierChain.of(opened);
    }

    private static RemoteTier openOne(URI uri, Optional<byte[]> signingKey, ClassLoader loader) {
        for (RemoteTierProvider provider : ServiceLoader.load(RemoteTierProvider.class, loader)) {
            if (provider.supports(uri)) {
                return provider.open(uri, signingKey);
            }
        }
        throw new IllegalArgumentException("remote " + uri + ": no provider for scheme '"
                + uri.getScheme() + "' on the class path; for redis:// add the"
                + " io.cachedfactory:cachedfactory-redis module, for s3:// cachedfactory-s3");
    }
}
