package io.cachedfactory.cli;

import io.cachedfactory.runtime.RemoteEntries;
import io.cachedfactory.runtime.RemoteEntries.Entry;
import io.cachedfactory.runtime.RemoteTier;
import io.cachedfactory.runtime.RemoteTierProvider;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/*
 * ls --remote and prune --remote. The tier is opened through the same providers as a store's
 * remote tier (cachedfactory-s3 is on this tool's class path), and its RemoteEntries list and
 * remove entries. Remote entries are known by id, size and time only: the factory and arguments
 * live inside the payload, which listing does not download.
 */

/** Lists and prunes the entries of a remote tier, for {@link LsCommand} and {@link PruneCommand}. */
final class RemoteMaintenance {

    private final StoreCommand command;
    private final URI uri;

    RemoteMaintenance(StoreCommand command, URI uri) {
        this.command = command;
        this.uri = uri;
    }

    /** {@code ls --remote URI}. */
    int list() {
        Instant now = Instant.now();
        List<Entry> entries = new ArrayList<>();
        try (RemoteTier tier = open(); Stream<Entry> listed = entries(tier).list()) {
            listed.forEach(entries::add);
        } catch (RuntimeException e) {
            throw failure("cannot list", e);
        }
        if (command.json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("remote", uri.toString());
            document.put("entries", entries.stream().map(e -> json(e, now)).toList());
            command.printJson(document);
            return CachedFactoryCli.OK;
        }
        if (entries.isEmpty()) {
            command.out().println("no entries in " + uri);
            return CachedFactoryCli.OK;
        }
        TextTable table = new TextTable("ENTRY", ">SIZE", ">AGE");
        long total = 0;
        for (Entry entry : entries) {
            table.row(entry.entryId(), Units.formatSize(entry.bytes()),
                    Units.formatAge(entry.stored(), now));
            total += entry.bytes();
        }
        table.print(command.out());
        command.out().println(PruneCommand.count(entries.size(), "entry", "entries") + ", "
                + Units.formatSize(total));
        return CachedFactoryCli.OK;
    }

    /**
     * {@code prune --remote URI}: removes entries stored longer ago than {@code olderThan} and,
     * with {@code expired}, entries whose {@code maxAge} has passed (one metadata read each).
     */
    int prune(Duration olderThan, boolean expired, boolean dryRun) {
        Instant now = Instant.now();
        List<Map<String, Object>> removed = new ArrayList<>();
        long freed = 0;
        try (RemoteTier tier = open()) {
            RemoteEntries entries = entries(tier);
            List<Entry> all;
            try (Stream<Entry> listed = entries.list()) {
                all = listed.toList();
            }
            Progress progress = new Progress(command.err(), "prune: remote entries", all.size());
            for (Entry entry : all) {
                String reason = reason(entries, entry, olderThan, expired, now);
                if (reason != null) {
                    if (!dryRun) {
                        entries.remove(entry.entryId());
                    }
                    Map<String, Object> row = json(entry, now);
                    row.put("reason", reason);
                    removed.add(row);
                    freed += entry.bytes();
                }
                progress.step();
            }
        } catch (RuntimeException e) {
            throw failure("cannot prune", e);
        }
        if (command.json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("remote", uri.toString());
            document.put("dryRun", dryRun);
            document.put("removed", removed);
            document.put("bytesFreed", freed);
            command.printJson(document);
            return CachedFactoryCli.OK;
        }
        if (!removed.isEmpty()) {
            TextTable table = new TextTable("ENTRY", ">SIZE", ">AGE", "REASON");
            for (Map<String, Object> row : removed) {
                table.row((String) row.get("entry"), Units.formatSize((Long) row.get("bytes")),
                        (String) row.get("age"), (String) row.get("reason"));
            }
            table.print(command.out());
        }
        String summary = PruneCommand.count(removed.size(), "remote entry", "remote entries");
        command.out().println(dryRun
                ? "dry run: would remove " + summary + ", freeing " + Units.formatSize(freed)
                : "removed " + summary + ", freed " + Units.formatSize(freed));
        command.out().flush();
        return CachedFactoryCli.OK;
    }

    private static String reason(RemoteEntries entries, Entry entry, Duration olderThan,
            boolean expired, Instant now) {
        if (olderThan != null && Duration.between(entry.stored(), now).compareTo(olderThan) > 0) {
            return "older than " + Units.formatAge(olderThan);
        }
        if (expired) {
            Optional<Instant> expiry = entries.expiry(entry.entryId());
            if (expiry.isPresent() && !now.isBefore(expiry.get())) {
                return "expired";
            }
        }
        return null;
    }

    private RemoteTier open() {
        try {
            return RemoteTierProvider.openFromClassPath(uri, Optional.empty(),
                    RemoteMaintenance.class.getClassLoader());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    private RemoteEntries entries(RemoteTier tier) {
        return tier.entries().orElseThrow(() -> new CliException("the remote tier " + uri
                + " cannot list its entries (its server expires them by itself)"));
    }

    private CliException failure(String what, RuntimeException e) {
        if (e instanceof CliException cli) {
            return cli;
        }
        return new CliException(what + " the remote tier " + uri + ": " + e.getMessage(), e);
    }

    private static Map<String, Object> json(Entry entry, Instant now) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("entry", entry.entryId());
        item.put("bytes", entry.bytes());
        item.put("stored", entry.stored().toString());
        item.put("age", Units.formatAge(entry.stored(), now));
        return item;
    }
}
