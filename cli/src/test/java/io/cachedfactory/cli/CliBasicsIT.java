package io.cachedfactory.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help, version and usage errors of the real jar. */
class CliBasicsIT {

    @TempDir
    Path work;

    @Test
    void help_listsEveryCommandAndTheExitCodes() {
        String out = CliProcess.run(work, "--help").expectExit(0).out();

        for (String command : new String[] {"ls", "stats", "explain", "prune", "verify", "rm",
            "fingerprints"}) {
            assertTrue(out.contains("\n  " + command + " "), command + " missing in:\n" + out);
        }
        assertTrue(out.contains("Exit codes:\n  0  success"), out);
        assertTrue(out.contains("  2  usage or I/O error"), out);
        assertTrue(out.contains("  4  verify: no problems, but signed payloads were not checked"),
                out);
    }

    @Test
    void subcommandHelp_printsItsUsageAndExits0() {
        CliProcess.run(work, "prune", "--help").expectExit(0)
                .expectOut("Usage: cachedfactory prune [-h]")
                .expectOut("--older-than=DURATION");
        CliProcess.run(work, "fingerprints", "diff", "-h").expectExit(0)
                .expectOut("Usage: cachedfactory fingerprints diff");
    }

    @Test
    void version_printsTheProjectVersion() {
        String out = CliProcess.run(work, "--version").expectExit(0).out();

        assertTrue(out.matches("(?s)cachedfactory \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\nJava .*"), out);
    }

    @Test
    void unknownCommandOrOption_exits2WithUsage() {
        CliProcess.run(work, "frobnicate").expectExit(2)
                .expectErr("Unmatched argument at index 0: 'frobnicate'");
        CliProcess.run(work, "ls", "--colour").expectExit(2)
                .expectErr("Unknown option: '--colour'");
    }

    @Test
    void defaultStore_isTheXdgCacheDirectoryAndMustExist() {
        CliProcess.run(work, "ls").expectExit(2)
                .expectErr("no cachedfactory store at "
                        + work.resolve("xdg").resolve("cachedfactory"));
    }
}
