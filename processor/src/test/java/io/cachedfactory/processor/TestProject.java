package io.cachedfactory.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.common.FactoryManifest;
import io.cachedfactory.common.FactoryRecords;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * A small user project on disk, compiled with the processor through the {@code javax.tools} API
 * (or a JDK's {@code javac} in a child process), as a build tool would: sources in {@code src},
 * resources pre-copied into the class output {@code classes}, generated sources in
 * {@code generated}.
 */
final class TestProject {

    final Path root;
    final Path sources;
    final Path classes;
    final Path generated;
    private final List<Path> classPath = new ArrayList<>();
    private final List<String> options = new ArrayList<>();
    private final List<Path> only = new ArrayList<>();

    TestProject(Path root) {
        this.root = root;
        this.sources = root.resolve("src");
        this.classes = root.resolve("classes");
        this.generated = root.resolve("generated");
    }

    /** Writes (or overwrites) a source file, e.g. {@code com/acme/Table.java}. */
    TestProject source(String path, String text) {
        write(sources.resolve(path), text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Edits a source file's text. */
    TestProject edit(String path, java.util.function.UnaryOperator<String> edit) {
        try {
            String text = Files.readString(sources.resolve(path));
            String edited = edit.apply(text);
            assertTrue(!edited.equals(text), "the edit of " + path + " changed nothing");
            return source(path, edited);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts a file in the class output before compiling, as Maven does with resources. */
    TestProject classOutputFile(String path, byte[] bytes) {
        write(classes.resolve(path), bytes);
        return this;
    }

    /** Puts a file on the source path. */
    TestProject sourcePathFile(String path, byte[] bytes) {
        write(sources.resolve(path), bytes);
        return this;
    }

    /** Adds a directory or jar to the class path. */
    TestProject classPath(Path entry) {
        classPath.add(entry);
        return this;
    }

    /** Sets javac options, such as processor options {@code -Akey=value}, of later compiles. */
    TestProject options(String... options) {
        this.options.clear();
        this.options.addAll(List.of(options));
        return this;
    }

    /** Compiles only these sources (paths under {@code src}) from now on, as a partial build. */
    TestProject only(String... paths) {
        only.clear();
        for (String path : paths) {
            only.add(sources.resolve(path));
        }
        return this;
    }

    /**
     * Compiles every source with the processor in this JVM ({@code -proc:only} unless
     * {@code full}); fails the test on any error.
     */
    TestProject compile(boolean full) {
        Outcome outcome = tryCompile(full);
        assertTrue(outcome.ok(), () -> "compilation failed: " + outcome);
        return this;
    }

    /** Compiles as {@link #compile} does ({@code -proc:only}), keeping the outcome. */
    Outcome tryCompile() {
        return tryCompile(false);
    }

    private Outcome tryCompile(boolean full) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null,
                StandardCharsets.UTF_8)) {
            clean(generated);
            Files.createDirectories(generated);
            Files.createDirectories(classes);
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
            files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
            files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of(sources));
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, fullClassPath());
            List<String> allOptions = new ArrayList<>(List.of("-implicit:none"));
            if (!full) {
                allOptions.add("-proc:only");
            }
            allOptions.addAll(options);
            StringWriter out = new StringWriter();
            JavaCompiler.CompilationTask task = javac.getTask(out, files, diagnostics,
                    allOptions, null, files.getJavaFileObjectsFromPaths(
                            only.isEmpty() ? javaSources() : only));
            task.setProcessors(List.of(new CachedFactoryProcessor()));
            boolean ok = task.call();
            return new Outcome(ok, out.toString(), diagnostics.getDiagnostics());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a compile reported.
     *
     * @param ok whether javac succeeded
     * @param output javac's own output
     * @param diagnostics every diagnostic, in order
     */
    record Outcome(boolean ok, String output,
            List<Diagnostic<? extends JavaFileObject>> diagnostics) {

        /** The messages of the diagnostics of {@code kind}. */
        List<String> messages(Diagnostic.Kind kind) {
            return diagnostics.stream().filter(d -> d.getKind() == kind)
                    .map(d -> d.getMessage(Locale.ROOT)).toList();
        }

        /** The only diagnostic of {@code kind}; fails the test if there are none or several. */
        Diagnostic<? extends JavaFileObject> single(Diagnostic.Kind kind) {
            List<Diagnostic<? extends JavaFileObject>> found = diagnostics.stream()
                    .filter(d -> d.getKind() == kind).toList();
            assertEquals(1, found.size(), () -> "expected one " + kind + ": " + this);
            return found.get(0);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(ok ? "succeeded" : "failed").append(output);
            diagnostics.forEach(d -> text.append('\n').append(d));
            return text.toString();
        }
    }

    /** Compiles with {@code javacPath} in a child process, {@code -proc:only}. */
    TestProject compileWith(Path javacPath) throws IOException, InterruptedException {
        clean(generated);
        Files.createDirectories(generated);
        Files.createDirectories(classes);
        List<String> command = new ArrayList<>(List.of(javacPath.toString(),
                "--release", "17", "-implicit:none", "-proc:only",
                "-processor", CachedFactoryProcessor.class.getName(),
                "-processorpath", join(processorPath()),
                "-classpath", join(fullClassPath()),
                "-sourcepath", sources.toString(),
                "-d", classes.toString(), "-s", generated.toString()));
        javaSources().forEach(path -> command.add(path.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), () -> "javac failed: " + output);
        return this;
    }

    /** VERSION of every factory in the manifest, by factory name. */
    Map<String, String> versions() {
        Map<String, String> versions = new TreeMap<>();
        try {
            FactoryManifest.parse(manifest()).forEach((name, record) ->
                    versions.put(name, record.version()));
        } catch (FactoryRecords.FormatException e) {
            throw new AssertionError("unreadable manifest: " + e.getMessage(), e);
        }
        return versions;
    }

    /** VERSION of {@code factoryName}. */
    String version(String factoryName) {
        String version = versions().get(factoryName);
        assertTrue(version != null, () -> factoryName + " is not in the manifest:\n" + manifest());
        return version;
    }

    String manifest() {
        try {
            return Files.readString(classes.resolve(FactoryManifest.PATH));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generated source of {@code factoryName}. */
    String generatedSource(String factoryName) throws IOException {
        return Files.readString(generated.resolve(factoryName.replace('.', '/') + ".java"));
    }

    private List<Path> javaSources() {
        try (Stream<Path> walk = Files.walk(sources)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> fullClassPath() {
        List<Path> entries = new ArrayList<>(classPath);
        entries.add(codeSource(CachedFactory.class));
        entries.add(codeSource(io.cachedfactory.runtime.CacheStore.class));
        return entries;
    }

    /** Where the processor and what it needs (annotations, common, JavaPoet) were loaded from. */
    static List<Path> processorPath() {
        return List.of(codeSource(CachedFactoryProcessor.class), codeSource(CachedFactory.class),
                codeSource(io.cachedfactory.common.FingerprintDigest.class),
                codeSource(com.palantir.javapoet.JavaFile.class));
    }

    static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String join(List<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void clean(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
