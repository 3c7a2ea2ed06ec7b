package io.cachedfactory.cli;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.StoreMaintenance;
import io.cachedfactory.runtime.StoreMaintenance.VerifyReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cachedfactory verify}: reads every payload and checks it. */
@Command(name = "verify", sortOptions = false,
        description = {"Reads every payload in full and checks its checksums, that its file"
                + " name matches its content, and that index and payloads agree.",
            "Signed payloads are checked against the signing key: --signing-key, else"
                + " -Dcachedfactory.signingKey, else $CACHEDFACTORY_SIGNING_KEY.",
            "Exit code: 0 when everything checks out, 1 when there are problems, 4 when there"
                + " are none but signed payloads were not checked for want of a key, 2 on"
                + " error."})
final class VerifyCommand extends StoreCommand {

    @Option(names = "--signing-key", paramLabel = "KEY",
            description = "The key payloads were signed with (its UTF-8 bytes, at least 16);"
                    + " default: -Dcachedfactory.signingKey, else $CACHEDFACTORY_SIGNING_KEY.")
    String signingKey;

    @Override
    Optional<byte[]> signingKey() {
        return signingKey != null ? Optional.of(signingKey.getBytes(StandardCharsets.UTF_8))
                : CacheStore.signingKeyFromEnvironment();
    }

    @Override
    public Integer call() throws IOException {
        VerifyReport report;
        String directory;
        try (CacheStore store = openStore()) {
            directory = store.directory().toString();
            if (!json()) {
                err().println("verify: reading every payload in " + directory);
                err().flush();
            }
            report = store.maintenance().verify();
        }
        int exitCode = !report.ok() ? CachedFactoryCli.FOUND
                : report.signaturesUnchecked() ? CachedFactoryCli.UNCHECKED
                : CachedFactoryCli.OK;
        if (json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("store", directory);
            document.put("payloadsChecked", report.payloadsChecked());
            document.put("ok", report.ok());
            document.put("problems", report.problems());
            document.put("signedPayloads", report.signedPayloads());
            document.put("signaturesChecked", report.signaturesChecked());
            printJson(document);
            return exitCode;
        }
        report.problems().forEach(problem -> out().println("problem  " + problem));
        if (report.signaturesUnchecked()) {
            out().println(PruneCommand.count(report.signedPayloads(),
                    "payload is", "payloads are") + " signed but signatures were NOT checked"
                    + " (give --signing-key or set CACHEDFACTORY_SIGNING_KEY)");
        }
        out().println("checked " + PruneCommand.count(report.payloadsChecked(), "payload",
                "payloads") + ": " + (!report.ok()
                        ? PruneCommand.count(report.problems().size(), "problem", "problems")
                                + " (cachedfactory prune --orphans removes unreadable and"
                                + " unindexed payloads)"
                        : report.signaturesUnchecked() ? "no problems found, signatures not checked"
                        : "OK"));
        out().flush();
        return exitCode;
    }
}
