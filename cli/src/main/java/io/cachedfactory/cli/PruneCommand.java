package io.cachedfactory.cli;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.PruneOptions;
import io.cachedfactory.runtime.StoreMaintenance;
import io.cachedfactory.runtime.StoreMaintenance.PruneReport;
import io.cachedfactory.runtime.StoredEntry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/*
 * The runtime's prune removes everything in one call. To show progress, the tool asks it for a
 * dry run first and then removes the selected entries one by one with maintenance().remove,
 * which keeps the same guarantee: an entry some process is loading or building is skipped (and
 * counted as in use), never torn away. Orphans are removed by a second, orphans-only prune.
 */

/** {@code cachedfactory prune}: removes stale, old, over-budget and orphaned entries. */
@Command(name = "prune", sortOptions = false,
        description = {"Removes entries whose fingerprint is stale (not current in any manifest"
                + " on --classpath), entries older than a duration, least recently used entries"
                + " beyond a size, and orphans (files of crashed writers, payloads without an"
                + " index entry and index entries without a payload).",
            "Entries another process is loading or building are kept. Entries of factories no"
                + " manifest names are never stale.",
            "With --remote URI, prunes a remote tier's entries: --older-than, --expired."})
final class PruneCommand extends StoreCommand {

    @Option(names = "--stale",
            description = "Remove entries whose fingerprint is not the current one of their"
                    + " factory; needs --classpath.")
    boolean stale;

    @Option(names = "--older-than", paramLabel = "DURATION",
            description = "Remove entries stored longer ago than this: ISO-8601 (P30D, PT12H)"
                    + " or 30d, 12h, 15m, 90s, 2w. Entries created in the future count as"
                    + " older than any duration.")
    String olderThan;

    @Option(names = "--max-size", paramLabel = "SIZE",
            description = "Remove least recently used entries until payloads total at most"
                    + " this: 500MB, 10MiB, 1.5GB, 2G (KB/MB/GB are powers of 1000, KiB/MiB/GiB"
                    + " and K/M/G powers of 1024).")
    String maxSize;

    @Option(names = "--orphans", description = "Remove orphans.")
    boolean orphans;

    @Option(names = "--dry-run", description = "Only print what would be removed.")
    boolean dryRun;

    @Option(names = "--remote", paramLabel = "URI",
            description = "Prune this remote tier instead of the store (s3://bucket/prefix?...),"
                    + " with --older-than and --expired.")
    URI remote;

    @Option(names = "--expired",
            description = "With --remote: remove entries whose maxAge has passed (reads each"
                    + " entry's metadata).")
    boolean expired;

    @Mixin
    ClasspathOption classpath;

    @Override
    public Integer call() throws IOException {
        if (remote != null) {
            if (stale || maxSize != null || orphans || classpath.given()) {
                throw new CliException("with --remote, give --older-than or --expired;"
                        + " --stale, --max-size, --orphans and --classpath are for the store");
            }
            if (olderThan == null && !expired) {
                throw new CliException("nothing to prune: give --older-than or --expired");
            }
            return new RemoteMaintenance(this, remote).prune(
                    olderThan == null ? null : Units.parseDuration(olderThan), expired, dryRun);
        }
        if (expired) {
            throw new CliException("--expired is for --remote: the store removes expired"
                    + " entries by itself");
        }
        if (!stale && olderThan == null && maxSize == null && !orphans) {
            throw new CliException("nothing to prune: give --stale, --older-than, --max-size or"
                    + " --orphans");
        }
        PruneOptions options = PruneOptions.none();
        Map<String, Set<String>> versions = Map.of();
        if (stale) {
            Manifests manifests = classpath.requiredManifests("--stale");
            warn(manifests);
            versions = manifests.versions();
            options = options.withStale(versions);
        } else if (classpath.given()) {
            throw new CliException("--classpath is used only with --stale");
        }
        Duration age = olderThan == null ? null : Units.parseDuration(olderThan);
        if (age != null) {
            options = options.withOlderThan(age);
        }
        if (maxSize != null) {
            options = options.withMaxBytes(Units.parseSize(maxSize));
        }
        if (orphans) {
            options = options.withOrphans();
        }
        Instant now = Instant.now();
        List<StoredEntry> removed = new ArrayList<>();
        List<Path> removedOrphans;
        long freed = 0;
        int busy = 0;
        TreeSet<String> unknownFactories = new TreeSet<>();
        Path root;
        try (CacheStore store = openStore()) {
            root = store.directory();
            if (stale) {
                for (StoredEntry entry : store.maintenance().list()) {
                    if (!versions.containsKey(entry.factory())) {
                        unknownFactories.add(entry.factory());
                    }
                }
            }
            PruneReport plan = store.maintenance().prune(options.asDryRun());
            if (dryRun) {
                removed.addAll(plan.removed());
                removedOrphans = plan.orphans();
                freed = plan.bytesFreed();
            } else {
                Progress progress = new Progress(err(), "prune: entries", plan.removed().size());
                for (StoredEntry entry : plan.removed()) {
                    if (store.maintenance().remove(entry)) {
                        removed.add(entry);
                        freed += entry.payloadBytes();
                    } else {
                        busy++;
                    }
                    progress.step();
                }
                if (orphans) {
                    PruneReport cleaned = store.maintenance().prune(PruneOptions.none().withOrphans());
                    removedOrphans = cleaned.orphans();
                    busy += cleaned.busy();
                    freed += cleaned.bytesFreed();
                } else {
                    removedOrphans = List.of();
                }
            }
        }

        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoredEntry entry : removed) {
            Map<String, Object> row = entryJson(entry, now);
            row.put("reasons", reasons(entry, versions, age, now));
            rows.add(row);
        }
        if (json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("store", root.toString());
            document.put("dryRun", dryRun);
            document.put("removed", rows);
            document.put("orphans", removedOrphans.stream().map(Path::toString).toList());
            document.put("bytesFreed", freed);
            document.put("inUse", busy);
            document.put("factoriesNotInManifests", List.copyOf(unknownFactories));
            printJson(document);
            return CachedFactoryCli.OK;
        }
        if (!removed.isEmpty()) {
            TextTable table = new TextTable("FACTORY", "ARGUMENTS", ">SIZE", ">AGE",
                    "FINGERPRINT", "REASON");
            for (int i = 0; i < removed.size(); i++) {
                StoredEntry entry = removed.get(i);
                @SuppressWarnings("unchecked")
                List<String> why = (List<String>) rows.get(i).get("reasons");
                table.row(entry.factory(), Arguments.of(entry).valuesText(),
                        Units.formatSize(entry.payloadBytes()),
                        age(entry, now),
                        shortVersion(entry.fingerprintVersion()), String.join(", ", why));
            }
            table.print(out());
        }
        for (Path orphan : removedOrphans) {
            out().println("orphan  " + relative(root, orphan));
        }
        String summary = count(removed.size(), "entry", "entries") + " and "
                + count(removedOrphans.size(), "orphan", "orphans");
        out().println(dryRun
                ? "dry run: would remove " + summary + ", freeing " + Units.formatSize(freed)
                : "removed " + summary + ", freed " + Units.formatSize(freed));
        if (busy > 0) {
            out().println("kept " + count(busy, "entry", "entries")
                    + " another process is loading or building");
        }
        if (!unknownFactories.isEmpty()) {
            out().println("kept every entry of factories no manifest names: "
                    + String.join(", ", unknownFactories));
        }
        out().flush();
        return CachedFactoryCli.OK;
    }

    private List<String> reasons(StoredEntry entry, Map<String, Set<String>> versions,
            Duration age, Instant now) {
        List<String> reasons = new ArrayList<>();
        Set<String> current = versions.get(entry.factory());
        if (stale && current != null && !current.contains(entry.fingerprintVersion())) {
            reasons.add("stale");
        }
        if (age != null && entry.createdInFuture()) {
            // The runtime counts such an entry older than any age: its age cannot be trusted.
            reasons.add("created in the future");
        } else if (age != null && Duration.between(entry.created(), now).compareTo(age) > 0) {
            // Compared as durations: now.minus(age) fails for ages beyond the time line.
            reasons.add("older than " + olderThan);
        }
        if (reasons.isEmpty()) {
            // The runtime's clock ran a moment later than ours: an age boundary case.
            reasons.add(maxSize != null ? "over " + maxSize : "older than " + olderThan);
        }
        return reasons;
    }

    static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    static String relative(Path root, Path file) {
        return file.startsWith(root) ? root.relativize(file).toString() : file.toString();
    }
}
