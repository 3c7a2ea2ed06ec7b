package io.cachedfactory.s3;

import io.cachedfactory.runtime.RemoteEntryDigest;
import io.cachedfactory.runtime.RemoteTierHealth;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/*
 * A fetch streams the object into the target file, computing CRC32C and (with a key) HMAC as the
 * bytes pass, so a 1 GiB entry never sits on the heap. The metadata is checked before the first
 * byte is written (format, entry id, length, expiry, signed when the tier signs), the digest after
 * the last; a refused or failed fetch deletes the target. Only then does the store see the file,
 * and it checks it again like any local payload (header, key, checksum, its own signature).
 *
 * A stream that ends before the length the response declared (equal to the metadata's, or the
 * entry is refused up front) is a transfer cut short, by a server that died or a connection that
 * dropped (the JDK's HTTP client reports it as a plain end of stream): a failure of the server,
 * counted with back-off like any other, never a refused entry.
 */

/** Downloads and verifies entries. */
final class EntryFetcher {

    private static final int BUFFER = 1 << 20;

    private final S3Client client;
    private final S3Location location;
    private final RemoteTierHealth health;
    private final SecretKey key; // null: unsigned tier
    private final AtomicLong refused = new AtomicLong();

    EntryFetcher(S3Client client, S3Location location, RemoteTierHealth health, SecretKey key) {
        this.client = client;
        this.location = location;
        this.health = health;
        this.key = key;
    }

    /** Fetches {@code entryId} into {@code target}; see {@link S3RemoteTier#fetch}. */
    boolean fetch(String entryId, Path target) {
        if (!health.allowsOrSkips()) {
            return false;
        }
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b
                .bucket(location.bucket()).key(location.entryKey(entryId)))) {
            health.succeeded();
            GetObjectResponse response = in.response();
            EntryMetadata metadata;
            try {
                metadata = EntryMetadata.parse(response.metadata());
            } catch (IllegalArgumentException e) {
                in.abort();
                return refuse("an object that is not a cachedfactory entry", entryId, e);
            }
            String problem = problem(entryId, metadata, response.contentLength());
            if (problem != null) {
                in.abort();
                return !problem.isEmpty() && refuse(problem, entryId, null);
            }
            return copyVerified(in, entryId, metadata, target);
        } catch (NoSuchKeyException e) {
            health.succeeded();
            return false;
        } catch (SdkException | IOException e) {
            deleteQuietly(target);
            health.failed("fetch", e);
            return false;
        }
    }

    /** Why the metadata rules the object out: null if it does not, empty for a plain miss. */
    private String problem(String entryId, EntryMetadata metadata, Long contentLength) {
        if (!metadata.entryId().equals(entryId)) {
            return "an entry published under another id";
        }
        if (contentLength == null || contentLength != metadata.length()) {
            return "an entry whose length is not its metadata's";
        }
        if (key != null && metadata.hmac().isEmpty()) {
            return "an unsigned entry";
        }
        if (metadata.expiredAt(System.currentTimeMillis())) {
            return ""; // expired: a miss, not trouble; the bucket's lifecycle rule removes it
        }
        return null;
    }

    private boolean copyVerified(InputStream in, String entryId, EntryMetadata metadata,
            Path target) throws IOException {
        RemoteEntryDigest digest = EntryMetadata.digest(key, entryId, metadata.length(),
                metadata.expiresAtMillis());
        long copied = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[BUFFER];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                copied += read;
                if (copied > metadata.length()) {
                    break;
                }
                digest.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            deleteQuietly(target);
            throw e;
        }
        if (copied < metadata.length()) {
            // The response declared the entry's whole length (checked before the first byte),
            // so the stream ended early: the server died or the connection dropped mid-transfer.
            throw new IOException("the transfer of entry " + entryId + " ended after " + copied
                    + " of " + metadata.length() + " bytes");
        }
        String problem = copied != metadata.length() ? "an overlong entry"
                : digest.crc32c() != metadata.crc32c() ? "an entry whose checksum does not match"
                : !digest.signatureMatches(metadata.hmac())
                        ? "an entry whose signature does not verify" : null;
        if (problem != null) {
            deleteQuietly(target);
            return refuse(problem, entryId, null);
        }
        return true;
    }

    private boolean refuse(String reason, String entryId, Exception detail) {
        refused.incrementAndGet();
        health.report("refused " + reason, "entry " + entryId
                + (detail == null ? "" : ": " + detail.getMessage()), "building instead");
        return false;
    }

    /** Entries refused since the tier was opened. */
    long refused() {
        return refused.get();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The caller's temporary directory is pruned by the store.
        }
    }
}
