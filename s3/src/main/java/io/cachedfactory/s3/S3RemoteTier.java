package io.cachedfactory.s3;

import io.cachedfactory.runtime.AbstractRemoteTier;
import io.cachedfactory.runtime.RemoteEntries;
import io.cachedfactory.runtime.RemoteTierHealth;
import io.cachedfactory.runtime.RemoteTierSupport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/*
 * A facade over one class per mechanism, each with its own design note:
 *
 *   S3Location         the bucket, the prefix, and the keys of entries and leases under it
 *   EntryMetadata      what an entry's object says about itself (length, CRC32C, HMAC, expiry)
 *   EntryFetcher       streamed download and verification into the target file
 *   BuildLeases        leases as objects written with If-None-Match / If-Match
 *   EntryPublisher     background upload, single PUT or multipart, first complete writer wins
 *   RemoteTierHealth   (runtime, shared with the Redis tier) counting skipped operations, the
 *                      back-off after a failure, one warning per outage or cause
 *
 * AbstractRemoteTier (runtime) checks arguments and refuses new work once closed or in read-only
 * mode. This class builds the client and closes the parts in order: no new leases, pending
 * publishes drained, renewals stopped, client closed.
 */

/**
 * A {@link RemoteTier} on S3 or an S3-compatible object store (MinIO, Ceph, R2, S3Proxy...), for
 * many machines and terabytes of entries: each object is built once by one machine (a lease taken
 * with a conditional write), uploaded by streaming its payload file, and fetched by the others into
 * their local stores.
 *
 * <pre>{@code
 * RemoteTier s3 = S3RemoteTier.builder("models-cache", "team-a/")
 *         .region("eu-west-1")
 *         .signingKey(key)                 // HMAC-SHA256: unsigned or forged entries are misses
 *         .open();
 * CacheStore store = CacheStore.builder(dir).remote(s3).open();
 * }</pre>
 *
 * <p>Most applications configure it without code: with this module on the class path, the default
 * store uses {@code -Dcachedfactory.remote=s3://bucket/prefix?region=eu-west-1} (or
 * {@code CACHEDFACTORY_REMOTE}); see {@link S3RemoteTierProvider} for the options. Credentials
 * come from the AWS SDK's default chain (environment, system properties, profile, container or
 * instance role) and are never logged.
 *
 * <p>The server must support conditional writes ({@code If-None-Match: *} and {@code If-Match} on
 * PUT), as Amazon S3 has since 2024. Never fails a request: an unreachable, slow or restarted
 * server turns the operation into a miss, logs one warning per outage and counts each skipped
 * operation in {@link #errors()} (and in the factory's {@code FactoryStats.storageErrors}).
 */
public final class S3RemoteTier extends AbstractRemoteTier {

    static final System.Logger LOG = System.getLogger("io.cachedfactory.s3");

    /** The default part size of multipart uploads, and the largest entry sent in one PUT. */
    public static final long DEFAULT_PART_SIZE = 16L << 20;

    private final boolean signed;
    private final S3Location location;
    private final S3Client client;
    private final RemoteTierHealth health;
    private final EntryFetcher fetcher;
    private final BuildLeases leases;
    private final EntryPublisher publisher;

    private S3RemoteTier(Builder builder) {
        super(builder.readOnly);
        SecretKey key = builder.signingKey == null ? null
                : RemoteTierSupport.hmacKey(builder.signingKey);
        this.signed = key != null;
        this.location = builder.location;
        this.client = builder.client();
        this.health = new RemoteTierHealth(LOG, "cachedfactory s3 tier " + location);
        this.fetcher = new EntryFetcher(client, location, health, key);
        this.leases = new BuildLeases(client, location.bucket(), health, builder.leaseTtl);
        this.publisher = new EntryPublisher(client, location, health, key, builder.partSize,
                builder.publishQueue, builder.closeTimeout);
    }

    /**
     * A builder for a tier in {@code bucket}, its keys under {@code prefix} (empty for the
     * bucket's root; a trailing {@code /} is added).
     *
     * @throws IllegalArgumentException if {@code bucket} is not an S3 bucket name
     */
    public static Builder builder(String bucket, String prefix) {
        return new Builder(new S3Location(Objects.requireNonNull(bucket, "bucket"),
                Objects.requireNonNull(prefix, "prefix")));
    }

    @Override
    protected boolean fetchEntry(String entryId, Path target) {
        return fetcher.fetch(entryId, target);
    }

    @Override
    protected Lease takeLease(String entryId) throws InterruptedException {
        return leases.take(location.leaseKey(entryId));
    }

    @Override
    protected void publishEntry(String entryId, Path payloadFile, Lease lease,
            Optional<Duration> ttl) {
        location.entryKey(entryId); // checks the id before the background thread does
        publisher.publish(entryId, payloadFile, lease, ttl);
    }

    @Override
    public long errors() {
        return health.count();
    }

    /** Lists, reads the expiry of and removes this tier's entries (the CLI's --remote). */
    @Override
    public Optional<RemoteEntries> entries() {
        return Optional.of(new S3Entries(client, location, readOnly()));
    }

    /** Entries refused since the tier was opened: unsigned, wrongly signed, corrupt, foreign. */
    public long refused() {
        return fetcher.refused();
    }

    /** Leases this tier waited for because another machine held them. */
    public long leaseWaits() {
        return leases.waits();
    }

    /** Expired leases this tier took over from a holder that stopped renewing them. */
    public long leaseTakeovers() {
        return leases.takeovers();
    }

    /** Entries this tier uploaded since it was opened. */
    public long published() {
        return publisher.published();
    }

    /**
     * Waits (at most the close timeout, 60 s by default) for pending publishes, then closes the
     * client. A publish unfinished then is abandoned: a multipart upload is aborted (or removed by
     * the bucket's lifecycle rule), and no entry is ever visible half-written.
     */
    @Override
    protected void closeTier() {
        leases.stop();
        publisher.close();
        leases.close();
        client.close();
    }

    @Override
    public String toString() {
        return "S3RemoteTier[" + location + (readOnly() ? ", read-only" : "")
                + (signed ? ", signed" : ", unsigned") + "]";
    }

    /** An S3 tier's options. */
    public static final class Builder {
        private final S3Location location;
        private String region;
        private URI endpoint;
        private boolean pathStyle;
        private boolean checksumsWhenRequired;
        private AwsCredentialsProvider credentials;
        private byte[] signingKey;
        private boolean readOnly;
        private long partSize = DEFAULT_PART_SIZE;
        private Duration leaseTtl = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(60);
        private int publishQueue = 16;

        private Builder(S3Location location) {
            this.location = location;
        }

        /**
         * The bucket's region, such as {@code eu-west-1}; by default the SDK's (environment,
         * profile), or {@code us-east-1} with an {@link #endpoint}.
         */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** The server of an S3-compatible store, such as {@code http://minio.internal:9000}. */
        public Builder endpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (endpoint.getScheme() == null || endpoint.getHost() == null
                    || !endpoint.getScheme().matches("https?")) {
                throw new IllegalArgumentException("endpoint must be an http or https URL, was "
                        + endpoint);
            }
            this.endpoint = endpoint;
            return this;
        }

        /** Path-style requests ({@code host/bucket/key}), as most S3-compatible servers want. */
        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /**
         * Sends and checks the SDK's own request checksums only when an operation requires them,
         * for servers that reject the SDK's newer default (CRC32 on every upload). Our own CRC32C
         * and signature are verified either way.
         */
        public Builder checksumsWhenRequired(boolean whenRequired) {
            this.checksumsWhenRequired = whenRequired;
            return this;
        }

        /** Credentials other than the SDK's default chain. */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * The shared key that entries are signed (HMAC-SHA256) and verified with; at least
         * {@value RemoteTierSupport#MIN_SIGNING_KEY_BYTES} bytes. With a key, unsigned or wrongly
         * signed entries are refused; without one, entries are unsigned.
         */
        public Builder signingKey(byte[] key) {
            RemoteTierSupport.checkSigningKey(key);
            this.signingKey = key.clone();
            return this;
        }

        /** Only fetch: never publish, never take leases (for clients with read-only rights). */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** Bytes per part of a multipart upload (5 MiB to 5 GiB); smaller entries are one PUT. */
        public Builder partSize(long bytes) {
            if (bytes < (5L << 20) || bytes > (5L << 30)) {
                throw new IllegalArgumentException("partSize must be between 5 MiB and 5 GiB, was "
                        + bytes);
            }
            this.partSize = bytes;
            return this;
        }

        /** How long a build lease lives unless its holder renews it (30 s by default). */
        public Builder leaseTimeToLive(Duration ttl) {
            if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("leaseTimeToLive must be at least 1 s, was "
                        + ttl);
            }
            this.leaseTtl = ttl;
            return this;
        }

        /**
         * How long a connection may take to open, and a transfer may go without receiving a
         * byte, before the operation is skipped (10 s by default). Large transfers are not
         * limited in total, only in silence.
         */
        public Builder requestTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive, was "
                        + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** How many publishes may wait for the upload thread before more are skipped. */
        public Builder publishQueue(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("publishQueue must be at least 1, was "
                        + capacity);
            }
            this.publishQueue = capacity;
            return this;
        }

        /** How long {@link S3RemoteTier#close} waits for pending publishes (60 s by default). */
        public Builder closeTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative, was "
                        + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * Opens the tier; never connects here.
         *
         * @throws IllegalArgumentException if no region is given nor configured for the SDK
         */
        public S3RemoteTier open() {
            return new S3RemoteTier(this);
        }

        private S3Client client() {
            S3ClientBuilder builder = S3Client.builder()
                    .httpClient(UrlConnectionHttpClient.builder()
                            .connectionTimeout(requestTimeout)
                            .socketTimeout(requestTimeout)
                            .build())
                    .credentialsProvider(credentials != null ? credentials
                            : DefaultCredentialsProvider.builder().build())
                    .forcePathStyle(pathStyle)
                    // One retry for S3's occasional 500/503; beyond that the tier's back-off
                    // decides, so a dead server costs one attempt per operation, not three.
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .retryStrategy(b -> b.maxAttempts(2))
                            .build());
            if (region != null) {
                builder.region(Region.of(region));
            } else if (endpoint != null) {
                builder.region(Region.US_EAST_1);
            }
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            if (checksumsWhenRequired) {
                builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            }
            try {
                return builder.build();
            } catch (SdkClientException e) {
                throw new IllegalArgumentException("cannot configure the S3 client for "
                        + location + ": " + e.getMessage() + " (give region=..., or set"
                        + " AWS_REGION)", e);
            }
        }
    }
}
