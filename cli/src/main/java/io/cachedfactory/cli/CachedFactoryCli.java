package io.cachedfactory.cli;

import io.cachedfactory.runtime.CacheStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code cachedfactory} command: lists, explains, prunes, verifies and removes the entries of
 * a store, and compares the fingerprints of two builds.
 *
 * <p>Exit codes: {@value #OK} success; {@value #FOUND} the command found something to report
 * (verify problems, fingerprints diff invalidations, explain absent, rm nothing matched);
 * {@value #ERROR} usage or I/O error; {@value #STALE} explain found the arguments stored only
 * under other fingerprints; {@value #UNCHECKED} verify found no problems but could not check the
 * signatures of signed payloads, for want of the signing key.
 */
@Command(name = "cachedfactory",
        mixinStandardHelpOptions = true,
        versionProvider = CachedFactoryCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Inspects and maintains cachedfactory stores; compares fingerprints.",
        subcommands = {
            LsCommand.class,
            StatsCommand.class,
            ExplainCommand.class,
            PruneCommand.class,
            VerifyCommand.class,
            RmCommand.class,
            FingerprintsCommand.class,
            CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success; explain: would be served; fingerprints diff: nothing invalidated",
            "  1  found something: verify problems, fingerprints invalidated,",
            "     explain absent, rm matched nothing",
            "  2  usage or I/O error (no store, unreadable manifest, bad option)",
            "  3  explain: stored only under other fingerprints (a get would rebuild)",
            "  4  verify: no problems, but signed payloads were not checked (no signing key)"})
public final class CachedFactoryCli {

    /** Exit code of success. */
    public static final int OK = 0;
    /** Exit code when the command found something: problems, invalidations, absent entries. */
    public static final int FOUND = 1;
    /** Exit code of a usage or I/O error. */
    public static final int ERROR = 2;
    /** Exit code of explain when the arguments are stored only under other fingerprints. */
    public static final int STALE = 3;
    /**
     * Exit code of verify when it found no problems but payloads are signed and no signing key
     * was given, so their signatures were not checked.
     */
    public static final int UNCHECKED = 4;

    @Option(names = "--store", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The store directory (default: -Dcachedfactory.dir, else"
                    + " $CACHEDFACTORY_DIR, else $XDG_CACHE_HOME/cachedfactory, else"
                    + " ~/.cache/cachedfactory).")
    Path store;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print JSON for scripts instead of tables.")
    boolean json;

    private CachedFactoryCli() {
    }

    /** Runs the command and exits with its exit code. */
    public static void main(String[] args) {
        // Chronicle logs through SLF4J; the tool ships no binding and wants no warning about it.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(run(args));
    }

    /** Runs the command with UTF-8 standard output and error; returns the exit code. */
    static int run(String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out,
                StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err,
                StandardCharsets.UTF_8), true);
        try {
            return commandLine(out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured command line, writing to {@code out} and {@code err}. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new CachedFactoryCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("cachedfactory: " + message(e));
            if (!(e instanceof CliException) && !(e instanceof IOException)
                    && !(e instanceof IllegalArgumentException)) {
                e.printStackTrace(cmd.getErr());
            }
            return ERROR;
        });
        commandLine.setExitCodeExceptionMapper(e -> ERROR);
        return commandLine;
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message;
    }

    /** The store directory the user chose, or the default one. */
    Path storeDirectory() {
        return store != null ? store : CacheStore.defaultDirectory();
    }

    /** Whether to print JSON. */
    boolean json() {
        return json;
    }

    /** Reads the version Maven wrote into {@code version.properties}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = CachedFactoryCli.class.getResourceAsStream(
                    "version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"cachedfactory " + properties.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " ("
                        + System.getProperty("java.vm.name") + ")"};
        }
    }
}
