package io.cachedfactory.cli;

import io.cachedfactory.runtime.Fingerprint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cachedfactory fingerprints}: the fingerprints of builds, for CI. */
@Command(name = "fingerprints",
        description = "Compares the fingerprints of two builds.",
        subcommands = FingerprintsCommand.Diff.class)
final class FingerprintsCommand {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** {@code cachedfactory fingerprints diff OLD NEW}. */
    @Command(name = "diff",
            description = {"Prints which factories a change invalidates and why: for each"
                    + " factory whose fingerprint changed, the components that changed; factories"
                    + " removed (their entries are never served again) and added.",
                "OLD and NEW are each a jar, a class output directory or a factories.txt.",
                "Exit code, as diff's: 0 nothing invalidated (added factories invalidate"
                    + " nothing), 1 some factory changed or was removed, 2 error."})
    static final class Diff extends StoreCommand {

        @Parameters(index = "0", paramLabel = "OLD",
                description = "The old build: jar, class directory or factories.txt.")
        Path oldPath;

        @Parameters(index = "1", paramLabel = "NEW",
                description = "The new build: jar, class directory or factories.txt.")
        Path newPath;

        @Override
        public Integer call() {
            Manifests before = Manifests.fromOne(oldPath);
            Manifests after = Manifests.fromOne(newPath);
            warn(before);
            warn(after);
            Map<String, Manifests.Factory> old = before.current();
            Map<String, Manifests.Factory> now = after.current();
            TreeSet<String> names = new TreeSet<>(old.keySet());
            names.addAll(now.keySet());
            List<Map<String, Object>> changed = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            List<String> added = new ArrayList<>();
            List<String> unchanged = new ArrayList<>();
            for (String name : names) {
                Manifests.Factory was = old.get(name);
                Manifests.Factory is = now.get(name);
                if (is == null) {
                    removed.add(name);
                } else if (was == null) {
                    added.add(name);
                } else if (was.version().equals(is.version())) {
                    unchanged.add(name);
                } else {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("factory", name);
                    item.put("oldVersion", was.version());
                    item.put("newVersion", is.version());
                    item.put("changes", List.copyOf(Fingerprint.changes(was.components(),
                            is.components())));
                    changed.add(item);
                }
            }
            boolean invalidated = !changed.isEmpty() || !removed.isEmpty();
            int exitCode = invalidated ? CachedFactoryCli.FOUND : CachedFactoryCli.OK;
            if (json()) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("old", oldPath.toString());
                document.put("new", newPath.toString());
                document.put("invalidated", invalidated);
                document.put("changed", changed);
                document.put("removed", removed);
                document.put("added", added);
                document.put("unchanged", unchanged);
                printJson(document);
                return exitCode;
            }
            for (Map<String, Object> item : changed) {
                out().println("invalidated  " + item.get("factory") + "  "
                        + shortVersion((String) item.get("oldVersion")) + " → "
                        + shortVersion((String) item.get("newVersion")));
                @SuppressWarnings("unchecked")
                List<String> changes = (List<String>) item.get("changes");
                changes.forEach(change -> out().println("               " + change));
            }
            removed.forEach(name -> out().println("removed      " + name
                    + "  (its stored entries are never served again)"));
            added.forEach(name -> out().println("added        " + name));
            int invalidations = changed.size() + removed.size();
            out().println(invalidated
                    ? PruneCommand.count(invalidations, "factory", "factories") + " invalidated ("
                            + changed.size() + " changed, " + removed.size() + " removed), "
                            + added.size() + " added, " + unchanged.size() + " unchanged"
                    : "nothing invalidated: " + unchanged.size() + " unchanged, " + added.size()
                            + " added");
            out().flush();
            return exitCode;
        }
    }
}
