package io.cachedfactory.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.cachedfactory.processor.FactoryModel.FactoryMethod;
import io.cachedfactory.processor.FactoryModel.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/*
 * Design note. A generated get builds one record of its arguments (and the @Traits value) and
 * hands it to the cache as the request: its key() encodes the canonical bytes, build() calls the
 * annotated constructor or method, keysMemory() says whether the record's own equals agrees with
 * those bytes, which the processor decided from the declared types (KeyTypes.valueEqual). The
 * component names are the parameter names, except where a record forbids them or they would clash
 * with CacheRequest's methods; the key always carries the parameter names.
 */

/** Writes the private argument record of each factory method, and the expression that makes one. */
final class ArgumentRecordWriter {

    private static final ClassName REQUEST_KEY = ClassName.get(FactoryWriter.INTERNAL,
            "RequestKey");
    private static final ClassName CACHE_REQUEST = ClassName.get(FactoryWriter.INTERNAL,
            "CacheRequest");

    /**
     * Names a record component cannot have (JLS 8.10.1) or that would clash with the methods of
     * {@code CacheRequest}; a parameter named so gets another component name.
     */
    private static final Set<String> RESERVED_COMPONENT_NAMES = Set.of(
            "clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait",
            "key", "build", "keysMemory");

    private ArgumentRecordWriter() {
    }

    /** {@code new Arguments(name, year)}, with the traits call last when there is one. */
    static CodeBlock newRecord(FactoryModel model, FactoryMethod method,
            ClassName cachedType, ClassName argumentRecord) {
        List<CodeBlock> values = new ArrayList<>();
        method.parameters().forEach(p -> values.add(CodeBlock.of("$N", p.name())));
        model.traits().ifPresent(traits -> values.add(CodeBlock.of("$T.$N($L)", cachedType,
                traits.methodName(), String.join(", ", traits.arguments()))));
        return CodeBlock.of("new $T($L)", argumentRecord, CodeBlock.join(values, ", "));
    }

    /**
     * One record per factory method: {@code Arguments} when there is one method, else named after
     * what tells the methods apart ({@code LoadArguments}, {@code StringIntArguments}).
     */
    static Map<FactoryMethod, ClassName> names(FactoryModel model) {
        Map<FactoryMethod, ClassName> names = new LinkedHashMap<>();
        NameAllocator allocator = new NameAllocator();
        allocator.newName(model.factoryName().simpleName());
        allocator.newName(model.cachedType().getSimpleName().toString());
        List<FactoryMethod> methods = model.methods();
        boolean oneName = methods.stream().map(FactoryMethod::name).distinct().count() == 1;
        for (FactoryMethod method : methods) {
            StringBuilder name = new StringBuilder();
            if (methods.size() > 1 && !oneName) {
                name.append(capitalize(method.name()));
            }
            boolean nameClash = methods.stream()
                    .filter(m -> m.name().equals(method.name())).count() > 1;
            if (methods.size() > 1 && nameClash) {
                method.parameters().forEach(p -> name.append(typeWord(p.type())));
                if (method.parameters().isEmpty()) {
                    name.append("No");
                }
            }
            names.put(method, model.factoryName().nestedClass(
                    allocator.newName(name + "Arguments")));
        }
        return names;
    }

    /** {@code int[]} as {@code IntArray}, {@code Map<String, Integer>} as {@code Map}. */
    private static String typeWord(TypeName type) {
        TypeName erased = FactoryWriter.erasure(type);
        if (erased instanceof ArrayTypeName array) {
            return typeWord(array.componentType()) + "Array";
        }
        if (erased instanceof ClassName className) {
            return className.simpleName();
        }
        return capitalize(erased.toString());
    }

    private static String capitalize(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /**
     * The record of one factory method's arguments (and traits): the request the cache serves.
     * Its {@code key()} encodes the persistent key only on a memory miss.
     */
    static TypeSpec record(FactoryModel model, FactoryMethod method,
            ClassName cachedType, ClassName recordName) {
        NameAllocator components = new NameAllocator();
        RESERVED_COMPONENT_NAMES.forEach(components::newName);
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
        Map<Parameter, String> componentOf = new LinkedHashMap<>();
        for (Parameter parameter : method.parameters()) {
            String component = components.newName(parameter.name(), parameter);
            componentOf.put(parameter, component);
            constructor.addParameter(parameter.type(), component);
        }
        String traitsComponent = model.traits()
                .map(traits -> components.newName("traits", traits)).orElse(null);
        model.traits().ifPresent(traits -> constructor.addParameter(traits.type(),
                traitsComponent));

        CodeBlock.Builder key = CodeBlock.builder()
                .add("return $T.builder($S)", REQUEST_KEY, method.keySignature())
                .indent().indent();
        componentOf.forEach((parameter, component) ->
                key.add("\n.arg($S, $N)", parameter.name(), component));
        if (traitsComponent != null) {
            key.add("\n.traits($N)", traitsComponent);
        }
        key.add("\n.build();\n").unindent().unindent();

        String arguments = String.join(", ", componentOf.values());
        CodeBlock buildCall = FactoryWriter.buildCall(method, cachedType, arguments);
        MethodSpec.Builder build = MethodSpec.methodBuilder("build")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(cachedType)
                .addExceptions(method.thrown())
                .addStatement("return $L", buildCall);

        List<String> byBytes = new ArrayList<>();
        componentOf.forEach((parameter, component) -> {
            if (!parameter.valueEqual()) {
                byBytes.add(component);
            }
        });
        model.traits().filter(traits -> !traits.valueEqual())
                .ifPresent(traits -> byBytes.add(traitsComponent));
        CodeBlock.Builder doc = CodeBlock.builder().add("The arguments of {@link #$N($L)}$L,"
                + " one request.\n", method.name(), FactoryWriter.erasedTypes(method),
                traitsComponent == null ? "" : " and their traits");
        if (byBytes.isEmpty()) {
            doc.add("Memory is keyed by the record itself: its components are equal exactly when"
                    + "\ntheir key bytes are.\n");
        } else {
            doc.add("Memory is keyed by its key bytes, since the equals of\n{@code $L} need not"
                    + " agree with them.\n", String.join("}, {@code ", byBytes));
        }
        return TypeSpec.recordBuilder(recordName)
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc(doc.build())
                .recordConstructor(constructor.build())
                .addSuperinterface(ParameterizedTypeName.get(CACHE_REQUEST, cachedType))
                .addMethod(MethodSpec.methodBuilder("key")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(REQUEST_KEY)
                        .addCode(key.build())
                        .build())
                .addMethod(build.build())
                .addMethod(MethodSpec.methodBuilder("keysMemory")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(TypeName.BOOLEAN)
                        .addStatement("return $L", byBytes.isEmpty())
                        .build())
                .build();
    }
}
