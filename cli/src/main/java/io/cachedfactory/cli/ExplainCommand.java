package io.cachedfactory.cli;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.Fingerprint;
import io.cachedfactory.runtime.StoredEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cachedfactory explain}: would a request be served, and if not, why. */
@Command(name = "explain", sortOptions = false,
        description = {"Says whether a request with these arguments would be served from the"
                + " store under the current fingerprint (from the manifests on --classpath), and"
                + " if the arguments are stored only under other fingerprints, which components"
                + " changed.",
            "Arguments match the stored values: 'sales 2024' matches name=\"sales\", year=2024.",
            "Exit code: 0 would be served, 1 absent, 3 stored only under other fingerprints,"
                + " 2 error."})
final class ExplainCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "FACTORY",
            description = "The factory, full or simple name (com.acme.TableFactory, TableFactory,"
                    + " Table).")
    String factory;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "The request's arguments.")
    List<String> arguments = new ArrayList<>();

    @Mixin
    ClasspathOption classpath;

    @Override
    public Integer call() throws IOException {
        Manifests manifests = classpath.requiredManifests("explain");
        warn(manifests);
        List<StoredEntry> all;
        try (CacheStore store = openStore()) {
            all = store.maintenance().list();
        }
        Map<String, Manifests.Factory> currentFactories = manifests.current();
        String name = resolveFactory(factory, factoryNames(all, manifests));
        Manifests.Factory current = currentFactories.get(name);
        if (current == null) {
            throw new CliException("factory " + factory + " is in no manifest on --classpath;"
                    + " its current fingerprint is unknown (manifests list: "
                    + String.join(", ", currentFactories.keySet()) + ")");
        }
        List<StoredEntry> ofFactory = all.stream().filter(e -> e.factory().equals(name)).toList();
        List<StoredEntry> matching = ofFactory.stream()
                .filter(e -> Arguments.of(e).matches(arguments)).toList();
        List<StoredEntry> underCurrent = matching.stream()
                .filter(e -> e.fingerprintVersion().equals(current.version())).toList();
        String verdict = !underCurrent.isEmpty() ? "served" : !matching.isEmpty() ? "stale"
                : "absent";
        int exitCode = switch (verdict) {
            case "served" -> CachedFactoryCli.OK;
            case "stale" -> CachedFactoryCli.STALE;
            default -> CachedFactoryCli.FOUND;
        };
        if (json()) {
            printJson(jsonReport(name, current, matching, verdict));
            return exitCode;
        }
        String request = name + " " + (matching.isEmpty() ? String.join(" ", arguments)
                : Arguments.of(matching.get(0)).valuesText());
        Instant now = Instant.now();
        switch (verdict) {
            case "served" -> {
                out().println(request + ": would be served");
                for (StoredEntry entry : underCurrent) {
                    out().println("  stored under the current fingerprint "
                            + shortVersion(current.version()) + " (" + describe(entry, now)
                            + ")");
                }
                if (underCurrent.stream()
                        .anyMatch(e -> Arguments.of(e).hasTraits())) {
                    out().println("  (the factory's @Traits value is part of the key; this"
                            + " tool cannot compute it and matched the arguments only)");
                }
            }
            case "stale" -> {
                out().println(request + ": would be rebuilt; stored only under other"
                        + " fingerprints");
                TreeSet<String> shown = new TreeSet<>();
                for (StoredEntry entry : matching) {
                    if (!shown.add(entry.fingerprintVersion())) {
                        continue;
                    }
                    out().println("  " + shortVersion(entry.fingerprintVersion()) + " ("
                            + describe(entry, now) + ") differs from the current "
                            + shortVersion(current.version()) + ":");
                    for (String change : Fingerprint.changes(entry.fingerprint(),
                            current.components())) {
                        out().println("    " + change);
                    }
                }
            }
            default -> {
                out().println(request + ": absent; a get would build it");
                out().println("  no stored entry of " + name + " has these arguments ("
                        + ofFactory.size() + (ofFactory.size() == 1 ? " entry" : " entries")
                        + " of this factory stored)");
            }
        }
        out().flush();
        return exitCode;
    }

    private static String describe(StoredEntry entry, Instant now) {
        return Units.formatSize(entry.payloadBytes()) + ", stored "
                + (entry.createdInFuture() ? IN_THE_FUTURE
                        : Units.formatAge(entry.created(), now) + " ago");
    }

    private Map<String, Object> jsonReport(String name, Manifests.Factory current,
            List<StoredEntry> matching, String verdict) {
        Instant now = Instant.now();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("factory", name);
        document.put("arguments", List.copyOf(arguments));
        document.put("verdict", verdict);
        document.put("currentFingerprint", current.version());
        List<Object> entries = new ArrayList<>();
        for (StoredEntry entry : matching) {
            Map<String, Object> item = entryJson(entry, now);
            boolean isCurrent = entry.fingerprintVersion().equals(current.version());
            item.put("current", isCurrent);
            item.put("changes", List.copyOf(Fingerprint.changes(entry.fingerprint(),
                    current.components())));
            entries.add(item);
        }
        document.put("entries", entries);
        return document;
    }
}
