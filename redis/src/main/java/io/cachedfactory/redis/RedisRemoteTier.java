package io.cachedfactory.redis;

import io.cachedfactory.runtime.AbstractRemoteTier;
import io.cachedfactory.runtime.RemoteTierHealth;
import io.cachedfactory.runtime.RemoteTierSupport;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;

/*
 * A facade over one class per mechanism, each with its own design note:
 *
 *   RedisLayout        the keys of an entry in Redis, and the random values written into them
 *   EntryManifest      the one-line manifest that makes a published entry visible
 *   RedisConnections   the Lettuce client, timeouts, the control and bulk connections
 *   RemoteTierHealth   (runtime, shared with the S3 tier) counting skipped operations, the
 *                      back-off after a failure, one warning per outage or cause
 *   RemoteEntryDigest  (runtime) CRC32C and HMAC-SHA256 of an entry as its chunks stream past
 *   EntryFetcher       chunked download and verification into a temporary file
 *   BuildLeases        taking, renewing, releasing and taking over build leases
 *   EntryPublisher     chunked upload in the background, committed by one script
 *
 * AbstractRemoteTier (runtime) checks arguments and refuses new work once closed or in read-only
 * mode; this class closes the parts in order: no new leases, pending publishes drained,
 * renewals stopped, connections closed.
 */

/**
 * A {@link RemoteTier} on a Redis server shared by many machines: each object is built once by one
 * machine, published in chunks, and fetched by the others into their local stores.
 *
 * <pre>{@code
 * RemoteTier redis = RedisRemoteTier.builder(URI.create("rediss://:secret@cache.internal:6379"))
 *         .signingKey(key)                 // HMAC-SHA256: unsigned or forged entries are misses
 *         .open();
 * CacheStore store = CacheStore.builder(dir).remote(redis).open();
 * }</pre>
 *
 * <p>Most applications configure it without code: with this module on the class path, the default
 * store uses {@code -Dcachedfactory.remote=redis://host:6379} (or {@code CACHEDFACTORY_REMOTE}) and
 * the key in {@code -Dcachedfactory.remote.key} (or {@code CACHEDFACTORY_REMOTE_KEY}); see
 * {@link RedisRemoteTierProvider} for the URI's options.
 *
 * <p>Never fails a request: an unreachable, slow or restarted server turns the operation into a
 * miss, logs one warning per outage and counts each skipped operation in {@link #errors()} (and in
 * the factory's {@code FactoryStats.storageErrors}).
 */
public final class RedisRemoteTier extends AbstractRemoteTier {

    static final System.Logger LOG = System.getLogger("io.cachedfactory.redis");

    /** The default chunk size; see the module README for the measurement behind it. */
    public static final int DEFAULT_CHUNK_SIZE = 4 << 20;

    private final boolean signed;
    private final RedisLayout layout;
    private final RedisConnections connections;
    private final RemoteTierHealth errors;
    private final EntryFetcher fetcher;
    private final BuildLeases leases;
    private final EntryPublisher publisher;

    private RedisRemoteTier(Builder builder) {
        super(builder.readOnly);
        SecretKey key = builder.signingKey == null ? null
                : RemoteTierSupport.hmacKey(builder.signingKey);
        this.signed = key != null;
        this.layout = new RedisLayout(builder.prefix);
        this.connections = new RedisConnections(builder.redisUri, builder.commandTimeout);
        this.errors = new RemoteTierHealth(LOG, "cachedfactory redis tier " + connections.server());
        this.fetcher = new EntryFetcher(connections, errors, layout, key);
        this.leases = new BuildLeases(connections, errors, builder.leaseTtl);
        this.publisher = new EntryPublisher(connections, errors, layout, key, builder.chunkSize,
                builder.publishQueue, builder.closeTimeout);
    }

    /**
     * Starts configuring a tier on the server at {@code uri}: {@code redis://[[user]:password@]host
     * [:port][/database]} or {@code rediss://...} for TLS, in Lettuce's {@link RedisURI} syntax
     * (which also accepts {@code ?timeout=2s}, {@code ?verifyPeer=false} and so on). The options
     * of {@link RedisRemoteTierProvider} ({@code readonly}, {@code chunkSize}, ...) are not read
     * here; use the builder's methods.
     */
    public static Builder builder(URI uri) {
        Objects.requireNonNull(uri, "uri");
        return new Builder(RedisURI.create(uri));
    }

    @Override
    protected boolean fetchEntry(String entryId, Path target) {
        return fetcher.fetch(entryId, target);
    }

    @Override
    protected Lease takeLease(String entryId) throws InterruptedException {
        return leases.take(layout.leaseKey(entryId));
    }

    @Override
    protected void publishEntry(String entryId, Path payloadFile, Lease lease,
            Optional<Duration> ttl) {
        publisher.publish(entryId, payloadFile, lease, ttl);
    }

    @Override
    public long errors() {
        return errors.count();
    }

    /** Entries refused since the tier was opened: unsigned, wrongly signed, corrupt, malformed. */
    long refused() {
        return fetcher.refused();
    }

    /** Leases this tier waited for because another holder had them. */
    long leaseWaits() {
        return leases.waits();
    }

    /** Entries published (committed) since the tier was opened. */
    long published() {
        return publisher.published();
    }

    /**
     * Waits (at most the close timeout, 60 s by default) for pending publishes, then closes the
     * connections. Publishes still unfinished then are abandoned: their chunks expire, and no
     * manifest ever points at them.
     */
    @Override
    protected void closeTier() {
        leases.stop();
        publisher.close();
        leases.close();
        connections.close();
    }

    @Override
    public String toString() {
        return "RedisRemoteTier[" + connections.server() + (readOnly() ? ", read-only" : "")
                + (signed ? ", signed" : ", unsigned") + "]";
    }

    String leaseKey(String entryId) {
        return layout.leaseKey(entryId);
    }

    /** A Redis tier's options. */
    public static final class Builder {
        private final RedisURI redisUri;
        private byte[] signingKey;
        private boolean readOnly;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private Duration leaseTtl = Duration.ofSeconds(10);
        private String prefix = "cachedfactory:";
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Duration closeTimeout = Duration.ofSeconds(60);
        private int publishQueue = 16;

        private Builder(RedisURI redisUri) {
            this.redisUri = redisUri;
        }

        /**
         * Signs published entries with HMAC-SHA256 under {@code key} (at least
         * {@value RemoteTierSupport#MIN_SIGNING_KEY_BYTES} bytes) and refuses fetched entries that
         * are unsigned or do not verify. Every machine sharing the server needs the same key.
         * Without one, entries are neither signed nor checked for a signature: anyone who can
         * write to the server can make readers decode their bytes.
         */
        public Builder signingKey(byte[] key) {
            RemoteTierSupport.checkSigningKey(key);
            this.signingKey = key.clone();
            return this;
        }

        /**
         * Only fetches: never publishes and never takes leases. For machines that should benefit
         * from the shared cache without writing to it (developers' laptops, untrusted jobs).
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** Bytes per chunk (64 KiB to 256 MiB); 4 MiB by default. */
        public Builder chunkSize(int bytes) {
            if (bytes < (64 << 10) || bytes > EntryManifest.MAX_CHUNK_SIZE) {
                throw new IllegalArgumentException("chunkSize must be between 64 KiB and 256 MiB,"
                        + " was " + bytes);
            }
            this.chunkSize = bytes;
            return this;
        }

        /**
         * How long a build lease lives without renewal (renewed every third of it while the
         * holder runs); 10 s by default. After a builder dies, others wait at most this long.
         */
        public Builder leaseTimeToLive(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.toMillis() < 300) {
                throw new IllegalArgumentException("leaseTimeToLive must be at least 300 ms, was "
                        + ttl);
            }
            this.leaseTtl = ttl;
            return this;
        }

        /** The prefix of every key this tier writes; {@code cachedfactory:} by default. */
        public Builder keyPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.contains("{") || prefix.contains("}")) {
                throw new IllegalArgumentException("keyPrefix must not contain braces, was '"
                        + prefix + "'");
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * The bound on each Redis command, and on connecting; 2 s by default. A slower server is
         * skipped like an unreachable one. Must exceed the time to move one chunk.
         */
        public Builder commandTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive, was "
                        + timeout);
            }
            this.commandTimeout = timeout;
            return this;
        }

        /** How many publishes may wait for the publisher thread; 16 by default. */
        public Builder publishQueue(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("publishQueue must be >= 1, was " + capacity);
            }
            this.publishQueue = capacity;
            return this;
        }

        /** How long {@link #close()} waits for pending publishes; 60 s by default. */
        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must be >= 0, was " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /** Opens the tier. Never connects here: an unreachable server is met later, and skipped. */
        public RedisRemoteTier open() {
            return new RedisRemoteTier(this);
        }
    }
}
