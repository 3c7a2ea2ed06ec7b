package io.cachedfactory.s3;

import io.cachedfactory.runtime.RemoteTier;
import io.cachedfactory.runtime.RemoteTierOptions;
import io.cachedfactory.runtime.RemoteTierProvider;
import io.cachedfactory.runtime.RemoteTierSupport;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens an {@link S3RemoteTier} for {@code s3://bucket/prefix} URIs, so that
 * {@code -Dcachedfactory.remote=s3://models-cache/team-a?region=eu-west-1} (or
 * {@code CACHEDFACTORY_REMOTE}) is enough for the default store when this module is on the class
 * path. Options, all optional:
 * <ul>
 *   <li>{@code region=eu-west-1}: the bucket's region (else the SDK's, from {@code AWS_REGION} or
 *       the profile; {@code us-east-1} with an endpoint);
 *   <li>{@code endpoint=http://minio.internal:9000}: an S3-compatible server;
 *   <li>{@code pathStyle=true}: path-style requests (most S3-compatible servers);
 *   <li>{@code checksums=when_required}: the SDK's own checksums only where S3 requires them,
 *       for servers that reject its default ({@code when_supported});
 *   <li>{@code readonly=true}: only fetch; never publish, never take leases;
 *   <li>{@code partSize=16m}: bytes per part of a multipart upload;
 *   <li>{@code leaseTtl=30s}: a build lease's time to live without renewal;
 *   <li>{@code timeout=10s}: connection and read timeout of every request.
 * </ul>
 * Any other option is an error naming it. Credentials come from the SDK's default chain
 * ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, {@code aws.accessKeyId} system
 * properties, {@code AWS_PROFILE}, container or instance roles), never from the URI.
 *
 * <p>The signing key comes from {@code cachedfactory.remote.key} / {@code CACHEDFACTORY_REMOTE_KEY}
 * (at least {@value RemoteTierSupport#MIN_SIGNING_KEY_BYTES} bytes); without one, entries are
 * unsigned.
 */
public final class S3RemoteTierProvider implements RemoteTierProvider {

    /** For {@link java.util.ServiceLoader}. */
    public S3RemoteTierProvider() {
    }

    @Override
    public boolean supports(URI uri) {
        return "s3".equalsIgnoreCase(uri.getScheme());
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

    /** The builder {@link #open} uses: the URI's options applied. */
    static S3RemoteTier.Builder configure(URI uri, Optional<byte[]> signingKey) {
        if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("remote " + uri + ": not an s3://bucket/prefix URI");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("remote " + uri.getScheme() + "://***@"
                    + uri.getHost() + ": credentials do not belong in the URI; they come from the"
                    + " AWS SDK's default chain (AWS_ACCESS_KEY_ID, AWS_PROFILE, roles)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        S3RemoteTier.Builder builder = S3RemoteTier.builder(uri.getHost(), path);
        for (RemoteTierOptions.Option option : RemoteTierOptions.of(uri).options()) {
            String name = option.name();
            String value = option.value();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "region" -> builder.region(value);
                case "endpoint" -> builder.endpoint(endpoint(name, value));
                case "pathstyle" -> builder.pathStyle(RemoteTierOptions.bool(name, value));
                case "checksums" -> builder.checksumsWhenRequired(checksums(name, value));
                case "readonly" -> builder.readOnly(RemoteTierOptions.bool(name, value));
                case "partsize" -> builder.partSize(RemoteTierOptions.size(name, value, 5L << 30));
                case "leasettl" -> builder.leaseTimeToLive(RemoteTierOptions.duration(name, value));
                case "timeout" -> builder.requestTimeout(RemoteTierOptions.duration(name, value));
                default -> throw new IllegalArgumentException("unknown remote option " + name
                        + " for s3://; allowed: region, endpoint, pathStyle, checksums, readonly,"
                        + " partSize, leaseTtl, timeout");
            }
        }
        signingKey.ifPresent(builder::signingKey);
        return builder;
    }

    private static URI endpoint(String name, String value) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("remote option " + name + " must be a URL such as"
                    + " http://minio.internal:9000, was '" + value + "'", e);
        }
    }

    private static boolean checksums(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "when_required" -> true;
            case "when_supported" -> false;
            default -> throw new IllegalArgumentException("remote option " + name + " must be"
                    + " when_required or when_supported, was '" + value + "'");
        };
    }
}
