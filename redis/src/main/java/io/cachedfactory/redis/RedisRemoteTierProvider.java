package io.cachedfactory.redis;

import io.cachedfactory.runtime.RemoteTier;
import io.cachedfactory.runtime.RemoteTierOptions;
import io.cachedfactory.runtime.RemoteTierProvider;
import io.cachedfactory.runtime.RemoteTierSupport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens a {@link RedisRemoteTier} for {@code redis://} and {@code rediss://} (TLS) URIs, so that
 * {@code -Dcachedfactory.remote=redis://host:6379} (or {@code CACHEDFACTORY_REMOTE}) is enough for
 * the default store when this module is on the class path.
 *
 * <p>The URI is Lettuce's: {@code redis://[[user]:password@]host[:port][/database]}, with Lettuce's
 * own query options such as {@code timeout=2s} (the command timeout; 2 s unless given) or, for
 * {@code rediss}, {@code verifyPeer=false}. This provider adds, all optional:
 * <ul>
 *   <li>{@code readonly=true}: only fetch; never publish, never take leases;
 *   <li>{@code chunkSize=4m}: bytes per chunk ({@code k}, {@code m} suffixes are binary);
 *   <li>{@code leaseTtl=10s}: a build lease's time to live without renewal;
 *   <li>{@code prefix=cachedfactory:}: the prefix of every key.
 * </ul>
 * For example {@code rediss://:s3cret@cache.internal:6380/2?readonly=true&timeout=3s}.
 *
 * <p>The signing key comes from {@code cachedfactory.remote.key} / {@code CACHEDFACTORY_REMOTE_KEY}
 * (at least {@value RemoteTierSupport#MIN_SIGNING_KEY_BYTES} bytes); without one, entries are
 * unsigned.
 */
public final class RedisRemoteTierProvider implements RemoteTierProvider {

    /** For {@link java.util.ServiceLoader}. */
    public RedisRemoteTierProvider() {
    }

    @Override
    public boolean supports(URI uri) {
        return redisScheme(uri);
    }

    private static boolean redisScheme(URI uri) {
        String scheme = uri.getScheme();
        return scheme != null && (scheme.equalsIgnoreCase("redis")
                || scheme.equalsIgnoreCase("rediss"));
    }

    /**
     * Opens the tier; never connects here.
     *
     * @throws IllegalArgumentException if the URI or one of its options is malformed, or the
     *     signing key is shorter than {@value RemoteTierSupport#MIN_SIGNING_KEY_BYTES} bytes
     */
    @Override
    public RemoteTier open(URI uri, Optional<byte[]> signingKey) {
        return configure(uri, signingKey).open();
    }

    /** The builder {@link #open} uses: the URI's own options applied. */
    static RedisRemoteTier.Builder configure(URI uri, Optional<byte[]> signingKey) {
        if (!redisScheme(uri)) {
            throw new IllegalArgumentException("remote " + redact(uri)
                    + ": not a redis:// or rediss:// URI");
        }
        RemoteTierOptions options = RemoteTierOptions.of(uri);
        List<String> kept = new ArrayList<>();
        boolean readOnly = false;
        Integer chunkSize = null;
        Duration leaseTtl = null;
        Duration timeout = Duration.ofSeconds(2);
        String prefix = null;
        for (RemoteTierOptions.Option option : options.options()) {
            String name = option.name();
            String value = option.value();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "readonly" -> readOnly = RemoteTierOptions.bool(name, value);
                case "chunksize" -> chunkSize = size(name, value);
                case "leasettl" -> leaseTtl = RemoteTierOptions.duration(name, value);
                case "prefix" -> prefix = value;
                case "timeout" -> timeout = RemoteTierOptions.duration(name, value);
                default -> kept.add(option.raw()); // Lettuce's own options
            }
        }
        String base = options.base();
        URI lettuceUri = URI.create(kept.isEmpty() ? base : base + "?" + String.join("&", kept));
        RedisRemoteTier.Builder builder = RedisRemoteTier.builder(lettuceUri)
                .readOnly(readOnly)
                .commandTimeout(timeout);
        if (chunkSize != null) {
            builder.chunkSize(chunkSize);
        }
        if (leaseTtl != null) {
            builder.leaseTimeToLive(leaseTtl);
        }
        if (prefix != null) {
            builder.keyPrefix(prefix);
        }
        signingKey.ifPresent(builder::signingKey);
        return builder;
    }

    /** Bytes, with an optional binary suffix: {@code 4194304}, {@code 4096k}, {@code 4m}. */
    static int size(String name, String value) {
        return (int) RemoteTierOptions.size(name, value, Integer.MAX_VALUE);
    }

    /** The URI without its password, for messages. */
    static String redact(URI uri) {
        return uri.getRawUserInfo() == null ? uri.toString()
                : uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }
}
