package io.cachedfactory.s3;

import io.cachedfactory.runtime.BackgroundPublisher;
import io.cachedfactory.runtime.RemoteEntryDigest;
import io.cachedfactory.runtime.RemoteTier.Lease;
import io.cachedfactory.runtime.RemoteTierHealth;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.crypto.SecretKey;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/*
 * Publishing runs on one background thread per tier, from a bounded queue (the runtime's
 * BackgroundPublisher): the caller's request returns as soon as the payload file is opened. A
 * first pass over the file computes its CRC32C and signature (S3 wants metadata before the bytes);
 * an entry already in the bucket is not uploaded again. Then the file is streamed: one PUT below
 * the part size, a multipart upload above it, part by part from the file, never the whole payload
 * on the heap. Both end with If-None-Match: *, so the first complete writer wins and a late one
 * changes nothing; a multipart upload that fails is aborted. The lease is released last, so
 * waiters find the entry when they take it.
 */

/** Uploads entries in the background. */
final class EntryPublisher {

    private static final int HASH_BUFFER = 1 << 20;
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client client;
    private final S3Location location;
    private final RemoteTierHealth health;
    private final SecretKey key;
    private final long partSize;
    private final BackgroundPublisher publisher;

    EntryPublisher(S3Client client, S3Location location, RemoteTierHealth health, SecretKey key,
            long partSize, int queue, Duration closeTimeout) {
        this.client = client;
        this.location = location;
        this.health = health;
        this.key = key;
        this.partSize = partSize;
        this.publisher = new BackgroundPublisher("cachedfactory-s3-publish", queue, closeTimeout,
                health, (entryId, channel, expiresAt) -> upload(entryId, channel, expiresAt
                        .map(at -> OptionalLong.of(at.toEpochMilli()))
                        .orElse(OptionalLong.empty())));
    }

    /** Opens {@code payloadFile} now and uploads it in the background, then closes the lease. */
    void publish(String entryId, Path payloadFile, Lease lease, Optional<Duration> ttl) {
        publisher.publish(entryId, payloadFile, lease, ttl);
    }

    /** Uploads the entry unless the bucket has it; whether this tier uploaded it. */
    private boolean upload(String entryId, FileChannel channel, OptionalLong expiresAt)
            throws IOException {
        if (!health.allowsOrSkips()) {
            return false;
        }
        String objectKey = location.entryKey(entryId);
        try {
            if (exists(objectKey)) {
                health.succeeded();
                return false; // another machine published it first
            }
            long length = channel.size();
            RemoteEntryDigest digest = EntryMetadata.digest(key, entryId, length, expiresAt);
            hash(channel, length, digest);
            Map<String, String> metadata = new EntryMetadata(entryId, length, digest.crc32c(),
                    digest.hmac(), expiresAt).toMap();
            if (length <= partSize) {
                client.putObject(b -> b.bucket(location.bucket()).key(objectKey)
                        .metadata(metadata).contentLength(length).ifNoneMatch("*"),
                        region(channel, 0, length));
            } else {
                multipart(objectKey, channel, length, metadata);
            }
            health.succeeded();
            return true;
        } catch (S3Exception e) {
            if (Conditions.failed(e)) {
                health.succeeded(); // someone else's complete upload won: the same entry
            } else {
                health.failed("publish", e);
            }
        } catch (SdkException e) {
            health.failed("publish", e);
        }
        return false;
    }

    private boolean exists(String objectKey) {
        try {
            client.headObject(b -> b.bucket(location.bucket()).key(objectKey));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void multipart(String objectKey, FileChannel channel, long length,
            Map<String, String> metadata) {
        String uploadId = client.createMultipartUpload(b -> b.bucket(location.bucket())
                .key(objectKey).metadata(metadata).contentType(CONTENT_TYPE)).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < length; offset += partSize, number++) {
                long size = Math.min(partSize, length - offset);
                int partNumber = number;
                String etag = client.uploadPart(b -> b.bucket(location.bucket()).key(objectKey)
                        .uploadId(uploadId).partNumber(partNumber).contentLength(size),
                        region(channel, offset, size)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            client.completeMultipartUpload(b -> b.bucket(location.bucket()).key(objectKey)
                    .uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(m -> m.parts(parts)));
            completed = true;
        } finally {
            if (!completed) {
                abortQuietly(objectKey, uploadId);
            }
        }
    }

    private void abortQuietly(String objectKey, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(location.bucket()).key(objectKey)
                    .uploadId(uploadId));
        } catch (SdkException ignored) {
            // The bucket's lifecycle rule removes incomplete uploads (see the README).
        }
    }

    private static RequestBody region(FileChannel channel, long offset, long length) {
        return RequestBody.fromContentProvider(() -> new FileRegionStream(channel, offset, length),
                length, CONTENT_TYPE);
    }

    private static void hash(FileChannel channel, long length, RemoteEntryDigest digest)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(HASH_BUFFER);
        for (long position = 0; position < length; ) {
            buffer.clear();
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new IOException("the payload file shrank while it was published");
            }
            digest.update(buffer.array(), 0, read);
            position += read;
        }
    }

    /** Entries this tier uploaded since it was opened, each counted once its lease is released. */
    long published() {
        return publisher.published();
    }

    /** Waits (at most the close timeout) for pending publishes, then abandons the rest. */
    void close() {
        publisher.close();
    }
}
