package io.cachedfactory.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The processor never crashes javac, and one bad class does not stop the others. */
class ProcessorRobustnessTest {

    private static final FactoryWriter WRITER = new FactoryWriter();

    @Test
    void process_unexpectedException_isOneErrorWithTraceAndOthersStillGenerated() {
        JavaFileObject broken = JavaFileObjects.forSourceLines("test.Broken",
                "package test;",
                "@io.cachedfactory.CachedFactory",
                "public final class Broken implements java.io.Serializable {",
                "    public Broken(String name) {}",
                "}");
        JavaFileObject fine = JavaFileObjects.forSourceLines("test.Fine",
                "package test;",
                "@io.cachedfactory.CachedFactory",
                "public final class Fine implements java.io.Serializable {",
                "    public Fine(String name) {}",
                "}");
        List<String> written = new ArrayList<>();
        CachedFactoryProcessor processor = new CachedFactoryProcessor((model, fingerprint) -> {
            written.add(model.qualifiedFactoryName());
            if (model.cachedType().getSimpleName().contentEquals("Broken")) {
                throw new IllegalStateException("boom in the writer");
            }
            return WRITER.write(model, fingerprint);
        });

        Compilation compilation = Compiler.javac().withProcessors(processor)
                .compile(broken, fine);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(
                "[CachedFactoryBug] unexpected error while processing test.Broken")
                .inFile(broken).onLineContaining("class Broken");
        assertThat(compilation).hadErrorContaining("java.lang.IllegalStateException: boom");
        // compile-testing hides generated files of a failed compilation, so ask the writer.
        assertThat(written).containsExactly("test.BrokenFactory", "test.FineFactory");
    }
}
