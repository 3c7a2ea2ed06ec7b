package io.cachedfactory.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Starts a child JVM on the benchmarks' class path, with the JVM options a store needs (Chronicle
 * Map's, from the root pom): the one launcher of the benchmarks that need other processes.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Starts {@code main} with {@code args} in a new JVM: the running JVM's {@code java}, the
     * store's options, then {@code jvmArgs}; stderr goes to stdout.
     */
    static Process start(List<String> jvmArgs, Class<?> main, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions().split(" ")));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Waits for {@code child} and returns what it printed; fails if it did not exit with 0. */
    static String output(Process child) throws IOException, InterruptedException {
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (child.waitFor() != 0) {
            throw new IllegalStateException("child JVM failed (exit " + child.exitValue()
                    + "):\n" + out);
        }
        return out;
    }

    /** {@code arguments} split at white space; none when blank. */
    static List<String> split(String arguments) {
        return arguments.isBlank() ? List.of() : List.of(arguments.strip().split("\\s+"));
    }

    /** The JVM options the benchmarks' forks get (Chronicle Map's, from the root pom). */
    private static String jvmOptions() {
        Properties properties = new Properties();
        try (InputStream in = ChildJvm.class.getResourceAsStream("/benchmark.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("jvm.options").trim();
    }
}
