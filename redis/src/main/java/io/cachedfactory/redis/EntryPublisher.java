package io.cachedfactory.redis;

import io.cachedfactory.runtime.BackgroundPublisher;
import io.cachedfactory.runtime.RemoteEntryDigest;
import io.cachedfactory.runtime.RemoteTier.Lease;
import io.cachedfactory.runtime.RemoteTierHealth;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.SecretKey;

/*
 * Publish: stream the local payload file chunk by chunk (two chunks in flight, never the whole
 * payload in memory) under a fresh random generation G, each chunk with a staging expiry; then one
 * Lua script checks that every chunk of G exists, gives them the entry's expiry (or none), points
 * the manifest at G, and lets the previous generation's chunks expire after a grace period. A
 * reader therefore sees either no manifest, the old complete generation, or the new complete one.
 * Of two machines publishing one entry, the later commit replaces the earlier; both are complete.
 *
 * Publishes run one at a time on a daemon thread behind a bounded queue (the runtime's
 * BackgroundPublisher): the caller waits only for the payload file to be opened, and a full queue
 * skips the publish rather than blocking.
 */

/** Uploads entries in chunks in the background and commits each with its manifest. */
final class EntryPublisher {

    private static final long STAGING_MILLIS = TimeUnit.HOURS.toMillis(1);
    private static final long OLD_GENERATION_GRACE_MILLIS = TimeUnit.MINUTES.toMillis(1);

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

    private final RedisConnections connections;
    private final RemoteTierHealth errors;
    private final RedisLayout layout;
    private final SecretKey key; // null: entries are published unsigned
    private final int chunkSize;
    private final BackgroundPublisher publisher;

    EntryPublisher(RedisConnections connections, RemoteTierHealth errors, RedisLayout layout,
            SecretKey key, int chunkSize, int queueCapacity, Duration closeTimeout) {
        this.connections = connections;
        this.errors = errors;
        this.layout = layout;
        this.key = key;
        this.chunkSize = chunkSize;
        this.publisher = new BackgroundPublisher("cachedfactory-redis-publish", queueCapacity,
                closeTimeout, errors, this::upload);
    }

    /** See {@link io.cachedfactory.runtime.RemoteTier#publish}. */
    void publish(String entryId, Path payloadFile, Lease lease, Optional<Duration> ttl) {
        publisher.publish(entryId, payloadFile, lease, ttl);
    }

    /** Entries published (committed) since the tier was opened. */
    long published() {
        return publisher.published();
    }

    /** Waits (at most the close timeout) for pending publishes, then abandons the rest. */
    void close() {
        publisher.close();
    }

    /** Writes the chunks of a new generation, then commits its manifest. */
    private boolean upload(String entryId, FileChannel channel, Optional<Instant> expiresAt)
            throws IOException {
        if (!errors.allowsOrSkips()) {
            return false;
        }
        long length = channel.size();
        int chunks = EntryManifest.expectedChunks(length, chunkSize);
        if (chunks < 0) {
            throw new IOException("payload of " + length + " bytes needs too many chunks");
        }
        String generation = RedisLayout.randomHex();
        String chunkPrefix = layout.generationPrefix(entryId, generation);
        RemoteEntryDigest digest = EntryManifest.digest(key, entryId, length);
        try {
            StatefulRedisConnection<String, byte[]> connection = connections.bulk();
            // Two buffers, two SETs in flight; a buffer is refilled only after its SET completed.
            int bufferSize = (int) Math.min(chunkSize, Math.max(length, 1));
            byte[][] buffers = {new byte[bufferSize], new byte[bufferSize]};
            @SuppressWarnings("unchecked")
            RedisFuture<String>[] inFlight = new RedisFuture[2];
            SetArgs staging = SetArgs.Builder.px(STAGING_MILLIS);
            for (int i = 0; i < chunks; i++) {
                int slot = i & 1;
                if (inFlight[slot] != null) {
                    connections.await(inFlight[slot]);
                }
                int size = (int) Math.min(chunkSize, length - (long) i * chunkSize);
                byte[] chunk = size == bufferSize ? buffers[slot] : new byte[size];
                readFully(channel, ByteBuffer.wrap(chunk), (long) i * chunkSize);
                digest.update(chunk);
                inFlight[slot] = connection.async().set(chunkPrefix + i, chunk, staging);
            }
            for (RedisFuture<String> pending : inFlight) {
                if (pending != null) {
                    connections.await(pending);
                }
            }
            return commit(entryId, new EntryManifest(generation, chunks, chunkSize, length,
                    digest.crc32c(), digest.hmac()), expiresAt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the chunks expire with their staging
            errors.skipped();
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            errors.failed("publish", e);
        }
        return false;
    }

    /** Points the manifest at the uploaded generation; false when a chunk went missing. */
    private boolean commit(String entryId, EntryManifest manifest,
            Optional<Instant> expiresAt) {
        // what is left of the entry's time to live (at least 1 ms: 0 means none to the script)
        long ttlMillis = expiresAt.map(at -> Math.max(1,
                at.toEpochMilli() - System.currentTimeMillis())).orElse(0L);
        Long committed = connections.control().sync().eval(COMMIT, ScriptOutputType.INTEGER,
                new String[] {layout.manifestKey(entryId)}, manifest.encode(),
                RedisLayout.ascii(ttlMillis), RedisLayout.ascii(layout.chunkPrefix(entryId)),
                RedisLayout.ascii(manifest.generation()), RedisLayout.ascii(manifest.chunks()),
                RedisLayout.ascii(OLD_GENERATION_GRACE_MILLIS));
        errors.succeeded();
        if (committed == null || committed != 1) {
            errors.report("a publish lost chunks before its commit (evicted by maxmemory, or the"
                    + " upload took longer than " + STAGING_MILLIS / 60_000 + " minutes)",
                    "entry " + entryId, "the entry stays unpublished");
            return false;
        }
        return true;
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
}
