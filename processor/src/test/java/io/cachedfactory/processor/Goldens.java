package io.cachedfactory.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.cachedfactory.common.FactoryManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Compiles test inputs with the processor and compares what it generates with the expected files in
 * {@code src/test/resources/expected/}. Run with {@code CACHEDFACTORY_UPDATE_GOLDENS=1} to rewrite
 * the expected files from the current output (then review the diff before committing).
 */
final class Goldens {

    static final boolean UPDATE = "1".equals(System.getenv("CACHEDFACTORY_UPDATE_GOLDENS"));
    private static final Path EXPECTED = Path.of("src", "test", "resources", "expected");

    private Goldens() {
    }

    /** The processor on a fresh javac, with lint warnings on so that they fail golden tests. */
    static Compiler compiler() {
        return Compiler.javac().withProcessors(new CachedFactoryProcessor())
                .withOptions("-Xlint:all,-processing,-serial");
    }

    /** Compiles {@code src/test/resources/good/<name>.java} for each name. */
    static Compilation compileGood(String... names) {
        JavaFileObject[] sources = Arrays.stream(names)
                .map(name -> JavaFileObjects.forResource("good/" + name + ".java"))
                .toArray(JavaFileObject[]::new);
        return compiler().compile(sources);
    }

    /**
     * Asserts that {@code compilation} succeeded without warnings and generated
     * {@code factoryName} exactly as in {@code expected/<SimpleName>.java}.
     */
    static void assertGenerated(Compilation compilation, String factoryName) {
        assertThat(compilation).succeededWithoutWarnings();
        String simpleName = factoryName.substring(factoryName.lastIndexOf('.') + 1);
        Optional<JavaFileObject> generated = compilation.generatedSourceFile(factoryName);
        assertThat(generated).isPresent();
        String actual = read(generated.get());
        Path expectedFile = EXPECTED.resolve(simpleName + ".java");
        if (UPDATE) {
            write(expectedFile, actual);
        }
        String expected = readExpected(expectedFile);
        assertThat(compilation).generatedSourceFile(factoryName).hasSourceEquivalentTo(
                JavaFileObjects.forSourceString(factoryName, expected));
        // Source equivalence ignores comments; the Javadoc lists the fingerprint, so compare text.
        assertThat(actual).isEqualTo(expected);
    }

    /** Asserts the manifest equals {@code expected/<fileName>}. */
    static void assertManifest(Compilation compilation, String fileName) {
        assertThat(compilation).succeeded();
        Optional<JavaFileObject> manifest = compilation.generatedFile(
                StandardLocation.CLASS_OUTPUT, FactoryManifest.PATH);
        assertThat(manifest).isPresent();
        String actual = read(manifest.get());
        Path expectedFile = EXPECTED.resolve(fileName);
        if (UPDATE) {
            write(expectedFile, actual);
        }
        assertThat(actual).isEqualTo(readExpected(expectedFile));
    }

    static String read(FileObject file) {
        try {
            return file.getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readExpected(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("missing golden " + file
                    + "; run with CACHEDFACTORY_UPDATE_GOLDENS=1 to create it", e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
