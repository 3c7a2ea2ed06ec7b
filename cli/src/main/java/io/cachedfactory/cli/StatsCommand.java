package io.cachedfactory.cli;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.StoredEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cachedfactory stats}: totals per factory. */
@Command(name = "stats", sortOptions = false,
        description = {"Shows per factory: entries, total size, oldest and newest entry, how many"
                + " fingerprints, and with --classpath how many entries are stale."})
final class StatsCommand extends StoreCommand {

    @Mixin
    ClasspathOption classpath;

    /** One factory's totals. */
    private static final class Totals {
        int entries;
        long bytes;
        StoredEntry oldest;
        StoredEntry newest;
        final Set<String> fingerprints = new HashSet<>();
        int stale;
        boolean known;
    }

    @Override
    public Integer call() throws IOException {
        Manifests manifests = classpath.manifests();
        warn(manifests);
        Map<String, Set<String>> versions = manifests.versions();
        List<StoredEntry> entries;
        try (CacheStore store = openStore()) {
            entries = store.maintenance().list();
        }
        Instant now = Instant.now();
        Map<String, Totals> byFactory = new TreeMap<>();
        for (StoredEntry entry : entries) {
            Totals totals = byFactory.computeIfAbsent(entry.factory(), f -> new Totals());
            totals.entries++;
            totals.bytes += entry.payloadBytes();
            totals.oldest = totals.oldest == null
                    || entry.created().isBefore(totals.oldest.created()) ? entry : totals.oldest;
            totals.newest = totals.newest == null
                    || entry.created().isAfter(totals.newest.created()) ? entry : totals.newest;
            totals.fingerprints.add(entry.fingerprintVersion());
            Boolean current = LsCommand.currency(entry, versions);
            totals.known = current != null;
            if (Boolean.FALSE.equals(current)) {
                totals.stale++;
            }
        }
        if (json()) {
            List<Object> factories = new ArrayList<>();
            byFactory.forEach((name, t) -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("factory", name);
                item.put("entries", t.entries);
                item.put("bytes", t.bytes);
                item.put("oldest", t.oldest.created().toString());
                item.put("newest", t.newest.created().toString());
                item.put("fingerprints", t.fingerprints.size());
                item.put("stale", t.known ? Integer.valueOf(t.stale) : null);
                factories.add(item);
            });
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("store", cli().storeDirectory().toAbsolutePath().toString());
            document.put("entries", entries.size());
            document.put("bytes", entries.stream().mapToLong(StoredEntry::payloadBytes).sum());
            document.put("factories", factories);
            printJson(document);
            return CachedFactoryCli.OK;
        }
        if (entries.isEmpty()) {
            out().println("no entries in " + cli().storeDirectory());
            return CachedFactoryCli.OK;
        }
        TextTable table = new TextTable("FACTORY", ">ENTRIES", ">SIZE", ">OLDEST", ">NEWEST",
                ">FINGERPRINTS", ">STALE");
        int stale = 0;
        for (Map.Entry<String, Totals> e : byFactory.entrySet()) {
            Totals t = e.getValue();
            table.row(e.getKey(), t.entries, Units.formatSize(t.bytes),
                    age(t.oldest, now), age(t.newest, now),
                    t.fingerprints.size(), t.known ? Integer.toString(t.stale) : "-");
            stale += t.stale;
        }
        long bytes = entries.stream().mapToLong(StoredEntry::payloadBytes).sum();
        table.row("total", entries.size(), Units.formatSize(bytes), "", "", "",
                classpath.given() ? Integer.toString(stale) : "-");
        table.print(out());
        if (!classpath.given()) {
            out().println("(give --classpath to count stale entries)");
        }
        return CachedFactoryCli.OK;
    }
}
