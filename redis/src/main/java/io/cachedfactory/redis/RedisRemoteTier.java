package io.cachedfactory.redis;

import io.cachedfactory.runtime.RemoteTier;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/*
 * Layout in Redis, for entry id E (64 hex digits; the braces are a hash tag that keeps one entry's
 * keys in one cluster slot):
 *
 *   <prefix>{E}:manifest        one line (see Manifest): generation G, chunk count, length,
 *                               CRC32C and HMAC-SHA256 of the payload
 *   <prefix>{E}:<G>:<i>         chunk i of generation G, i = 0 .. chunks-1
 *   <prefix>{E}:lease           the token of the machine building E (SET NX PX, renewed)
 *
 * Publish: stream the local payload file chunk by chunk (two chunks in flight, never the whole
 * payload in memory) under a fresh random generation G, each chunk with a staging expiry; then one
 * Lua script checks that every chunk of G exists, gives them the entry's expiry (or none), points
 * the manifest at G, and lets the previous generation's chunks expire after a grace period. A
 * reader therefore sees either no manifest, the old complete generation, or the new complete one.
 *
 * Fetch: read the manifest, then the chunks of THAT generation into a temporary file beside the
 * target, computing CRC32C and the HMAC on the way; only when length, checksum and signature hold
 * is the file synced and renamed to the target. Anything else deletes it: tampered, unsigned (when
 * a key is configured) or torn entries never reach the local store, let alone a codec.
 *
 * Leases: SET NX PX with a random token; a daemon renews it every third of its time to live with a
 * compare-and-PEXPIRE script, and closing it runs compare-and-DEL, so a holder whose lease expired
 * (a long GC pause, a partition) never deletes its successor's. A waiter polls with a bounded
 * sleep; a dead holder stops renewing and its lease expires, and a waiter takes over.
 *
 * Failures: every Redis call has a bounded timeout. A failed call makes the operation a miss (or a
 * no-op lease, or a skipped publish), counts in errors(), and starts a back-off during which calls
 * are skipped without touching the network (see Availability); Lettuce reconnects on its own.
 * Control commands (manifests, leases) and bulk chunk transfers use separate connections, so a
 * lease renewal never queues behind a large chunk.
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
public final class RedisRemoteTier implements RemoteTier {

    static final System.Logger LOG = System.getLogger("io.cachedfactory.redis");

    /** The default chunk size; see the module README for the measurement behind it. */
    public static final int DEFAULT_CHUNK_SIZE = 4 << 20;

    private static final String HMAC = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 16;
    private static final long STAGING_MILLIS = TimeUnit.HOURS.toMillis(1);
    private static final long OLD_GENERATION_GRACE_MILLIS = TimeUnit.MINUTES.toMillis(1);
    private static final long LEASE_POLL_FIRST_MILLIS = 25;
    private static final long LEASE_POLL_MAX_MILLIS = 250;
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** KEYS[1] lease; ARGV token, ttl: extends the lease only while it is still ours. */
    private static final String RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

    /** KEYS[1] lease; ARGV token: deletes the lease only while it is still ours. */
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('DEL', KEYS[1]) else return 0 end";

    /**
     * KEYS[1] manifest; ARGV new manifest, ttl ms (0: none), chunk key prefix of the entry (ends
     * with ':'), new generation, chunk count, grace ms. Returns 0 when a chunk is missing.
     */
    private static final String COMMIT = """
            local ttl = tonumber(ARGV[2])
            local n = tonumber(ARGV[5])
            local prefix = ARGV[3] .. ARGV[4] .. ':'
            for i = 0, n - 1 do
              if redis.call('EXISTS', prefix .. i) == 0 then return 0 end
            end
            for i = 0, n - 1 do
              if ttl > 0 then
                redis.call('PEXPIRE', prefix .. i, ttl + tonumber(ARGV[6]))
              else
                redis.call('PERSIST', prefix .. i)
              end
            end
            local old = redis.call('GET', KEYS[1])
            if ttl > 0 then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
            else
              redis.call('SET', KEYS[1], ARGV[1])
            end
            if old then
              local gen = string.match(old, ' gen=(%x+)')
              local count = tonumber(string.match(old, ' chunks=(%d+)'))
              if gen and count and gen ~= ARGV[4] then
                for i = 0, count - 1 do
                  redis.call('PEXPIRE', ARGV[3] .. gen .. ':' .. i, ARGV[6])
                end
              end
            end
            return 1
            """;

    private static final RedisCodec<String, byte[]> CODEC =
            RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final String server;
    private final RedisURI redisUri;
    private final SecretKeySpec key;
    private final boolean readOnly;
    private final int chunkSize;
    private final Duration leaseTtl;
    private final String prefix;
    private final Duration commandTimeout;
    private final Duration closeTimeout;
    private final ClientResources resources;
    private final RedisClient client;
    private final Availability availability;
    private final ThreadPoolExecutor publisher;
    private final ScheduledExecutorService renewer;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong leaseWaits = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private volatile boolean closed; // no new fetches, leases or publishes
    private boolean disconnected; // guarded by this: connections closed for good
    private StatefulRedisConnection<String, byte[]> control; // guarded by this
    private StatefulRedisConnection<String, byte[]> bulk; // guarded by this

    private RedisRemoteTier(Builder builder) {
        LettuceLogging.quiet();
        this.redisUri = builder.redisUri;
        this.redisUri.setTimeout(builder.commandTimeout);
        this.server = (redisUri.isSsl() ? "rediss://" : "redis://") + redisUri.getHost() + ":"
                + redisUri.getPort() + (redisUri.getDatabase() == 0 ? ""
                        : "/" + redisUri.getDatabase());
        this.key = builder.signingKey == null ? null : new SecretKeySpec(builder.signingKey, HMAC);
        this.readOnly = builder.readOnly;
        this.chunkSize = builder.chunkSize;
        this.leaseTtl = builder.leaseTtl;
        this.prefix = builder.prefix;
        this.commandTimeout = builder.commandTimeout;
        this.closeTimeout = builder.closeTimeout;
        this.availability = new Availability(server);
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(5),
                        100, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While disconnected, fail fast instead of queueing commands until a timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(builder.commandTimeout)
                        .keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(builder.commandTimeout))
                .build());
        this.publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(builder.publishQueue),
                daemon("cachedfactory-redis-publish"));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                daemon("cachedfactory-redis-lease"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.renewer = scheduler;
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
    public boolean fetch(String entryId, Path target) {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(target, "target");
        if (closed) {
            return false;
        }
        if (!availability.allows()) {
            errors.incrementAndGet();
            return false;
        }
        Path part = target.resolveSibling(target.getFileName() + ".redis-part");
        try {
            // A second round only when the generation changed under us (a concurrent re-publish).
            String previousGeneration = null;
            for (int round = 0; round < 2; round++) {
                byte[] raw = connections().control().sync().get(manifestKey(entryId));
                if (raw == null) {
                    availability.succeeded();
                    return false;
                }
                Manifest manifest;
                try {
                    manifest = Manifest.parse(raw);
                } catch (IllegalArgumentException e) {
                    return refuse(entryId, "a malformed manifest (" + e.getMessage() + ")");
                }
                if (key != null && manifest.hmac().isEmpty()) {
                    return refuse(entryId, "an unsigned entry, while a signing key is configured");
                }
                if (manifest.generation().equals(previousGeneration)) {
                    return false; // evicted chunks: a plain miss, the next publish repairs it
                }
                Download result = download(entryId, manifest, part);
                availability.succeeded();
                switch (result) {
                    case COMPLETE:
                        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                        return true;
                    case CHUNK_MISSING:
                        previousGeneration = manifest.generation();
                        Files.deleteIfExists(part);
                        continue;
                    default:
                        return refuse(entryId, result.reason);
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException e) {
            // The local side failed (disk full, say): not Redis's fault, but the fetch is skipped.
            errors.incrementAndGet();
            warnOnce("cannot write a fetched entry locally", e.toString(), "building instead");
            return false;
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            failed("fetch", e);
            return false;
        } finally {
            deleteQuietly(part);
        }
    }

    /** Outcomes of reading one generation's chunks. */
    private enum Download {
        COMPLETE(null),
        CHUNK_MISSING(null),
        WRONG_CHUNK_LENGTH("a chunk of the wrong length"),
        WRONG_CHECKSUM("a checksum mismatch"),
        WRONG_SIGNATURE("a wrong signature (another key, or tampered bytes)");

        final String reason;

        Download(String reason) {
            this.reason = reason;
        }
    }

    /** Streams the chunks of {@code manifest}'s generation into {@code part}, verifying them. */
    private Download download(String entryId, Manifest manifest, Path part)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        CRC32C crc = new CRC32C();
        Mac mac = key == null ? null : startMac(entryId, manifest.length());
        StatefulRedisConnection<String, byte[]> connection = connections().bulk();
        String chunkPrefix = chunkPrefix(entryId) + manifest.generation() + ":";
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            // Two chunks in flight: Redis sends the next while this thread writes the current.
            RedisFuture<byte[]> next = manifest.chunks() == 0 ? null
                    : connection.async().get(chunkPrefix + 0);
            for (int i = 0; i < manifest.chunks(); i++) {
                byte[] chunk = await(next);
                next = i + 1 < manifest.chunks()
                        ? connection.async().get(chunkPrefix + (i + 1)) : null;
                if (chunk == null) {
                    return Download.CHUNK_MISSING;
                }
                if (chunk.length != manifest.chunkLength(i)) {
                    return Download.WRONG_CHUNK_LENGTH;
                }
                crc.update(chunk);
                if (mac != null) {
                    mac.update(chunk);
                }
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            if ((int) crc.getValue() != manifest.crc32c()) {
                return Download.WRONG_CHECKSUM;
            }
            if (mac != null && !MessageDigest.isEqual(mac.doFinal(), manifest.hmac().get())) {
                return Download.WRONG_SIGNATURE;
            }
            out.force(true);
        }
        return Download.COMPLETE;
    }

    private boolean refuse(String entryId, String reason) {
        refused.incrementAndGet();
        errors.incrementAndGet();
        warnOnce("refused " + reason, "entry " + entryId,
                "treating it as a miss; it is never decoded");
        return false;
    }

    @Override
    public Lease lease(String entryId) throws InterruptedException {
        Objects.requireNonNull(entryId, "entryId");
        if (readOnly || closed) {
            return Lease.NONE;
        }
        String leaseKey = leaseKey(entryId);
        byte[] token = HEX.formatHex(randomBytes(16)).getBytes(StandardCharsets.US_ASCII);
        long sleep = LEASE_POLL_FIRST_MILLIS;
        boolean waiting = false;
        while (!closed) {
            if (!availability.allows()) {
                errors.incrementAndGet();
                return Lease.NONE;
            }
            String reply;
            try {
                reply = connections().control().sync().set(leaseKey, token,
                        SetArgs.Builder.nx().px(leaseTtl.toMillis()));
                availability.succeeded();
            } catch (RuntimeException e) {
                failed("lease", e);
                return Lease.NONE;
            }
            if ("OK".equals(reply)) {
                return new RedisLease(leaseKey, token);
            }
            if (!waiting) {
                waiting = true;
                leaseWaits.incrementAndGet();
            }
            Thread.sleep(sleep);
            sleep = Math.min(LEASE_POLL_MAX_MILLIS, sleep * 2);
        }
        return Lease.NONE;
    }

    @Override
    public void publish(String entryId, Path payloadFile, Lease lease, Optional<Duration> ttl) {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(payloadFile, "payloadFile");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(ttl, "ttl");
        if (readOnly || closed) {
            lease.close();
            return;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(payloadFile, StandardOpenOption.READ);
        } catch (IOException e) {
            errors.incrementAndGet();
            warnOnce("cannot open a payload to publish", e.toString(), "not publishing it");
            lease.close();
            return;
        }
        try {
            publisher.execute(() -> {
                try (channel; lease) {
                    upload(entryId, channel, ttl);
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                    warnOnce("cannot publish", e.toString(), "kept locally");
                }
            });
        } catch (RejectedExecutionException e) {
            closeQuietly(channel);
            lease.close();
            errors.incrementAndGet();
            warnOnce("the publish queue is full", null, "skipping publishes until it drains");
        }
    }

    /** Writes the chunks of a new generation, then commits its manifest. */
    private void upload(String entryId, FileChannel channel, Optional<Duration> ttl)
            throws IOException {
        if (!availability.allows()) {
            errors.incrementAndGet();
            return;
        }
        long length = channel.size();
        int chunks = Manifest.expectedChunks(length, chunkSize);
        if (chunks < 0) {
            throw new IOException("payload of " + length + " bytes needs too many chunks");
        }
        String generation = HEX.formatHex(randomBytes(16));
        String chunkPrefix = chunkPrefix(entryId) + generation + ":";
        CRC32C crc = new CRC32C();
        Mac mac = key == null ? null : startMac(entryId, length);
        try {
            StatefulRedisConnection<String, byte[]> connection = connections().bulk();
            // Two buffers, two SETs in flight; a buffer is refilled only after its SET completed.
            int bufferSize = (int) Math.min(chunkSize, Math.max(length, 1));
            byte[][] buffers = {new byte[bufferSize], new byte[bufferSize]};
            @SuppressWarnings("unchecked")
            RedisFuture<String>[] inFlight = new RedisFuture[2];
            SetArgs staging = SetArgs.Builder.px(STAGING_MILLIS);
            for (int i = 0; i < chunks; i++) {
                int slot = i & 1;
                if (inFlight[slot] != null) {
                    await(inFlight[slot]);
                }
                int size = (int) Math.min(chunkSize, length - (long) i * chunkSize);
                byte[] chunk = size == bufferSize ? buffers[slot] : new byte[size];
                readFully(channel, ByteBuffer.wrap(chunk), (long) i * chunkSize);
                crc.update(chunk);
                if (mac != null) {
                    mac.update(chunk);
                }
                inFlight[slot] = connection.async().set(chunkPrefix + i, chunk, staging);
            }
            for (RedisFuture<String> pending : inFlight) {
                if (pending != null) {
                    await(pending);
                }
            }
            Manifest manifest = new Manifest(generation, chunks, chunkSize, length,
                    (int) crc.getValue(), Optional.ofNullable(mac).map(Mac::doFinal));
            long ttlMillis = ttl.map(d -> Math.max(1, d.toMillis())).orElse(0L);
            Long committed = connections().control().sync().eval(COMMIT, ScriptOutputType.INTEGER,
                    new String[] {manifestKey(entryId)}, manifest.encode(), ascii(ttlMillis),
                    ascii(chunkPrefix(entryId)), ascii(generation), ascii(chunks),
                    ascii(OLD_GENERATION_GRACE_MILLIS));
            availability.succeeded();
            if (committed == null || committed != 1) {
                errors.incrementAndGet();
                warnOnce("a publish lost chunks before its commit (evicted by maxmemory, or the"
                        + " upload took longer than " + STAGING_MILLIS / 60_000 + " minutes)",
                        "entry " + entryId, "the entry stays unpublished");
                return;
            }
            published.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the chunks expire with their staging
            errors.incrementAndGet();
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            failed("publish", e);
        }
    }

    @Override
    public long errors() {
        return errors.get();
    }

    /** Entries refused since the tier was opened: unsigned, wrongly signed, corrupt, malformed. */
    long refused() {
        return refused.get();
    }

    /** Leases this tier waited for because another holder had them. */
    long leaseWaits() {
        return leaseWaits.get();
    }

    /** Entries published (committed) since the tier was opened. */
    long published() {
        return published.get();
    }

    /** Whether this tier never publishes nor takes leases. */
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * Waits (at most the close timeout, 60 s by default) for pending publishes, then closes the
     * connections. Publishes still unfinished then are abandoned: their chunks expire, and no
     * manifest ever points at them.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        publisher.shutdown();
        try {
            if (!publisher.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                publisher.shutdownNow();
                LOG.log(Level.WARNING, "cachedfactory redis tier " + server + ": publishes still"
                        + " pending after " + closeTimeout.toSeconds() + " s at close; abandoned");
            }
        } catch (InterruptedException e) {
            publisher.shutdownNow();
            Thread.currentThread().interrupt();
        }
        renewer.shutdownNow();
        synchronized (this) {
            disconnected = true;
            closeConnection(control);
            closeConnection(bulk);
            control = null;
            bulk = null;
        }
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            LOG.log(Level.DEBUG, "closing the Redis client", e);
        }
    }

    @Override
    public String toString() {
        return "RedisRemoteTier[" + server + (readOnly ? ", read-only" : "")
                + (key == null ? ", unsigned" : ", signed") + "]";
    }

    /** The two connections, opened on first use (and again after a failed first attempt). */
    private synchronized Connections connections() {
        if (disconnected) {
            throw new IllegalStateException("the redis tier is closed");
        }
        if (control == null) {
            StatefulRedisConnection<String, byte[]> first = client.connect(CODEC);
            try {
                bulk = client.connect(CODEC);
            } catch (RuntimeException e) {
                closeConnection(first);
                throw e;
            }
            control = first;
        }
        return new Connections(control, bulk);
    }

    private record Connections(StatefulRedisConnection<String, byte[]> control,
            StatefulRedisConnection<String, byte[]> bulk) {
    }

    private void failed(String operation, Throwable error) {
        errors.incrementAndGet();
        availability.failed(operation, error);
    }

    private <V> V await(RedisFuture<V> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        // Lettuce times the command out itself; this bound only guards against a lost completion.
        return future.get(commandTimeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
    }

    private Mac startMac(String entryId, long length) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            // The signature binds the bytes to this entry id: a valid entry moved to another id
            // (another key, another fingerprint) does not verify there.
            mac.update((Manifest.MAGIC + "\n" + entryId + "\n" + length + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java platform has " + HMAC, e);
        }
    }

    /** Warns the first time {@code cause} happens; {@code detail} is the first occurrence's. */
    private void warnOnce(String cause, String detail, String consequence) {
        if (warned.add(cause)) {
            LOG.log(Level.WARNING, "cachedfactory redis tier " + server + ": " + cause
                    + (detail == null ? "" : " (" + detail + ")") + "; " + consequence
                    + " (reported once; RemoteTier.errors() counts each)");
        }
    }

    String manifestKey(String entryId) {
        return prefix + "{" + entryId + "}:manifest";
    }

    String leaseKey(String entryId) {
        return prefix + "{" + entryId + "}:lease";
    }

    /** Chunk keys are this, the generation, ':' and the chunk index. */
    String chunkPrefix(String entryId) {
        return prefix + "{" + entryId + "}:";
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new EOFException("payload shrank while being published");
            }
            at += read;
        }
    }

    private static byte[] ascii(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A stray temporary file in the store's tmp directory is removed by prune.
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Nothing was written through it.
        }
    }

    private static void closeConnection(StatefulRedisConnection<?, ?> connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // Already broken.
            }
        }
    }

    /** A held lease: renewed in the background until closed, then released if still ours. */
    private final class RedisLease implements Lease {
        private final String leaseKey;
        private final byte[] token;
        private final AtomicBoolean released = new AtomicBoolean();
        private final ScheduledFuture<?> renewal;

        RedisLease(String leaseKey, byte[] token) {
            this.leaseKey = leaseKey;
            this.token = token;
            long period = Math.max(1, leaseTtl.toMillis() / 3);
            ScheduledFuture<?> scheduled = null;
            try {
                scheduled = renewer.scheduleAtFixedRate(this::renew, period, period,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // Closing: the lease simply expires.
            }
            this.renewal = scheduled;
        }

        private void renew() {
            if (!availability.allows()) {
                return; // down: the lease may expire, and someone else may build; harmless
            }
            try {
                Long renewed = connections().control().sync().eval(RENEW, ScriptOutputType.INTEGER,
                        new String[] {leaseKey}, token, ascii(leaseTtl.toMillis()));
                availability.succeeded();
                if (renewed == null || renewed == 0) {
                    // Expired (a pause longer than its time to live, or Redis restarted): another
                    // machine may build too; both results are equally valid, one more build.
                    LOG.log(Level.DEBUG, "lease " + leaseKey + " lost before its build finished");
                    cancelRenewal();
                }
            } catch (RuntimeException e) {
                failed("lease renewal", e);
            }
        }

        private void cancelRenewal() {
            if (renewal != null) {
                renewal.cancel(false);
            }
        }

        @Override
        public void close() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            cancelRenewal();
            if (!availability.allows()) {
                return; // it expires by itself
            }
            try {
                connections().control().sync().eval(RELEASE, ScriptOutputType.INTEGER,
                        new String[] {leaseKey}, token);
                availability.succeeded();
            } catch (RuntimeException e) {
                failed("lease release", e);
            }
        }
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
         * Signs published entries with HMAC-SHA256 under {@code key} (at least 16 bytes) and
         * refuses fetched entries that are unsigned or do not verify. Every machine sharing the
         * server needs the same key. Without one, entries are neither signed nor checked for a
         * signature: anyone who can write to the server can make readers decode their bytes.
         */
        public Builder signingKey(byte[] key) {
            Objects.requireNonNull(key, "key");
            if (key.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("signingKey must be at least " + MIN_KEY_BYTES
                        + " bytes, was " + key.length);
            }
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
            if (bytes < (64 << 10) || bytes > Manifest.MAX_CHUNK_SIZE) {
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
