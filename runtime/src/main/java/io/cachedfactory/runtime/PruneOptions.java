package io.cachedfactory.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What {@link StoreMaintenance#prune} removes. Every option is off unless set.
 *
 * @param currentVersions stale pruning: for each factory named, the fingerprint versions that are
 *     current (for example read from the manifests on a classpath); its entries of any other version
 *     are removed. Entries of factories not named are kept.
 * @param olderThan entries stored longer ago than this are removed
 * @param maxBytes least recently used entries are removed until payloads total at most this
 * @param orphans removes temporary files of crashed writers, payloads without an index entry or
 *     with an unreadable header, and index entries without a payload
 * @param dryRun reports what would be removed, removing nothing
 */
public record PruneOptions(
        Optional<Map<String, Set<String>>> currentVersions,
        Optional<Duration> olderThan,
        OptionalLong maxBytes,
        boolean orphans,
        boolean dryRun) {

    /** Checks and copies the options. */
    public PruneOptions {
        currentVersions = currentVersions.map(Map::copyOf);
        Objects.requireNonNull(olderThan, "olderThan");
        olderThan.ifPresent(age -> {
            if (age.isNegative()) {
                throw new IllegalArgumentException("olderThan must not be negative, was " + age);
            }
        });
        maxBytes.ifPresent(bytes -> {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBytes must be >= 0, was " + bytes);
            }
        });
    }

    /** Nothing selected; combine with the {@code with...} methods. */
    public static PruneOptions none() {
        return new PruneOptions(Optional.empty(), Optional.empty(), OptionalLong.empty(), false,
                false);
    }

    /** Also removes entries whose fingerprint is not current. */
    public PruneOptions withStale(Map<String, Set<String>> current) {
        return new PruneOptions(Optional.of(current), olderThan, maxBytes, orphans, dryRun);
    }

    /** Also removes entries older than {@code age}. */
    public PruneOptions withOlderThan(Duration age) {
        return new PruneOptions(currentVersions, Optional.of(age), maxBytes, orphans, dryRun);
    }

    /** Also trims to {@code bytes}, least recently used first. */
    public PruneOptions withMaxBytes(long bytes) {
        return new PruneOptions(currentVersions, olderThan, OptionalLong.of(bytes), orphans, dryRun);
    }

    /** Also removes orphans. */
    public PruneOptions withOrphans() {
        return new PruneOptions(currentVersions, olderThan, maxBytes, true, dryRun);
    }

    /** Only reports. */
    public PruneOptions asDryRun() {
        return new PruneOptions(currentVersions, olderThan, maxBytes, orphans, true);
    }
}
