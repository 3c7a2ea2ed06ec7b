package io.cachedfactory.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.Sensitivity;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One factory to generate, as the {@link Validator} found it valid: everything the
 * {@link Fingerprinter} and the {@link FactoryWriter} need, with no further checks to make.
 *
 * @param cachedType the class whose objects the factory caches
 * @param factoryName the generated class
 * @param methods one factory method per annotated constructor or static method, in source order
 * @param traits the {@code @Traits} call added to every key, if any
 * @param invariants names of the {@code @Invariant} methods, in source order
 * @param settings the {@code @CachedFactory} attributes
 * @param originatingElements what the generated file is derived from, for incremental builds
 */
record FactoryModel(
        TypeElement cachedType,
        ClassName factoryName,
        List<FactoryMethod> methods,
        Optional<TraitsCall> traits,
        List<String> invariants,
        Settings settings,
        List<Element> originatingElements) {

    /** The fully qualified name of the generated factory. */
    String qualifiedFactoryName() {
        return factoryName.canonicalName();
    }

    /**
     * One {@code get}-like method of the factory.
     *
     * @param element the constructor or static method that builds the object
     * @param name the factory method's name: {@code get}, or the static method's name
     * @param keySignature identifies the method in every key, e.g. {@code "Table(String,int)"}
     * @param parameters the builder's parameters, names kept
     * @param thrown checked exceptions the builder declares (the runtime wraps them)
     * @param varargs whether the last parameter is a variable-arity one
     */
    record FactoryMethod(
            ExecutableElement element,
            String name,
            boolean constructor,
            String keySignature,
            List<Parameter> parameters,
            List<TypeName> thrown,
            boolean varargs) {
    }

    /**
     * A parameter of a factory method: its name and declared type, and whether values of that
     * type are equal exactly when their key bytes are ({@code ValueEqualTypes}).
     */
    record Parameter(String name, TypeName type, boolean valueEqual) {
    }

    /**
     * A call of the cached type's {@code @Traits} method with these factory parameters, returning
     * {@code type}, whose equals agrees with its key bytes when {@code valueEqual}.
     */
    record TraitsCall(String methodName, List<String> arguments, TypeName type,
            boolean valueEqual) {
    }

    /** One developer's {@code @Version} counter. */
    record VersionCounter(String owner, int value) {
    }

    /**
     * The effective {@code @CachedFactory} attributes.
     *
     * @param element the element carrying the annotation the attributes come from
     * @param annotation that annotation, where errors about attributes are reported
     * @param dependsOn declared dependencies, in source order
     * @param resources declared resource paths, in source order
     * @param versions developer counters, in source order
     * @param maxAge the ISO-8601 text, when set
     * @param codec a user codec class, when set
     * @param builtInCodec the runtime's codec used when there is no user codec: the default, or
     *     the one the attribute names
     */
    record Settings(
            Element element,
            AnnotationMirror annotation,
            List<TypeElement> dependsOn,
            List<String> resources,
            List<VersionCounter> versions,
            Sensitivity sensitivity,
            Optional<String> maxAge,
            Optional<TypeElement> codec,
            BuiltInCodec builtInCodec,
            MemoryPolicy memory,
            boolean persistent) {
    }
}
