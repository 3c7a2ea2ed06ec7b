package io.cachedfactory.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The runtime's tests cannot run the processor (the runtime is built before it, and the
 * processor's tests need the runtime), so they use a checked copy of the factory it generates for
 * their {@code Matrix}: this test runs the real processor on the runtime's {@code Matrix.java} and
 * requires the hand-kept {@code MatrixFactory.java} to be exactly its output, apart from the
 * comment before {@code package} and the block of test hooks between the two marker lines. With
 * {@code CACHEDFACTORY_UPDATE_GOLDENS=1} it rewrites the copy's generated part instead.
 */
class RuntimeMatrixFactoryTest {

    private static final Path RUNTIME_TESTS = Path.of("..", "runtime", "src", "test", "java",
            "io", "cachedfactory", "runtime");
    static final String HOOKS_START = "    // ---- test hooks: not generated";
    static final String HOOKS_END = "    // ---- end of test hooks";

    @Test
    void matrixFactory_isExactlyWhatTheProcessorGeneratesForTheRuntimesMatrix() throws IOException {
        Compilation compilation = Goldens.compiler().compile(JavaFileObjects.forSourceString(
                "io.cachedfactory.runtime.Matrix", read(RUNTIME_TESTS.resolve("Matrix.java"))));
        assertThat(compilation).succeededWithoutWarnings();
        Optional<JavaFileObject> generated = compilation.generatedSourceFile(
                "io.cachedfactory.runtime.MatrixFactory");
        assertThat(generated).isPresent();
        String expected = Goldens.read(generated.get());
        Path copyFile = RUNTIME_TESTS.resolve("MatrixFactory.java");
        String copy = read(copyFile);

        if (Goldens.UPDATE) {
            copy = header(copy) + withHooks(expected, hooks(copy));
            Files.writeString(copyFile, copy, StandardCharsets.UTF_8);
        }

        assertThat(generatedPart(copy)).isEqualTo(expected);
    }

    /** The copy without its leading comment and its block of test hooks. */
    static String generatedPart(String copy) {
        String withoutHeader = copy.substring(header(copy).length());
        return withoutHeader.replace(hooks(copy), "");
    }

    private static String header(String copy) {
        return copy.substring(0, copy.indexOf("package "));
    }

    private static String hooks(String copy) {
        int start = copy.indexOf("\n" + HOOKS_START); // from the blank line before the block
        int end = copy.indexOf('\n', copy.indexOf(HOOKS_END)) + 1;
        if (start < 0 || end <= start) {
            throw new AssertionError("MatrixFactory.java has no block from \"" + HOOKS_START
                    + "\" to \"" + HOOKS_END + "\"");
        }
        return copy.substring(start, end);
    }

    /** {@code generated} with {@code hooks} (which start with a blank line) before its last brace. */
    private static String withHooks(String generated, String hooks) {
        int close = generated.lastIndexOf('}');
        return generated.substring(0, close) + hooks + generated.substring(close);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
