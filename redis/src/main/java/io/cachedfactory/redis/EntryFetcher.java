package io.cachedfactory.redis;

import io.cachedfactory.runtime.RemoteEntryDigest;
import io.cachedfactory.runtime.RemoteTierHealth;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;

/*
 * Fetch: read the manifest, then the chunks of THAT generation into a temporary file beside the
 * target, computing CRC32C and the HMAC on the way; only when length, checksum and signature hold
 * is the file synced and renamed to the target. Anything else deletes it: tampered, unsigned (when
 * a key is configured) or torn entries never reach the local store, let alone a codec.
 *
 * Two chunks are in flight: Redis sends the next while this thread writes the current. A missing
 * chunk may mean that a concurrent re-publish replaced the generation (the old one's chunks expire
 * after a grace period), so the manifest is read once more: a new generation is fetched, the same
 * one means its chunks were evicted, a plain miss that the next publish repairs.
 */

/** Downloads and verifies one entry's chunks into a local file. */
final class EntryFetcher {

    private final RedisConnections connections;
    private final RemoteTierHealth errors;
    private final RedisLayout layout;
    private final SecretKey key; // null: entries are neither signed nor checked
    private final AtomicLong refused = new AtomicLong();

    EntryFetcher(RedisConnections connections, RemoteTierHealth errors, RedisLayout layout,
            SecretKey key) {
        this.connections = connections;
        this.errors = errors;
        this.layout = layout;
        this.key = key;
    }

    /** See {@link io.cachedfactory.runtime.RemoteTier#fetch}. */
    boolean fetch(String entryId, Path target) {
        if (!errors.allowsOrSkips()) {
            return false;
        }
        Path part = target.resolveSibling(target.getFileName() + ".redis-part");
        try {
            // A second round only when the generation changed under us (a concurrent re-publish).
            String previousGeneration = null;
            for (int round = 0; round < 2; round++) {
                byte[] raw = connections.control().sync().get(layout.manifestKey(entryId));
                if (raw == null) {
                    errors.succeeded();
                    return false;
                }
                EntryManifest manifest;
                try {
                    manifest = EntryManifest.parse(raw);
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
                errors.succeeded();
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
            errors.report("cannot write a fetched entry locally", e.toString(), "building instead");
            return false;
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            errors.failed("fetch", e);
            return false;
        } finally {
            deleteQuietly(part);
        }
    }

    /** Entries refused since the tier was opened: unsigned, wrongly signed, corrupt, malformed. */
    long refused() {
        return refused.get();
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
    private Download download(String entryId, EntryManifest manifest, Path part)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        RemoteEntryDigest digest = EntryManifest.digest(key, entryId, manifest.length());
        StatefulRedisConnection<String, byte[]> connection = connections.bulk();
        String chunkPrefix = layout.generationPrefix(entryId, manifest.generation());
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            RedisFuture<byte[]> next = manifest.chunks() == 0 ? null
                    : connection.async().get(chunkPrefix + 0);
            for (int i = 0; i < manifest.chunks(); i++) {
                byte[] chunk = connections.await(next);
                next = i + 1 < manifest.chunks()
                        ? connection.async().get(chunkPrefix + (i + 1)) : null;
                if (chunk == null) {
                    return Download.CHUNK_MISSING;
                }
                if (chunk.length != manifest.chunkLength(i)) {
                    return Download.WRONG_CHUNK_LENGTH;
                }
                digest.update(chunk);
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            if (digest.crc32c() != manifest.crc32c()) {
                return Download.WRONG_CHECKSUM;
            }
            if (!digest.signatureMatches(manifest.hmac())) {
                return Download.WRONG_SIGNATURE;
            }
            out.force(true);
        }
        return Download.COMPLETE;
    }

    private boolean refuse(String entryId, String reason) {
        refused.incrementAndGet();
        errors.report("refused " + reason, "entry " + entryId,
                "treating it as a miss; it is never decoded");
        return false;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Left behind. The store's prune does not remove it: its name (the target's, plus
            // .redis-part) is not one of the temporary names the store recognises.
        }
    }
}
