package io.cachedfactory.cli;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.StoredEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cachedfactory rm}: removes the entries of a factory with given arguments. */
@Command(name = "rm", sortOptions = false,
        description = {"Removes the stored entries of FACTORY whose arguments match ARGs (under"
                + " every fingerprint), or with --all every entry of FACTORY.",
            "Entries another process is loading or building are kept.",
            "Exit code: 0 removed, 1 nothing matched or some entry was in use, 2 error."})
final class RmCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "FACTORY",
            description = "The factory, full or simple name.")
    String factory;

    @Parameters(index = "1..*", paramLabel = "ARG",
            description = "The arguments of the entries to remove, as for explain.")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--all", description = "Remove every entry of FACTORY.")
    boolean all;

    @Option(names = "--dry-run", description = "Only print what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        if (all == !arguments.isEmpty()) {
            throw new CliException(all ? "give either arguments or --all, not both"
                    : "give the arguments of the entries to remove, or --all for every entry of "
                            + factory);
        }
        Instant now = Instant.now();
        List<StoredEntry> removed = new ArrayList<>();
        int busy = 0;
        String name;
        try (CacheStore store = openStore()) {
            List<StoredEntry> entries = store.maintenance().list();
            name = resolveFactory(factory, factoryNames(entries, Manifests.none()));
            List<StoredEntry> matching = entries.stream()
                    .filter(e -> e.factory().equals(name))
                    .filter(e -> all || Arguments.of(e).matches(arguments))
                    .toList();
            Progress progress = new Progress(err(), "rm: entries", matching.size());
            for (StoredEntry entry : matching) {
                if (dryRun || store.maintenance().remove(entry)) {
                    removed.add(entry);
                } else {
                    busy++;
                }
                progress.step();
            }
        }
        int exitCode = removed.isEmpty() || busy > 0 ? CachedFactoryCli.FOUND : CachedFactoryCli.OK;
        if (json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("factory", name);
            document.put("dryRun", dryRun);
            document.put("removed", removed.stream().map(e -> entryJson(e, now)).toList());
            document.put("bytesFreed", removed.stream().mapToLong(StoredEntry::payloadBytes)
                    .sum());
            document.put("inUse", busy);
            printJson(document);
            return exitCode;
        }
        if (removed.isEmpty() && busy == 0) {
            out().println("no entry of " + name + (all ? "" : " has the arguments "
                    + String.join(" ", arguments)));
            out().flush();
            return exitCode;
        }
        if (!removed.isEmpty()) {
            TextTable table = new TextTable("FACTORY", "ARGUMENTS", ">SIZE", "FINGERPRINT");
            for (StoredEntry entry : removed) {
                table.row(entry.factory(), Arguments.of(entry).valuesText(),
                        Units.formatSize(entry.payloadBytes()),
                        shortVersion(entry.fingerprintVersion()));
            }
            table.print(out());
        }
        long freed = removed.stream().mapToLong(StoredEntry::payloadBytes).sum();
        out().println((dryRun ? "dry run: would remove " : "removed ")
                + PruneCommand.count(removed.size(), "entry", "entries") + ", "
                + Units.formatSize(freed));
        if (busy > 0) {
            out().println("kept " + PruneCommand.count(busy, "entry", "entries")
                    + " another process is loading or building; try again later");
        }
        out().flush();
        return exitCode;
    }
}
