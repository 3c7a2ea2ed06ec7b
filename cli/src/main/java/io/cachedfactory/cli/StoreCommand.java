package io.cachedfactory.cli;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.StoredEntry;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the global options, output, the store and factory names. */
abstract class StoreCommand implements Callable<Integer> {

    /** The age shown for an entry whose creation time lies in the future. */
    static final String IN_THE_FUTURE = "in the future";

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    CachedFactoryCli cli() {
        return (CachedFactoryCli) spec.root().userObject();
    }

    boolean json() {
        return cli().json();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints {@code document} as JSON. */
    void printJson(Object document) {
        out().print(JsonFormat.write(document));
        out().flush();
    }

    /** Prints manifest warnings on stderr. */
    void warn(Manifests manifests) {
        manifests.warnings().forEach(w -> err().println("cachedfactory: warning: " + w));
    }

    /**
     * Opens the store the user named. Never creates or repairs one: a missing directory, or one
     * that holds no store, is an error.
     */
    CacheStore openStore() {
        CacheStore.Builder builder = CacheStore.builder(cli().storeDirectory()).existingOnly();
        signingKey().ifPresent(key -> {
            try {
                builder.signingKey(key);
            } catch (IllegalArgumentException e) {
                throw new CliException("invalid signing key (--signing-key,"
                        + " CACHEDFACTORY_SIGNING_KEY or -Dcachedfactory.signingKey): "
                        + e.getMessage(), e);
            }
        });
        try {
            return builder.open();
        } catch (IllegalArgumentException e) {
            // "no cachedfactory store at DIR: why": perhaps the user meant another directory.
            String hint = String.valueOf(e.getMessage()).startsWith("no cachedfactory store at")
                    ? " (give --store DIR or set CACHEDFACTORY_DIR)" : "";
            throw new CliException(e.getMessage() + hint, e);
        }
    }

    /** The key to check payload signatures with; none unless the command takes one. */
    Optional<byte[]> signingKey() {
        return Optional.empty();
    }

    /**
     * The full factory name {@code given} stands for among {@code known}: itself, or the one
     * factory whose simple name is {@code given} or {@code given + "Factory"}, or whose name ends
     * with {@code "." + given}. Returns {@code given} when nothing matches.
     *
     * @throws CliException when several factories match
     */
    static String resolveFactory(String given, Collection<String> known) {
        if (known.contains(given)) {
            return given;
        }
        TreeSet<String> candidates = new TreeSet<>();
        for (String name : known) {
            String simple = name.substring(name.lastIndexOf('.') + 1);
            if (simple.equals(given) || simple.equals(given + "Factory")
                    || name.endsWith("." + given)) {
                candidates.add(name);
            }
        }
        if (candidates.size() > 1) {
            throw new CliException("'" + given + "' matches several factories: "
                    + String.join(", ", candidates) + "; give the full name");
        }
        return candidates.isEmpty() ? given : candidates.first();
    }

    /** Every factory name in {@code entries} and {@code manifests}. */
    static Collection<String> factoryNames(List<StoredEntry> entries, Manifests manifests) {
        TreeSet<String> names = new TreeSet<>(manifests.current().keySet());
        entries.forEach(e -> names.add(e.factory()));
        return names;
    }

    /** An entry as a JSON object. */
    static Map<String, Object> entryJson(StoredEntry entry, Instant now) {
        Arguments arguments = Arguments.of(entry);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("factory", entry.factory());
        json.put("arguments", entry.arguments());
        json.put("signature", arguments.signature());
        List<Object> values = new ArrayList<>();
        for (Arguments.Argument argument : arguments.values()) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("name", argument.name());
            value.put("value", argument.value());
            values.add(value);
        }
        json.put("values", values);
        json.put("state", "ON_DISK");
        json.put("bytes", entry.payloadBytes());
        json.put("created", entry.created().toString());
        json.put("lastAccess", entry.lastAccess().map(Instant::toString).orElse(null));
        // Negative when the creation time lies ahead of this clock; createdInFuture says when
        // that is more than a clock difference.
        json.put("ageSeconds", now.getEpochSecond() - entry.created().getEpochSecond());
        json.put("createdInFuture", entry.createdInFuture());
        json.put("fingerprint", entry.fingerprintVersion());
        json.put("components", new LinkedHashMap<>(entry.fingerprint()));
        json.put("codec", entry.codecId());
        json.put("file", entry.file().toString());
        return json;
    }

    /**
     * How long ago {@code entry} was stored, as {@link Units#formatAge(Instant, Instant)} shows it,
     * or {@value #IN_THE_FUTURE} when its creation time lies in the future (a clock set back, a
     * damaged or planted header): such an entry counts as older than any age when pruning.
     */
    static String age(StoredEntry entry, Instant now) {
        return entry.createdInFuture() ? IN_THE_FUTURE : Units.formatAge(entry.created(), now);
    }

    /** The first 12 hex digits of a fingerprint version. */
    static String shortVersion(String version) {
        return version.length() > 12 ? version.substring(0, 12) : version;
    }
}
