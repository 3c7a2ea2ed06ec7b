package io.cachedfactory.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One entry of a store as {@link StoreMaintenance#list} reads it from its payload header.
 *
 * @param factory the factory's name, such as {@code com.acme.TableFactory}
 * @param arguments the request's arguments in readable form, such as
 *     {@code Table(String,int) name="sales", year=2024}
 * @param argumentList the same, structured: the signature and each named value
 * @param fingerprint the components of the fingerprint the object was built under
 * @param codecId the codec that wrote the payload
 * @param payloadBytes the payload file's size
 * @param created when the object was stored
 * @param lastAccess when the object was last served from disk, if the index knows
 * @param file the payload file
 */
public record StoredEntry(
        String factory,
        String arguments,
        Arguments argumentList,
        SortedMap<String, String> fingerprint,
        String codecId,
        long payloadBytes,
        Instant created,
        Optional<Instant> lastAccess,
        Path file) {

    /**
     * A key's arguments: the factory method's signature and each named value as a Java-like
     * literal ({@code "sales"}, {@code 2024L}, {@code Color.RED}, {@code [1, 2]}); a
     * {@code @Traits} value is named {@code @Traits}.
     */
    public record Arguments(String signature, List<Argument> values) {
        /** Copies the list. */
        public Arguments {
            values = List.copyOf(values);
        }
    }

    /** One named value of a key, rendered; very long values end with {@code "…"}. */
    public record Argument(String name, String value) {
    }

    /** Copies {@code fingerprint}. */
    public StoredEntry {
        fingerprint = Collections.unmodifiableSortedMap(new TreeMap<>(fingerprint));
    }

    /**
     * Whether {@link #created()} lies in the future (beyond clock differences between machines):
     * such an entry counts as older than any age limit, for {@code maxAge} and for pruning.
     */
    public boolean createdInFuture() {
        return EntryAge.inFuture(created.toEpochMilli(), System.currentTimeMillis());
    }

    /** The hex SHA-256 of {@link #fingerprint()}: the generated factory's {@code VERSION} then. */
    public String fingerprintVersion() {
        return Fingerprint.of(fingerprint).version();
    }
}
