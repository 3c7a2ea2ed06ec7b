package io.cachedfactory.s3;

import io.cachedfactory.runtime.RemoteEntries;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 tier's entries for maintenance: listed page by page under the entries prefix (keys that
 * are not entry ids are skipped), their expiry read from metadata, removed by key. Unlike the
 * tier's own operations these are asked for by a person or a script, so failures are thrown, not
 * counted.
 */
final class S3Entries implements RemoteEntries {

    private final S3Client client;
    private final S3Location location;
    private final boolean readOnly;

    S3Entries(S3Client client, S3Location location, boolean readOnly) {
        this.client = client;
        this.location = location;
        this.readOnly = readOnly;
    }

    @Override
    public Stream<Entry> list() {
        return client.listObjectsV2Paginator(b -> b.bucket(location.bucket())
                        .prefix(location.entriesPrefix()))
                .contents().stream()
                .filter(object -> location.entryIdOf(object.key()) != null)
                .map(object -> new Entry(location.entryIdOf(object.key()), object.size(),
                        object.lastModified()));
    }

    @Override
    public Optional<Instant> expiry(String entryId) {
        Map<String, String> metadata;
        try {
            metadata = client.headObject(b -> b.bucket(location.bucket())
                    .key(location.entryKey(entryId))).metadata();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            EntryMetadata parsed = EntryMetadata.parse(metadata);
            return parsed.expiresAtMillis().isPresent()
                    ? Optional.of(Instant.ofEpochMilli(parsed.expiresAtMillis().getAsLong()))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not one of ours: fetch refuses it anyway
        }
    }

    @Override
    public void remove(String entryId) {
        Objects.requireNonNull(entryId, "entryId");
        if (readOnly) {
            throw new IllegalStateException("the tier " + location + " is read-only");
        }
        client.deleteObject(b -> b.bucket(location.bucket()).key(location.entryKey(entryId)));
    }
}
