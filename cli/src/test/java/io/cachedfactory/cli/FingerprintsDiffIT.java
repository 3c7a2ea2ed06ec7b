package io.cachedfactory.cli;

import static io.cachedfactory.cli.EarlierTableBuilds.CHART;
import static io.cachedfactory.cli.EarlierTableBuilds.TABLE;
import static io.cachedfactory.cli.EarlierTableBuilds.V1;
import static io.cachedfactory.cli.EarlierTableBuilds.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachedfactory.runtime.Fingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cachedfactory fingerprints diff}, run as the real jar, on jars, directories and files. */
class FingerprintsDiffIT {

    private static final String REPORT = "com.acme.ReportFactory";
    private static final Fingerprint REPORT_V1 = Fingerprint.builder()
            .add("source:com.acme.Report", "sha256:r1").build();

    @TempDir
    Path work;

    @Test
    void diff_changedRemovedAndAddedFactories_printsWhyAndExits1() throws IOException {
        Path old = Fixtures.jar(work.resolve("app-1.0.jar"), Map.of(TABLE, V1, CHART, V1));
        Path changed = Fixtures.classesDirectory(work.resolve("classes"), Map.of(
                TABLE, V2, REPORT, REPORT_V1));

        CliProcess.Result result = CliProcess.run(work, "fingerprints", "diff", old.toString(),
                changed.toString()).expectExit(1);

        assertEquals(List.of(
                "invalidated  " + TABLE + "  " + V1.version().substring(0, 12)
                        + " → " + V2.version().substring(0, 12),
                "               " + EarlierTableBuilds.TABLE_SOURCE + " changed",
                "               version:alice 3 → 4",
                "removed      " + CHART + "  (its stored entries are never served again)",
                "added        com.acme.ReportFactory",
                "2 factories invalidated (1 changed, 1 removed), 1 added, 0 unchanged"),
                result.out().lines().toList());
    }

    @Test
    void diff_json_parsesWithChangedComponents() throws IOException {
        Path old = Fixtures.manifestFile(work.resolve("old/factories.txt"), Map.of(TABLE, V1));
        Path changed = Fixtures.manifestFile(work.resolve("new/factories.txt"),
                Map.of(TABLE, V2));

        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) CliProcess.run(work, "--json",
                "fingerprints", "diff", old.toString(), changed.toString()).expectExit(1).json();

        assertEquals(Boolean.TRUE, document.get("invalidated"));
        @SuppressWarnings("unchecked")
        Map<String, Object> table = ((List<Map<String, Object>>) document.get("changed")).get(0);
        assertEquals(TABLE, table.get("factory"));
        assertEquals(List.of(EarlierTableBuilds.TABLE_SOURCE + " changed", "version:alice 3 → 4"),
                table.get("changes"));
        assertEquals(List.of(), document.get("removed"));
    }

    @Test
    void diff_onlyAddedFactories_invalidatesNothingAndExits0() throws IOException {
        Path old = Fixtures.jar(work.resolve("old.jar"), Map.of(TABLE, V2));
        Path changed = Fixtures.jar(work.resolve("new.jar"), Map.of(
                TABLE, V2, REPORT, REPORT_V1));

        CliProcess.Result result = CliProcess.run(work, "fingerprints", "diff", old.toString(),
                changed.toString()).expectExit(0);

        assertEquals("added        com.acme.ReportFactory\n"
                + "nothing invalidated: 1 unchanged, 1 added\n", result.out());
    }

    @Test
    void diff_badInputs_exit2WithTheProblem() throws IOException {
        Path good = Fixtures.jar(work.resolve("good.jar"), Map.of(TABLE, V1));
        Path malformed = Files.writeString(work.resolve("bad.txt"),
                "# cachedfactory manifest, format 1\n\n  format:1 1\n");
        Path future = Files.writeString(work.resolve("future.txt"),
                "# cachedfactory manifest, format 2\n");
        Path noManifest = Files.createDirectories(work.resolve("plain-classes"));

        CliProcess.run(work, "fingerprints", "diff", good.toString(), malformed.toString())
                .expectExit(2).expectErr("malformed manifest " + malformed
                        + ": line 3: a component before the first factory line");
        CliProcess.run(work, "fingerprints", "diff", future.toString(), good.toString())
                .expectExit(2).expectErr("format 2 is not supported");
        CliProcess.run(work, "fingerprints", "diff", noManifest.toString(), good.toString())
                .expectExit(2).expectErr(noManifest + " has no " + Manifests.PATH);
        CliProcess.run(work, "fingerprints", "diff", good.toString())
                .expectExit(2).expectErr("Missing required parameter: 'NEW'");
    }
}
