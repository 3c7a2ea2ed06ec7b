package io.cachedfactory.processor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Reads annotations through {@link AnnotationMirror}s: the annotations have CLASS retention, and
 * their {@code Class} attributes name types that may not be loadable in the processor.
 */
final class Mirrors {

    static final String CACHED_FACTORY = "io.cachedfactory.CachedFactory";
    static final String CACHE_DEPENDENCY = "io.cachedfactory.CacheDependency";
    static final String TRAITS = "io.cachedfactory.Traits";
    static final String INVARIANT = "io.cachedfactory.Invariant";
    static final String CACHE_KEY = "io.cachedfactory.CacheKey";
    static final String CODEC = "io.cachedfactory.runtime.Codec";

    private Mirrors() {
    }

    /** The annotation of type {@code annotationName} on {@code element}, if present. */
    static Optional<AnnotationMirror> find(Element element, String annotationName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(annotationName)) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    /** The {@code @CachedFactory} on {@code element}, which the caller knows to be annotated. */
    static AnnotationMirror cachedFactory(Element element) {
        return find(element, CACHED_FACTORY).orElseThrow();
    }

    /** The methods declared in {@code type} that carry {@code annotationName}, in source order. */
    static List<ExecutableElement> methodsAnnotated(TypeElement type, String annotationName) {
        return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                .filter(method -> find(method, annotationName).isPresent()).toList();
    }

    /** The explicitly written value of {@code attribute}, if any. */
    static Optional<AnnotationValue> explicit(AnnotationMirror mirror, String attribute) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : mirror.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(attribute)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** The value of {@code attribute}, explicit or its default. */
    static AnnotationValue value(AnnotationMirror mirror, String attribute) {
        Optional<AnnotationValue> explicit = explicit(mirror, attribute);
        if (explicit.isPresent()) {
            return explicit.get();
        }
        TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
        for (Element member : type.getEnclosedElements()) {
            if (member.getKind() == ElementKind.METHOD
                    && member.getSimpleName().contentEquals(attribute)) {
                AnnotationValue value = ((ExecutableElement) member).getDefaultValue();
                if (value != null) {
                    return value;
                }
            }
        }
        throw new IllegalArgumentException("no value for " + attribute + " in " + mirror);
    }

    /** The elements of an array-valued attribute (a single value counts as a one-element array). */
    @SuppressWarnings("unchecked")
    static List<AnnotationValue> list(AnnotationMirror mirror, String attribute) {
        Object value = value(mirror, attribute).getValue();
        if (value instanceof List<?>) {
            return (List<AnnotationValue>) value;
        }
        return List.of(value(mirror, attribute));
    }

    /** The explicit attributes rendered as text, sorted by name, to compare two annotations. */
    static Map<String, String> explicitText(AnnotationMirror mirror) {
        Map<String, String> text = new TreeMap<>();
        mirror.getElementValues().forEach(
                (key, value) -> text.put(key.getSimpleName().toString(), value.toString()));
        return text;
    }

    /** The top-level type that {@code element} is declared in (itself, if top-level). */
    static TypeElement topLevel(Element element) {
        Element current = element;
        while (!(current.getEnclosingElement() instanceof PackageElement)) {
            current = current.getEnclosingElement();
        }
        return (TypeElement) current;
    }

    /** The package {@code element} is declared in. */
    static PackageElement packageOf(Element element) {
        Element current = element;
        while (!(current instanceof PackageElement)) {
            current = current.getEnclosingElement();
        }
        return (PackageElement) current;
    }
}
