package io.cachedfactory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real runnable jar ({@code java -jar cachedfactory-cli-<version>.jar}) as a child
 * process, with no JVM options but the ones a user would give, and waits a bounded time.
 */
final class CliProcess {

    /** Generous, for a loaded 2-core machine; a CLI run takes about a second. */
    private static final long TIMEOUT_SECONDS = 60;

    /** What one run printed and returned. */
    record Result(int exitCode, String out, String err, List<String> command) {

        /** Fails, showing the output, unless the exit code is {@code expected}. */
        Result expectExit(int expected) {
            assertEquals(expected, exitCode, () -> "exit code of " + String.join(" ", command)
                    + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err);
            return this;
        }

        /** Fails, showing stderr, unless stderr contains {@code expected}. */
        Result expectErr(String expected) {
            assertTrue(err.contains(expected), () -> "expected stderr of "
                    + String.join(" ", command) + " to contain:\n" + expected + "\n--- stderr ---\n"
                    + err);
            return this;
        }

        /** Fails, showing stdout, unless stdout contains {@code expected}. */
        Result expectOut(String expected) {
            assertTrue(out.contains(expected), () -> "expected stdout of "
                    + String.join(" ", command) + " to contain:\n" + expected + "\n--- stdout ---\n"
                    + out);
            return this;
        }

        /** Stdout parsed as JSON, failing on malformed JSON. */
        Object json() {
            return JsonFormat.parse(out);
        }
    }

    private CliProcess() {
    }

    /** The shaded jar the build produced (set by failsafe). */
    static Path jar() {
        String jar = System.getProperty("cachedfactory.cli.jar");
        if (jar == null) {
            fail("system property cachedfactory.cli.jar is not set; run the tests with mvn verify");
        }
        Path path = Path.of(jar);
        if (!Files.isRegularFile(path)) {
            fail("the runnable jar " + path + " does not exist; run mvn verify");
        }
        return path;
    }

    /** Runs {@code cachedfactory args...}. */
    static Result run(Path workDirectory, String... args) {
        return runWith(workDirectory, List.of(), args);
    }

    /** Runs {@code java <jvmOptions> -jar cachedfactory.jar args...}. */
    static Result runWith(Path workDirectory, List<String> jvmOptions, String... args) {
        return runWith(workDirectory, jvmOptions, Map.of(), args);
    }

    /**
     * Runs {@code java <jvmOptions> -jar cachedfactory.jar args...} with {@code environment} added
     * to an environment that holds none of the tool's own variables.
     */
    static Result runWith(Path workDirectory, List<String> jvmOptions,
            Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Short-lived and small: C1 only and the serial collector start faster on 2 cores.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(workDirectory);
            Path out = Files.createTempFile(workDirectory, "cli", ".out");
            Path err = Files.createTempFile(workDirectory, "cli", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDirectory.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            // The default store must never be the user's own, nor the user's key the one checked.
            builder.environment().remove("CACHEDFACTORY_DIR");
            builder.environment().remove("CACHEDFACTORY_SIGNING_KEY");
            builder.environment().put("XDG_CACHE_HOME", workDirectory.resolve("xdg").toString());
            builder.environment().putAll(environment);
            Process process = builder.start();
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    fail("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command)
                            + "\n--- stderr ---\n" + Files.readString(err));
                }
            } finally {
                process.destroyForcibly();
            }
            return new Result(process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), List.copyOf(command));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }
}
