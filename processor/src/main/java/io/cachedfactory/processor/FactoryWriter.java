package io.cachedfactory.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.Sensitivity;
import io.cachedfactory.common.ComponentNames;
import io.cachedfactory.processor.FactoryFingerprint.Component;
import io.cachedfactory.processor.FactoryModel.FactoryMethod;
import io.cachedfactory.processor.FactoryModel.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/** Writes a factory's source with JavaPoet; never reports anything. */
final class FactoryWriter {

    private static final String RUNTIME = "io.cachedfactory.runtime";
    /** Types only generated code uses: no compatibility promise to applications. */
    static final String INTERNAL = RUNTIME + ".internal";
    private static final ClassName CACHE_STORE = ClassName.get(RUNTIME, "CacheStore");
    private static final ClassName CACHE_STATE = ClassName.get(RUNTIME, "CacheState");
    private static final ClassName EXPLANATION = ClassName.get(RUNTIME, "Explanation");
    private static final ClassName FACTORY_CACHE = ClassName.get(INTERNAL, "FactoryCache");
    private static final ClassName FACTORY_DESCRIPTOR = ClassName.get(INTERNAL,
            "FactoryDescriptor");
    private static final ClassName FACTORY_STATS = ClassName.get(RUNTIME, "FactoryStats");
    private static final ClassName FINGERPRINT = ClassName.get(RUNTIME, "Fingerprint");
    private static final ClassName BUILD_EXCEPTION = ClassName.get(RUNTIME, "BuildException");
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing",
            "Generated");
    private static final ClassName PREDICATE = ClassName.get("java.util.function", "Predicate");
    private static final ClassName DURATION = ClassName.get("java.time", "Duration");

    /** A package or outer-class qualifier, dropped from parameter types in the Javadoc. */
    private static final Pattern QUALIFIER =
            Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+(?=[A-Za-z_$])");

    /** Component kinds in the order the class Javadoc lists them. */
    private static final List<String> DESCRIPTION_ORDER = List.of(
            ComponentNames.SOURCE, ComponentNames.CLASS, ComponentNames.LIBRARY,
            ComponentNames.FACTORY, ComponentNames.RESOURCE, ComponentNames.VERSION,
            ComponentNames.CODEC, ComponentNames.FORMAT);

    /** The factory's source file. */
    JavaFile write(FactoryModel model, FactoryFingerprint fingerprint) {
        ClassName cachedType = ClassName.get(model.cachedType());
        TypeSpec.Builder factory = TypeSpec.classBuilder(model.factoryName())
                .addModifiers(Modifier.FINAL)
                .addJavadoc(classJavadoc(model, fingerprint, cachedType))
                .addAnnotation(AnnotationSpec.builder(GENERATED)
                        .addMember("value", "$S", CachedFactoryProcessor.class.getName())
                        .addMember("comments", "$S", "Do not edit: regenerated from "
                                + model.cachedType().getQualifiedName() + " on every build")
                        .build());
        if (model.cachedType().getModifiers().contains(Modifier.PUBLIC)) {
            factory.addModifiers(Modifier.PUBLIC);
        }
        for (Element element : model.originatingElements()) {
            factory.addOriginatingElement(element);
        }

        factory.addField(FieldSpec.builder(String.class, "VERSION",
                        Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Hex SHA-256 of {@link #FINGERPRINT}: the code version stored objects"
                        + " are built with.\n")
                .initializer("$S", fingerprint.version())
                .build());
        factory.addField(FieldSpec.builder(FINGERPRINT, "FINGERPRINT",
                        Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("What {@link #VERSION} covers, one named component per source,"
                        + " resource, counter and codec.\n")
                .initializer(fingerprintInitializer(fingerprint))
                .build());
        factory.addField(FieldSpec.builder(
                        ParameterizedTypeName.get(FACTORY_DESCRIPTOR, cachedType), "DESCRIPTOR",
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(descriptorInitializer(model, cachedType))
                .build());
        factory.addField(ParameterizedTypeName.get(FACTORY_CACHE, cachedType), "cache",
                Modifier.PRIVATE, Modifier.FINAL);

        factory.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("A factory on {@link $T#defaultStore()}, the store shared by the whole"
                        + " process.\n", CACHE_STORE)
                .addStatement("this($T.defaultStore())", CACHE_STORE)
                .build());
        factory.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("A factory on {@code store}.\n")
                .addParameter(CACHE_STORE, "store")
                .addStatement("this.cache = store.cache(DESCRIPTOR)")
                .build());

        Map<FactoryMethod, ClassName> argumentRecords = ArgumentRecordWriter.names(model);
        for (FactoryMethod method : model.methods()) {
            addMethods(factory, model, method, cachedType, argumentRecords.get(method));
        }
        factory.addMethod(MethodSpec.methodBuilder("stats")
                .addModifiers(Modifier.PUBLIC)
                .returns(FACTORY_STATS)
                .addJavadoc("This factory's counters in its store.\n")
                .addStatement("return cache.stats()")
                .build());
        for (FactoryMethod method : model.methods()) {
            factory.addType(ArgumentRecordWriter.record(model, method, cachedType,
                    argumentRecords.get(method)));
        }

        return JavaFile.builder(model.factoryName().packageName(), factory.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    private static CodeBlock classJavadoc(FactoryModel model, FactoryFingerprint fingerprint,
            ClassName cachedType) {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("Caching factory for {@link $T}, generated by cachedfactory.\n", cachedType)
                .add("\n<p>Stored objects are rebuilt when any of these change:\n<ul>\n");
        descriptions(fingerprint).forEach(d -> doc.add("  <li>$L</li>\n", escape(d)));
        doc.add("</ul>\n");
        if (model.settings().sensitivity() == Sensitivity.MANUAL) {
            doc.add("Source edits do not count (sensitivity MANUAL): bump a counter to rebuild.\n");
        } else {
            doc.add("Comments and formatting in sources, and members the build never reaches, do"
                    + " not count.\n");
        }
        if (!fingerprint.namedOnly().isEmpty()) {
            doc.add("JDK and cachedfactory classes it uses, named but not hashed: $L.\n",
                    escape(String.join(", ", fingerprint.namedOnly())));
        }
        model.settings().maxAge().ifPresent(
                maxAge -> doc.add("Entries older than $L are rebuilt.\n", escape(maxAge)));
        if (!model.settings().persistent()) {
            doc.add("Objects are kept in memory only, never on disk.\n");
        }
        model.traits().ifPresent(traits -> doc.add(
                "The value of {@code $T.$L(...)} is part of every request's key.\n", cachedType,
                traits.methodName()));
        if (!model.invariants().isEmpty()) {
            doc.add("A stored copy is served only if $L.\n", model.invariants().stream()
                    .map(name -> "{@code " + name + "()}")
                    .collect(java.util.stream.Collectors.joining(" and ")) + " "
                    + (model.invariants().size() == 1 ? "holds" : "hold"));
        }
        return doc.build();
    }

    /**
     * One line per component, in {@link #DESCRIPTION_ORDER}, but one line per class for the
     * members of a class the build reaches: "the source of com.acme.Kernel: mix(int), ...".
     */
    private static List<String> descriptions(FactoryFingerprint fingerprint) {
        Map<String, List<String>> membersByClass = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        fingerprint.components().stream()
                .sorted(Comparator.comparingInt(FactoryWriter::descriptionRank)
                        .thenComparing(Component::name))
                .forEach(component -> {
                    String name = component.name();
                    int hash = name.indexOf('#');
                    if (name.startsWith(ComponentNames.SOURCE) && hash > 0) {
                        String type = name.substring(ComponentNames.SOURCE.length(), hash);
                        String member = name.substring(hash + 1);
                        if (!membersByClass.containsKey(type)) {
                            lines.add(type); // a placeholder, filled in below
                        }
                        membersByClass.computeIfAbsent(type, t -> new ArrayList<>())
                                .add(member.equals(SourceMembers.HEADER) ? "its declaration"
                                        : QUALIFIER.matcher(member).replaceAll(""));
                    } else {
                        lines.add(component.description());
                    }
                });
        return lines.stream().map(line -> membersByClass.containsKey(line)
                ? "the source of " + line + ": " + String.join(", ", membersByClass.get(line))
                : line).toList();
    }

    private static int descriptionRank(Component component) {
        for (int i = 0; i < DESCRIPTION_ORDER.size(); i++) {
            if (component.name().startsWith(DESCRIPTION_ORDER.get(i))) {
                return i;
            }
        }
        return DESCRIPTION_ORDER.size();
    }

    private static CodeBlock fingerprintInitializer(FactoryFingerprint fingerprint) {
        CodeBlock.Builder init = CodeBlock.builder().add("$T.builder()", FINGERPRINT)
                .indent().indent();
        for (Component component : fingerprint.components()) {
            init.add("\n.add($S,$W$S)", component.name(), component.value());
        }
        return init.add("\n.build()").unindent().unindent().build();
    }

    private static CodeBlock descriptorInitializer(FactoryModel model, ClassName cachedType) {
        CodeBlock.Builder init = CodeBlock.builder()
                .add("$T", FACTORY_DESCRIPTOR)
                .indent().indent()
                .add("\n.builder($T.class,$W$S,$WFINGERPRINT)", cachedType,
                        model.qualifiedFactoryName());
        if (model.settings().codec().isPresent()) {
            init.add("\n.codec(new $T())", ClassName.get(model.settings().codec().get()));
        } else {
            BuiltInCodec codec = model.settings().builtInCodec();
            init.add("\n.codec($T.forType($T.class))",
                    ClassName.get(codec.packageName(), codec.simpleName()), cachedType);
        }
        init.add("\n.memory($T.$L)", MemoryPolicy.class, model.settings().memory().name());
        model.settings().maxAge().ifPresent(
                maxAge -> init.add("\n.maxAge($T.parse($S))", DURATION, maxAge));
        if (!model.settings().persistent()) {
            init.add("\n.persistent(false)");
        }
        for (String invariant : model.invariants()) {
            init.add("\n.invariant($T::$N)", cachedType, invariant);
        }
        return init.add("\n.build()").unindent().unindent().build();
    }

    private static void addMethods(TypeSpec.Builder factory, FactoryModel model,
            FactoryMethod method, ClassName cachedType, ClassName argumentRecord) {
        NameAllocator names = new NameAllocator();
        method.parameters().forEach(p -> names.newName(p.name(), p));
        String requirement = names.newName("requirement");
        boolean shadowed = method.parameters().stream().anyMatch(p -> p.name().equals("cache"));
        String cache = shadowed ? "this.cache" : "cache";
        List<ParameterSpec> parameters = method.parameters().stream()
                .map(p -> ParameterSpec.builder(p.type(), p.name()).build())
                .toList();
        String arguments = join(method.parameters(), Parameter::name);
        CodeBlock request = ArgumentRecordWriter.newRecord(model, method, cachedType,
                argumentRecord);
        CodeBlock erasedTypes = erasedTypes(method);
        TypeName requirementType = ParameterizedTypeName.get(PREDICATE,
                WildcardTypeName.supertypeOf(cachedType));

        CodeBlock buildCall = buildCall(method, cachedType, arguments);
        CodeBlock.Builder getDoc = CodeBlock.builder()
                .add("Returns the object {@code $L} builds:\nfrom memory, else from disk, else"
                        + " built once and stored.\n", buildCall);
        for (TypeName thrown : method.thrown()) {
            getDoc.add("\n@throws $T wrapping the {@link $T} the build may throw\n",
                    BUILD_EXCEPTION, thrown);
        }

        factory.addMethod(MethodSpec.methodBuilder(method.name())
                .addModifiers(Modifier.PUBLIC)
                .returns(cachedType)
                .addParameters(parameters)
                .varargs(method.varargs())
                .addJavadoc(getDoc.build())
                .addStatement("return $L.get($L,$Wnull)", cache, request)
                .build());
        factory.addMethod(MethodSpec.methodBuilder(method.name())
                .addModifiers(Modifier.PUBLIC)
                .returns(cachedType)
                .addParameters(parameters)
                .addParameter(requirementType, requirement)
                .addJavadoc("Like {@link #$N($L)}, but the object served must also pass\n"
                        + "{@code $N}; one that does not is rebuilt and replaces the stored"
                        + " entry.\n", method.name(), erasedTypes, requirement)
                .addStatement("return $L.get($L,$W$N)", cache, request, requirement)
                .build());
        MethodSpec.Builder state = keyed("state", CACHE_STATE, method, parameters, cache,
                request).addJavadoc("Where the object for these arguments stands: absent, on"
                        + " disk or in memory.\n");
        // The one caller of FactoryCache.explain: users ask "why did (or would) it rebuild?"
        MethodSpec.Builder explain = keyed("explain", EXPLANATION, method, parameters, cache,
                request).addJavadoc("Where {@link #$N($L)} would take the object from, and why,"
                        + " without loading or\nbuilding anything: in memory or on disk (it would"
                        + " be served), or absent with the\nreason it would be built (nothing"
                        + " stored, expired, corrupt, or stored under another\nfingerprint,"
                        + " naming the components that changed).\n", method.name(), erasedTypes);
        MethodSpec.Builder invalidate = keyed("invalidate", TypeName.BOOLEAN, method, parameters,
                cache, request).addJavadoc("Removes the object for these arguments from memory"
                        + " and disk.\n\n@return whether anything was removed\n");
        factory.addMethod(state.build()).addMethod(explain.build()).addMethod(invalidate.build());
    }

    /** {@code public <returns> <name>(<parameters>)} asking the cache's {@code <name>}. */
    private static MethodSpec.Builder keyed(String name, TypeName returns, FactoryMethod method,
            List<ParameterSpec> parameters, String cache, CodeBlock request) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns)
                .addParameters(parameters)
                .varargs(method.varargs())
                .addStatement("return $L.$N($L)", cache, name, request);
    }

    private static String join(List<Parameter> parameters,
            Function<Parameter, String> part) {
        return parameters.stream().map(part).collect(Collectors.joining(", "));
    }

    /** {@code new X(arguments)} or {@code X.method(arguments)}: what builds the object. */
    static CodeBlock buildCall(FactoryMethod method, ClassName cachedType, String arguments) {
        return method.constructor()
                ? CodeBlock.of("new $T($L)", cachedType, arguments)
                : CodeBlock.of("$T.$N($L)", cachedType, method.name(), arguments);
    }

    /** The method's parameter types, erased, as a Javadoc link lists them: {@code String, int}. */
    static CodeBlock erasedTypes(FactoryMethod method) {
        return CodeBlock.join(method.parameters().stream()
                .map(p -> CodeBlock.of("$T", erasure(p.type()))).toList(), ", ");
    }

    static TypeName erasure(TypeName type) {
        if (type instanceof ParameterizedTypeName parameterized) {
            return parameterized.rawType();
        }
        if (type instanceof com.palantir.javapoet.ArrayTypeName array) {
            return com.palantir.javapoet.ArrayTypeName.of(erasure(array.componentType()));
        }
        return type;
    }

    /** Escapes text for Javadoc: HTML metacharacters and anything that would end the comment. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("*/", "*&#47;").replace("@", "&#64;");
    }
}
