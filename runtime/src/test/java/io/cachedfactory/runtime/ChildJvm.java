package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A child JVM running a main class of the test classpath, for tests that need several processes on
 * one store. The one launcher of the project's tests: other modules (the Redis tier) use it through
 * the runtime's test jar.
 *
 * <p>The child runs {@code java} from this JVM's {@code java.home} with the test classpath,
 * Chronicle Map's JVM options (unless a test turns them off) and Chronicle's analytics disabled.
 * Its stdout and stderr go to files, so a failing test can show them. Closing it kills it if it
 * still runs, together with anything it started: use try-with-resources so that no JVM outlives
 * its test. Its stdin stays an open pipe from this JVM until then; a child that exits on
 * end-of-file there (as {@link StoreChild} does) also goes away when this JVM dies without closing
 * it.
 */
public final class ChildJvm implements AutoCloseable {

    /** Chronicle Map's options on Java 17: the list the runtime checks for and names. */
    static final List<String> CHRONICLE_OPTIONS = ChronicleSupport.JVM_OPTIONS;

    /** How long a test waits for a child: generous, for a loaded 2-core machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The exit value Java reports on Linux for a process ended by SIGKILL: 128 + signal 9. */
    static final int SIGKILL_EXIT_VALUE = 128 + 9;

    private static final long POLL_MILLIS = 20;
    private static final int TAIL_CHARS = 6000;

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts describing a child that runs {@code mainClass}, writing {@code <name>.out} and
     * {@code <name>.err} into {@code logDirectory}.
     */
    public static Builder builder(Class<?> mainClass, Path logDirectory, String name) {
        return new Builder(mainClass, logDirectory, name);
    }

    /**
     * The test classpath. Under surefire {@code java.class.path} may be a manifest-only booter jar,
     * so surefire's own property comes first.
     */
    static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return surefire;
        }
        return System.getProperty("java.class.path");
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the child still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** The file the child's stdout goes to. */
    Path stdoutFile() {
        return stdout;
    }

    /** The file the child's stderr goes to. */
    Path stderrFile() {
        return stderr;
    }

    /** The complete lines the child has printed to stdout so far. */
    public List<String> stdoutLines() {
        return completeLines(read(stdout));
    }

    /** Everything the child has printed to stderr so far. */
    String stderrText() {
        return read(stderr);
    }

    /**
     * Waits for the child to print a line starting with {@code prefix} and returns it; fails if the
     * child exits first or the time runs out.
     */
    public String awaitLine(String prefix, Duration timeout) {
        return await("a line starting with '" + prefix + "'", timeout, () -> stdoutLines().stream()
                .filter(line -> line.startsWith(prefix))
                .findFirst());
    }

    /** Waits for {@code file} to exist; fails if the child exits first or the time runs out. */
    void awaitFile(Path file, Duration timeout) {
        await("file " + file, timeout,
                () -> Files.exists(file) ? Optional.of(file) : Optional.empty());
    }

    /**
     * Waits until this child is blocked on a POSIX file lock (Linux {@code /proc/locks} lists it as
     * a waiter), for at most {@code timeout}.
     *
     * @return whether it was seen blocked; {@code false} also when the lock information is
     *     unavailable or the child exited
     */
    boolean awaitBlockedOnFileLock(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path locks = Path.of("/proc/locks");
        String pid = Long.toString(pid());
        while (process.isAlive() && System.nanoTime() - deadline < 0) {
            try {
                // A waiter's line reads "<n>: -> POSIX  ADVISORY  WRITE <pid> <dev:inode> 0 EOF".
                for (String line : Files.readAllLines(locks)) {
                    List<String> fields = Arrays.asList(line.trim().split("\\s+"));
                    int arrow = fields.indexOf("->");
                    if (arrow >= 0 && fields.size() > arrow + 4
                            && fields.get(arrow + 4).equals(pid)) {
                        return true;
                    }
                }
            } catch (IOException e) {
                return false;
            }
            pause();
        }
        return false;
    }

    /**
     * Waits for the child to exit and returns its exit value; kills it and fails if the time runs
     * out.
     */
    public int awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            String diagnostics = diagnostics();
            close();
            fail("timed out after " + timeout.toSeconds() + " s waiting for " + name + " to exit\n"
                    + diagnostics);
        }
        return process.exitValue();
    }

    /** Waits for the child to exit with status 0; fails with its output otherwise. */
    public void awaitSuccess(Duration timeout) {
        int exitValue = awaitExit(timeout);
        if (exitValue != 0) {
            fail(name + " exited with " + exitValue + "\n" + diagnostics());
        }
    }

    /**
     * Kills the child with SIGKILL ({@link Process#destroyForcibly()} on Linux), waits for it to
     * go, and returns its exit value, {@link #SIGKILL_EXIT_VALUE} when the signal ended it.
     */
    public int kill() {
        process.destroyForcibly();
        if (!waitFor(Duration.ofSeconds(30))) {
            fail(name + " still runs 30 s after SIGKILL\n" + diagnostics());
        }
        return process.exitValue();
    }

    /** The child's state and the tails of its stdout and stderr, for failure messages. */
    public String diagnostics() {
        String state = process.isAlive() ? "still running" : "exited with " + process.exitValue();
        return "--- " + name + " (pid " + pid() + ", " + state + ") stdout " + stdout + " ---\n"
                + tail(read(stdout)) + "\n--- " + name + " stderr " + stderr + " ---\n"
                + tail(read(stderr)) + "\n--- end of " + name + " ---";
    }

    /** Kills the child and whatever it started, if still running, and waits for them to go. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The pipe is gone already; nothing to release.
        }
        // Descendants first: once the child is dead they are re-parented and no longer found.
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
        for (ProcessHandle descendant : descendants) {
            descendant.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }

    private <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean exited = !process.isAlive();
            // Probe after looking at the process, so that output written just before exit counts.
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (exited) {
                fail(name + " exited with " + process.exitValue() + " before " + what + "\n"
                        + diagnostics());
            }
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what + " from "
                        + name + "\n" + diagnostics());
            }
            pause();
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    private static List<String> completeLines(String text) {
        // A line still being written has no line feed yet; it must not match a prefix half-done.
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String text) {
        return text.length() <= TAIL_CHARS
                ? text
                : "[... " + (text.length() - TAIL_CHARS) + " chars ...]\n"
                        + text.substring(text.length() - TAIL_CHARS);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child JVM", e);
        }
    }

    /** A child JVM about to start. */
    public static final class Builder {
        private final Class<?> mainClass;
        private final Path logDirectory;
        private final String name;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private boolean chronicleOptions = true;
        private long fileSizeLimitKiB;

        private Builder(Class<?> mainClass, Path logDirectory, String name) {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
            this.logDirectory = Objects.requireNonNull(logDirectory, "logDirectory");
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Appends program arguments, each by its {@code toString()}. */
        public Builder args(Object... values) {
            for (Object value : values) {
                args.add(String.valueOf(value));
            }
            return this;
        }

        /** Adds a JVM option, such as {@code -Dcachedfactory.faults.stopAt=3}, before the class. */
        public Builder jvmOption(String option) {
            jvmOptions.add(Objects.requireNonNull(option, "option"));
            return this;
        }

        /** Starts the child without Chronicle Map's {@code --add-opens}/{@code --add-exports}. */
        Builder withoutChronicleOptions() {
            chronicleOptions = false;
            return this;
        }

        /**
         * Runs the child under {@code ulimit -f}: a file it writes cannot grow past {@code kib}
         * KiB, and the write fails (EFBIG) the way a write on a full disk fails (ENOSPC).
         */
        Builder fileSizeLimitKiB(long kib) {
            this.fileSizeLimitKiB = kib;
            return this;
        }

        /** Starts the child. */
        public ChildJvm start() {
            List<String> command = new ArrayList<>();
            if (fileSizeLimitKiB > 0) {
                command.addAll(List.of("bash", "-c", "ulimit -f " + fileSizeLimitKiB
                        + " && exec \"$@\"", "child"));
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (chronicleOptions) {
                command.addAll(CHRONICLE_OPTIONS);
            }
            command.add("-Dchronicle.analytics.disable=true");
            // Short-lived and small: C1 only and the serial collector start faster on 2 cores.
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-XX:+UseSerialGC");
            command.add("-Xmx256m");
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(testClassPath());
            command.add(mainClass.getName());
            command.addAll(args);
            try {
                Files.createDirectories(logDirectory);
                Path out = logDirectory.resolve(name + ".out");
                Path err = logDirectory.resolve(name + ".err");
                Process process = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                return new ChildJvm(name, process, out, err);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name + ": "
                        + String.join(" ", command), e);
            }
        }
    }
}
