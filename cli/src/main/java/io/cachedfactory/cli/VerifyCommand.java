package io.cachedfactory.cli;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.StoreMaintenance;
import io.cachedfactory.runtime.StoreMaintenance.VerifyReport;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code cachedfactory verify}: reads every payload and checks it. */
@Command(name = "verify",
        description = {"Reads every payload in full and checks its checksums, that its file"
                + " name matches its content, and that index and payloads agree.",
            "Exit code: 0 when everything checks out, 1 when there are problems, 2 on error."})
final class VerifyCommand extends StoreCommand {

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
            report = StoreMaintenance.verify(store);
        }
        int exitCode = report.ok() ? CachedFactoryCli.OK : CachedFactoryCli.FOUND;
        if (json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("store", directory);
            document.put("payloadsChecked", report.payloadsChecked());
            document.put("ok", report.ok());
            document.put("problems", report.problems());
            printJson(document);
            return exitCode;
        }
        report.problems().forEach(problem -> out().println("problem  " + problem));
        out().println("checked " + PruneCommand.count(report.payloadsChecked(), "payload",
                "payloads") + ": " + (report.ok() ? "OK"
                        : PruneCommand.count(report.problems().size(), "problem", "problems")
                                + " (cachedfactory prune --orphans removes unreadable and"
                                + " unindexed payloads)"));
        out().flush();
        return exitCode;
    }
}
