package io.cachedfactory.redis;

import io.cachedfactory.runtime.RemoteTier;
import io.cachedfactory.runtime.RemoteTierProvider;
import io.cachedfactory.runtime.RemoteTierSupport;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)(?:i?b)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

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
        String raw = uri.toString();
        int question = raw.indexOf('?');
        String base = question < 0 ? raw : raw.substring(0, question);
        List<String> kept = new ArrayList<>();
        boolean readOnly = false;
        Integer chunkSize = null;
        Duration leaseTtl = null;
        Duration timeout = Duration.ofSeconds(2);
        String prefix = null;
        if (question >= 0) {
            for (String parameter : raw.substring(question + 1).split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1),
                        StandardCharsets.UTF_8);
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "readonly" -> readOnly = bool(name, value);
                    case "chunksize" -> chunkSize = size(name, value);
                    case "leasettl" -> leaseTtl = duration(name, value);
                    case "prefix" -> prefix = value;
                    case "timeout" -> timeout = duration(name, value);
                    default -> kept.add(parameter); // Lettuce's own options
                }
            }
        }
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

    private static boolean bool(String name, String value) {
        if (value.isEmpty() || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("remote option " + name + " must be true or false, was '"
                + value + "'");
    }

    /** Bytes, with an optional binary suffix: {@code 4194304}, {@code 4096k}, {@code 4m}. */
    static int size(String name, String value) {
        Matcher matcher = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("remote option " + name + " must be a size such as"
                    + " 8m or 65536, was '" + value + "'");
        }
        int shift = switch (matcher.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long bytes = Long.parseLong(matcher.group(1)) << shift;
        if (bytes > Integer.MAX_VALUE || Long.parseLong(matcher.group(1)) > (1L << 31)) {
            throw new IllegalArgumentException("remote option " + name + " is too large: " + value);
        }
        return (int) bytes;
    }

    /** A duration: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT10S}. */
    static Duration duration(String name, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = DURATION.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("remote option " + name + " must be a duration such"
                    + " as 500ms, 10s or PT10S, was '" + value + "'", e);
        }
    }

    /** The URI without its password, for messages. */
    static String redact(URI uri) {
        return uri.getRawUserInfo() == null ? uri.toString()
                : uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }
}
