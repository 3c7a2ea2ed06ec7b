package io.cachedfactory.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * The floor of what any annotation processor that writes sources costs javac: it writes given
 * texts (the factories the real processor wrote once) in the first round, with no analysis at
 * all, so javac pays the same extra rounds, re-entering and Filer checks as with the real one.
 */
final class ReplayProcessor extends AbstractProcessor {

    private final Map<String, String> sourcesByQualifiedName;
    private boolean written;

    ReplayProcessor(Map<String, String> sourcesByQualifiedName) {
        this.sourcesByQualifiedName = Map.copyOf(sourcesByQualifiedName);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("io.cachedfactory.CachedFactory");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (written || annotations.isEmpty()) {
            return false;
        }
        written = true;
        sourcesByQualifiedName.forEach((name, text) -> {
            try (Writer writer = processingEnv.getFiler().createSourceFile(name).openWriter()) {
                writer.write(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return false;
    }
}
