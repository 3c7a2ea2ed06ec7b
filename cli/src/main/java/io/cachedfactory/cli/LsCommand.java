package io.cachedfactory.cli;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.StoredEntry;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cachedfactory ls}: one line per stored entry. */
@Command(name = "ls", sortOptions = false,
        description = {"Lists the stored entries: factory, arguments, state, size, age and"
                + " fingerprint.",
            "With --classpath, each fingerprint is marked current or stale.",
            "With --remote URI, lists a remote tier's entries instead."})
final class LsCommand extends StoreCommand {

    @Option(names = "--factory", paramLabel = "NAME",
            description = "Only this factory (full or simple name, e.g. TableFactory or Table).")
    String factory;

    @Mixin
    ClasspathOption classpath;

    @Option(names = "--remote", paramLabel = "URI",
            description = "List the entries of this remote tier instead of the store:"
                    + " s3://bucket/prefix?region=...; entry id, size and age.")
    URI remote;

    @Override
    public Integer call() throws IOException {
        if (remote != null) {
            if (factory != null || classpath.given()) {
                throw new CliException("--factory and --classpath are not used with --remote:"
                        + " remote entries are known by id only");
            }
            return new RemoteMaintenance(this, remote).list();
        }
        Manifests manifests = classpath.manifests();
        warn(manifests);
        Map<String, Set<String>> versions = manifests.versions();
        Instant now = Instant.now();
        List<StoredEntry> entries;
        try (CacheStore store = openStore()) {
            entries = store.maintenance().list();
        }
        if (factory != null) {
            String name = resolveFactory(factory, factoryNames(entries, manifests));
            entries = entries.stream().filter(e -> e.factory().equals(name)).toList();
        }
        if (json()) {
            List<Object> list = new ArrayList<>();
            for (StoredEntry entry : entries) {
                Map<String, Object> item = entryJson(entry, now);
                item.put("current", currency(entry, versions));
                list.add(item);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("store", cli().storeDirectory().toAbsolutePath().toString());
            document.put("entries", list);
            printJson(document);
            return CachedFactoryCli.OK;
        }
        if (entries.isEmpty()) {
            out().println("no entries" + (factory != null ? " of " + factory : "") + " in "
                    + cli().storeDirectory());
            return CachedFactoryCli.OK;
        }
        TextTable table = new TextTable("FACTORY", "ARGUMENTS", "STATE", ">SIZE", ">AGE",
                "FINGERPRINT");
        long total = 0;
        for (StoredEntry entry : entries) {
            Boolean current = currency(entry, versions);
            String fingerprint = shortVersion(entry.fingerprintVersion())
                    + (!classpath.given() ? "" : current == null ? " unknown"
                            : current ? " current" : " stale");
            table.row(entry.factory(), Arguments.of(entry).valuesText(),
                    "ON_DISK", Units.formatSize(entry.payloadBytes()),
                    age(entry, now), fingerprint);
            total += entry.payloadBytes();
        }
        table.print(out());
        out().println(entries.size() + (entries.size() == 1 ? " entry, " : " entries, ")
                + Units.formatSize(total));
        return CachedFactoryCli.OK;
    }

    /** Whether the entry's fingerprint is current; null when no manifest names its factory. */
    static Boolean currency(StoredEntry entry, Map<String, Set<String>> versions) {
        Set<String> current = versions.get(entry.factory());
        return current == null ? null : current.contains(entry.fingerprintVersion());
    }
}
