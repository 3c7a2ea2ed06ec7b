package io.cachedfactory.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test class path, for tests with several processes (a
 * minimal copy of the runtime tests' harness, which lives in runtime's test scope). Its stdout and
 * stderr go to files; closing it kills it. Its stdin stays an open pipe from this JVM, so a child
 * that exits on end-of-file there (as {@link RedisChild} does) goes away when this JVM dies.
 */
final class ChildProcess implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Chronicle Map's options on Java 17: the root pom's {@code chronicle.jvm.options}. */
    private static final List<String> CHRONICLE_OPTIONS = List.of(
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true");

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code mainClass} with {@code args}, logging to {@code <name>.out/.err}. */
    static ChildProcess start(Class<?> mainClass, Path logDirectory, String name, Object... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHRONICLE_OPTIONS);
        // Short-lived and small: C1 only and the serial collector start faster on 2 cores.
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
        String classPath = System.getProperty("surefire.test.class.path");
        command.addAll(List.of("-cp", classPath == null || classPath.isBlank()
                ? System.getProperty("java.class.path") : classPath));
        command.add(mainClass.getName());
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        try {
            Files.createDirectories(logDirectory);
            Path out = logDirectory.resolve(name + ".out");
            Path err = logDirectory.resolve(name + ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            return new ChildProcess(name, process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The complete lines printed to stdout so far. */
    List<String> lines() {
        String text = read(stdout);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }

    /** The lines starting with {@code prefix}. */
    List<String> lines(String prefix) {
        return lines().stream().filter(line -> line.startsWith(prefix)).toList();
    }

    /** Waits for a line starting with {@code prefix}; fails if the child exits first. */
    String awaitLine(String prefix) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            boolean exited = !process.isAlive();
            List<String> found = lines(prefix);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (exited || System.nanoTime() - deadline > 0) {
                fail("no line '" + prefix + "' from " + name + "\n" + diagnostics());
            }
            pause();
        }
    }

    /** Waits for the child to exit with status 0; fails with its output otherwise. */
    void awaitSuccess() {
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(name + " did not exit within " + TIMEOUT + "\n" + diagnostics());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (process.exitValue() != 0) {
            fail(name + " exited with " + process.exitValue() + "\n" + diagnostics());
        }
    }

    /** Kills the child with SIGKILL and waits for it to go. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                fail(name + " still runs 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The child's state and output, for failure messages. */
    String diagnostics() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return "--- " + name + " (pid " + pid() + ", " + state + ") stdout ---\n" + read(stdout)
                + "\n--- " + name + " stderr ---\n" + read(stderr) + "\n--- end of " + name;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Gone already.
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
