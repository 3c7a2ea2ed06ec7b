package io.cachedfactory.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.Sensitivity;
import io.cachedfactory.processor.FactoryModel.FactoryMethod;
import io.cachedfactory.processor.FactoryModel.Parameter;
import io.cachedfactory.processor.FactoryModel.Settings;
import io.cachedfactory.processor.FactoryModel.TraitsCall;
import io.cachedfactory.processor.FactoryModel.VersionCounter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Turns the elements annotated with {@code @CachedFactory} into {@link FactoryModel}s, reporting
 * every misuse it finds (all of them, not just the first) at the element or attribute at fault.
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>{@code @CachedFactory} on a class makes every non-private constructor a {@code get}
 *       method. On constructors and static methods it makes exactly those factory methods; the
 *       annotations of one class then make one factory, and their attributes must agree (or be
 *       given on one of them only). On the class and on one of its members at once is an
 *       error.</li>
 *   <li>A static method must return the class it is declared in; that class is the cached type.
 *       Such a class may be abstract or an interface, since the factory never calls a
 *       constructor.</li>
 *   <li>A nested class's factory is named after the enclosing names joined by {@code _}, such as
 *       {@code Outer_InnerFactory}.</li>
 * </ul>
 */
final class Validator {

    /** Factory members a static method's name must not collide with. */
    private static final Set<String> RESERVED_NAMES = Set.of("state", "invalidate", "stats", "key",
            "equals", "hashCode", "toString", "getClass", "notify", "notifyAll", "wait", "clone",
            "finalize");

    private final Elements elements;
    private final Types types;
    private final Reporter reporter;
    private final KeyTypes keyTypes;

    Validator(Elements elements, Types types, Reporter reporter) {
        this.elements = elements;
        this.types = types;
        this.reporter = reporter;
        this.keyTypes = new KeyTypes(elements, types);
    }

    /**
     * Groups annotated elements by the class whose objects they build, sorted by its name. Instance
     * methods are reported and left out.
     */
    Map<TypeElement, List<Element>> group(Set<? extends Element> annotated) {
        Map<String, TypeElement> byName = new TreeMap<>();
        Map<TypeElement, List<Element>> groups = new HashMap<>();
        for (Element element : annotated) {
            TypeElement type;
            if (element instanceof TypeElement typeElement) {
                type = typeElement;
            } else if (element.getKind() == ElementKind.CONSTRUCTOR) {
                type = (TypeElement) element.getEnclosingElement();
            } else if (element.getKind() == ElementKind.METHOD) {
                if (!element.getModifiers().contains(Modifier.STATIC)) {
                    reporter.report(Message.NOT_STATIC, element, describe(element));
                    continue;
                }
                type = (TypeElement) element.getEnclosingElement();
            } else {
                continue;
            }
            byName.put(type.getQualifiedName().toString(), type);
            groups.computeIfAbsent(type, t -> new ArrayList<>()).add(element);
        }
        Map<TypeElement, List<Element>> sorted = new LinkedHashMap<>();
        byName.values().forEach(type -> sorted.put(type, groups.get(type)));
        return sorted;
    }

    /**
     * The model of {@code type}'s factory made by the {@code annotated} elements (the type itself,
     * or some of its constructors and static methods), or empty after reporting what is wrong.
     */
    Optional<FactoryModel> createIfValid(TypeElement type, List<Element> annotated) {
        int errorsBefore = reporter.errorCount();
        boolean onType = annotated.contains(type);
        if (onType && annotated.size() > 1) {
            for (Element member : annotated) {
                if (member != type) {
                    reporter.report(Message.PLACEMENT, member, mirror(member), null,
                            type.getQualifiedName(), describe(member));
                }
            }
            return Optional.empty();
        }
        boolean buildsWithConstructor = onType
                || annotated.stream().anyMatch(e -> e.getKind() == ElementKind.CONSTRUCTOR);
        checkType(type, buildsWithConstructor);

        List<ExecutableElement> builders = new ArrayList<>();
        if (onType) {
            for (ExecutableElement constructor
                    : ElementFilter.constructorsIn(type.getEnclosedElements())) {
                if (!constructor.getModifiers().contains(Modifier.PRIVATE)) {
                    builders.add(constructor);
                }
            }
            if (builders.isEmpty() && type.getKind() == ElementKind.CLASS) {
                reporter.report(Message.NO_CONSTRUCTOR, type, type.getQualifiedName(),
                        type.getSimpleName());
            }
        } else {
            for (Element member : annotated) {
                ExecutableElement executable = (ExecutableElement) member;
                if (executable.getModifiers().contains(Modifier.PRIVATE)) {
                    reporter.report(Message.PRIVATE_MEMBER, executable, describe(executable));
                }
                if (executable.getKind() == ElementKind.METHOD && !types.isSameType(
                        executable.getReturnType(), types.erasure(type.asType()))) {
                    reporter.report(Message.STATIC_RETURN, executable, describe(executable),
                            executable.getReturnType(), type.getQualifiedName());
                }
                builders.add(executable);
            }
        }
        for (ExecutableElement builder : builders) {
            if (!builder.getTypeParameters().isEmpty()) {
                reporter.report(Message.GENERIC, builder, describe(builder));
            }
            for (VariableElement parameter : builder.getParameters()) {
                checkKeyType(parameter);
            }
        }

        Optional<Settings> settings = settings(type, annotated);
        List<FactoryMethod> methods = factoryMethods(type, builders);
        checkMethodClashes(type, methods);
        Optional<TraitsCall> traits = traits(type, methods);
        List<String> invariants = invariants(type);
        warnAboutMutableFields(type);
        if (reporter.errorCount() > errorsBefore || settings.isEmpty()) {
            return Optional.empty();
        }
        ClassName factoryName = factoryName(type, settings.get());
        List<Element> originating = new ArrayList<>();
        originating.add(type);
        originating.addAll(settings.get().dependsOn());
        settings.get().codec().ifPresent(originating::add);
        return Optional.of(new FactoryModel(type, factoryName, methods, traits, invariants,
                settings.get(), originating));
    }

    private void checkType(TypeElement type, boolean buildsWithConstructor) {
        if (buildsWithConstructor) {
            switch (type.getKind()) {
                case INTERFACE -> reporter.report(Message.NOT_CONCRETE, type,
                        type.getQualifiedName(), "an interface");
                case ENUM -> reporter.report(Message.NOT_CONCRETE, type, type.getQualifiedName(),
                        "an enum");
                case ANNOTATION_TYPE -> reporter.report(Message.NOT_CONCRETE, type,
                        type.getQualifiedName(), "an annotation type");
                default -> {
                    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
                        reporter.report(Message.NOT_CONCRETE, type, type.getQualifiedName(),
                                "abstract");
                    }
                }
            }
        }
        if (type.getNestingKind() == NestingKind.LOCAL
                || type.getNestingKind() == NestingKind.ANONYMOUS) {
            reporter.report(Message.LOCAL_CLASS, type, type.getQualifiedName());
        } else if (type.getNestingKind() == NestingKind.MEMBER
                && !type.getModifiers().contains(Modifier.STATIC)
                && type.getEnclosingElement().getKind().isClass()
                && type.getKind() == ElementKind.CLASS) {
            reporter.report(Message.INNER_CLASS, type, type.getQualifiedName());
        }
        for (Element enclosing = type; enclosing instanceof TypeElement;
                enclosing = enclosing.getEnclosingElement()) {
            if (enclosing.getModifiers().contains(Modifier.PRIVATE)) {
                reporter.report(Message.PRIVATE_TYPE, type,
                        ((TypeElement) enclosing).getQualifiedName());
                break;
            }
        }
        if (!type.getTypeParameters().isEmpty()) {
            reporter.report(Message.GENERIC, type, type.getQualifiedName());
        }
    }

    private void checkKeyType(VariableElement parameter) {
        TypeMirror type = parameter.asType();
        keyTypes.problem(type).ifPresent(problem -> {
            String because = problem.equals(type.toString()) ? "" : " because of " + problem;
            reporter.report(Message.KEY, parameter, parameter.getSimpleName(), type, because);
        });
    }

    private Optional<Settings> settings(TypeElement type, List<Element> annotated) {
        Element primary = annotated.get(0);
        for (Element element : annotated) {
            if (!mirror(element).getElementValues().isEmpty()) {
                primary = element;
                break;
            }
        }
        AnnotationMirror annotation = mirror(primary);
        Map<String, String> primaryText = Mirrors.explicitText(annotation);
        for (Element element : annotated) {
            AnnotationMirror other = mirror(element);
            if (element != primary && !other.getElementValues().isEmpty()
                    && !Mirrors.explicitText(other).equals(primaryText)) {
                reporter.report(Message.CONFLICT, element, other, null, describe(primary),
                        type.getQualifiedName());
            }
        }
        int errorsBefore = reporter.errorCount();

        List<TypeElement> dependsOn = new ArrayList<>();
        for (AnnotationValue value : Mirrors.list(annotation, "dependsOn")) {
            if (!(value.getValue() instanceof TypeMirror dependency)) {
                continue; // an unresolved class literal, which javac reports itself
            }
            if (dependency.getKind() == TypeKind.DECLARED) {
                dependsOn.add((TypeElement) ((DeclaredType) dependency).asElement());
            } else if (dependency.getKind() != TypeKind.ERROR) {
                reporter.report(Message.DEPENDS_ON, primary, annotation, value,
                        dependency + ".class", type.getSimpleName());
            }
        }

        List<String> resources = new ArrayList<>();
        for (AnnotationValue value : Mirrors.list(annotation, "resources")) {
            String path = (String) value.getValue();
            if (isRelativePath(path)) {
                resources.add(path);
            } else {
                reporter.report(Message.RESOURCE_PATH, primary, annotation, value, path);
            }
        }

        List<VersionCounter> versions = new ArrayList<>();
        Set<String> owners = new HashSet<>();
        for (AnnotationValue value : Mirrors.list(annotation, "versions")) {
            AnnotationMirror version = (AnnotationMirror) value.getValue();
            String owner = (String) Mirrors.value(version, "owner").getValue();
            int counter = (Integer) Mirrors.value(version, "value").getValue();
            if (owner.isBlank()) {
                reporter.report(Message.VERSION_BLANK, primary, version, null);
            } else if (!owners.add(owner)) {
                reporter.report(Message.VERSION_DUPLICATE, primary, version, null, owner);
            } else if (counter < 0) {
                reporter.report(Message.VERSION_NEGATIVE, primary, version,
                        Mirrors.value(version, "value"), owner, counter);
            }
            versions.add(new VersionCounter(owner, counter));
        }

        Optional<String> maxAge = Optional.empty();
        AnnotationValue maxAgeValue = Mirrors.value(annotation, "maxAge");
        String maxAgeText = (String) maxAgeValue.getValue();
        if (!maxAgeText.isEmpty()) {
            if (isPositiveDuration(maxAgeText)) {
                maxAge = Optional.of(maxAgeText);
            } else {
                reporter.report(Message.MAX_AGE, primary, annotation, maxAgeValue, maxAgeText);
            }
        }

        Optional<TypeElement> codec = codec(type, primary, annotation);

        String sensitivity = ((VariableElement) Mirrors.value(annotation, "sensitivity")
                .getValue()).getSimpleName().toString();
        String memory = ((VariableElement) Mirrors.value(annotation, "memory").getValue())
                .getSimpleName().toString();
        boolean persistent = (Boolean) Mirrors.value(annotation, "persistent").getValue();

        AnnotationValue nameValue = Mirrors.value(annotation, "name");
        String name = (String) nameValue.getValue();
        if (!name.isEmpty() && (!SourceVersion.isIdentifier(name)
                || SourceVersion.isKeyword(name))) {
            reporter.report(Message.NAME_INVALID, primary, annotation, nameValue, name);
        }
        if (reporter.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new Settings(primary, annotation, List.copyOf(dependsOn),
                List.copyOf(resources), List.copyOf(versions), Sensitivity.valueOf(sensitivity),
                maxAge, codec, MemoryPolicy.valueOf(memory), persistent));
    }

    private Optional<TypeElement> codec(TypeElement type, Element primary,
            AnnotationMirror annotation) {
        AnnotationValue value = Mirrors.value(annotation, "codec");
        if (!(value.getValue() instanceof TypeMirror codecType)
                || codecType.getKind() == TypeKind.VOID
                || codecType.getKind() == TypeKind.ERROR) {
            return Optional.empty();
        }
        if (codecType.getKind() != TypeKind.DECLARED) {
            reporter.report(Message.CODEC, primary, annotation, value, codecType,
                    type.getQualifiedName());
            return Optional.empty();
        }
        DeclaredType declared = (DeclaredType) codecType;
        TypeElement codec = (TypeElement) declared.asElement();
        DeclaredType asCodec = keyTypes.asSupertype(declared, Mirrors.CODEC);
        if (asCodec == null || asCodec.getTypeArguments().size() != 1 || !types.isSameType(
                asCodec.getTypeArguments().get(0), types.erasure(type.asType()))) {
            reporter.report(Message.CODEC, primary, annotation, value, codec.getQualifiedName(),
                    type.getQualifiedName());
            return Optional.empty();
        }
        boolean samePackage = Mirrors.packageOf(codec).equals(Mirrors.packageOf(type));
        boolean usable = codec.getKind() == ElementKind.CLASS
                && !codec.getModifiers().contains(Modifier.ABSTRACT)
                && (codec.getNestingKind() == NestingKind.TOP_LEVEL
                        || codec.getModifiers().contains(Modifier.STATIC))
                && accessible(codec, samePackage)
                && ElementFilter.constructorsIn(codec.getEnclosedElements()).stream().anyMatch(
                        c -> c.getParameters().isEmpty() && accessible(c, samePackage));
        if (!usable) {
            reporter.report(Message.CODEC_CONSTRUCTOR, primary, annotation, value,
                    codec.getQualifiedName());
            return Optional.empty();
        }
        return Optional.of(codec);
    }

    private static boolean accessible(Element element, boolean samePackage) {
        Set<Modifier> modifiers = element.getModifiers();
        return modifiers.contains(Modifier.PUBLIC)
                || (samePackage && !modifiers.contains(Modifier.PRIVATE));
    }

    /** Key signatures use simple type names, or qualified ones if simple names would collide. */
    private List<FactoryMethod> factoryMethods(TypeElement type,
            List<ExecutableElement> builders) {
        List<FactoryMethod> simple = builders.stream()
                .map(builder -> factoryMethod(type, builder, false)).toList();
        if (simple.stream().map(FactoryMethod::keySignature).distinct().count() == simple.size()) {
            return simple;
        }
        return builders.stream().map(builder -> factoryMethod(type, builder, true)).toList();
    }

    private FactoryMethod factoryMethod(TypeElement type, ExecutableElement builder,
            boolean qualified) {
        boolean constructor = builder.getKind() == ElementKind.CONSTRUCTOR;
        List<Parameter> parameters = new ArrayList<>();
        List<String> signatureTypes = new ArrayList<>();
        for (VariableElement parameter : builder.getParameters()) {
            parameters.add(new Parameter(parameter.getSimpleName().toString(),
                    TypeName.get(parameter.asType())));
            signatureTypes.add(signatureName(parameter.asType(), qualified));
        }
        String signatureName = constructor ? type.getSimpleName().toString()
                : builder.getSimpleName().toString();
        List<TypeName> thrown = new ArrayList<>();
        for (TypeMirror exception : builder.getThrownTypes()) {
            if (isChecked(exception)) {
                thrown.add(TypeName.get(exception));
            }
        }
        return new FactoryMethod(builder, constructor ? "get" : builder.getSimpleName().toString(),
                constructor, signatureName + "(" + String.join(",", signatureTypes) + ")",
                List.copyOf(parameters), List.copyOf(thrown), builder.isVarArgs());
    }

    private String signatureName(TypeMirror type, boolean qualified) {
        TypeMirror erased = types.erasure(type);
        if (erased.getKind() == TypeKind.ARRAY) {
            return signatureName(((javax.lang.model.type.ArrayType) erased).getComponentType(),
                    qualified) + "[]";
        }
        if (erased.getKind() == TypeKind.DECLARED) {
            TypeElement element = (TypeElement) ((DeclaredType) erased).asElement();
            return qualified ? element.getQualifiedName().toString()
                    : element.getSimpleName().toString();
        }
        return erased.toString();
    }

    private boolean isChecked(TypeMirror exception) {
        TypeElement runtime = elements.getTypeElement("java.lang.RuntimeException");
        TypeElement error = elements.getTypeElement("java.lang.Error");
        return !types.isSubtype(exception, runtime.asType())
                && !types.isSubtype(exception, error.asType());
    }

    /** No two factory methods, nor one and a fixed factory member, may share a signature. */
    private void checkMethodClashes(TypeElement type, List<FactoryMethod> methods) {
        Map<List<TypeMirror>, FactoryMethod> byParameters = new HashMap<>();
        List<List<TypeMirror>> seen = new ArrayList<>();
        for (FactoryMethod method : methods) {
            String display = method.name() + "(" + method.parameters().stream()
                    .map(p -> p.type().toString()).collect(Collectors.joining(", ")) + ")";
            if (!method.constructor() && RESERVED_NAMES.contains(method.name())) {
                reporter.report(Message.METHOD_CLASH, method.element(), describe(method.element()),
                        display, "a method of the same name", "every generated factory");
                continue;
            }
            List<TypeMirror> erased = method.element().getParameters().stream()
                    .map(p -> types.erasure(p.asType())).toList();
            for (List<TypeMirror> earlier : seen) {
                if (sameTypes(earlier, erased)) {
                    FactoryMethod other = byParameters.get(earlier);
                    reporter.report(Message.METHOD_CLASH, method.element(),
                            describe(method.element()), display,
                            "the state and invalidate methods made for "
                                    + describe(other.element()),
                            type.getSimpleName() + "'s factory");
                }
            }
            seen.add(erased);
            byParameters.put(erased, method);
        }
    }

    private boolean sameTypes(List<TypeMirror> a, List<TypeMirror> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!types.isSameType(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private Optional<TraitsCall> traits(TypeElement type, List<FactoryMethod> methods) {
        Optional<TraitsCall> traits = Optional.empty();
        boolean found = false;
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (Mirrors.find(method, Mirrors.TRAITS).isEmpty()) {
                continue;
            }
            if (found) {
                reporter.report(Message.TRAITS_DUPLICATE, method, type.getQualifiedName());
                continue;
            }
            found = true;
            String problem = traitsProblem(method, methods);
            if (problem != null) {
                reporter.report(Message.TRAITS, method, describe(method), problem);
            } else {
                traits = Optional.of(new TraitsCall(method.getSimpleName().toString(),
                        method.getParameters().stream().map(p -> p.getSimpleName().toString())
                                .toList()));
            }
        }
        return traits;
    }

    private String traitsProblem(ExecutableElement method, List<FactoryMethod> methods) {
        if (!method.getModifiers().contains(Modifier.STATIC)) {
            return "it is not static";
        }
        if (method.getModifiers().contains(Modifier.PRIVATE)) {
            return "it is private";
        }
        if (!method.getTypeParameters().isEmpty()) {
            return "it is generic";
        }
        TypeMirror returned = method.getReturnType();
        if (returned.getKind() == TypeKind.VOID) {
            return "it returns void";
        }
        Optional<String> keyProblem = keyTypes.problem(returned);
        if (keyProblem.isPresent()) {
            return "its return type " + returned + " cannot be part of a key because of "
                    + keyProblem.get();
        }
        for (VariableElement parameter : method.getParameters()) {
            for (FactoryMethod factoryMethod : methods) {
                boolean matched = factoryMethod.element().getParameters().stream().anyMatch(
                        p -> p.getSimpleName().equals(parameter.getSimpleName())
                                && types.isSameType(p.asType(), parameter.asType()));
                if (!matched) {
                    return "its parameter '" + parameter.getSimpleName() + "' of type "
                            + parameter.asType() + " is not a parameter of "
                            + describe(factoryMethod.element());
                }
            }
        }
        return null;
    }

    private List<String> invariants(TypeElement type) {
        List<String> invariants = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (Mirrors.find(method, Mirrors.INVARIANT).isEmpty()) {
                continue;
            }
            String problem = null;
            if (method.getModifiers().contains(Modifier.STATIC)) {
                problem = "it is static";
            } else if (method.getModifiers().contains(Modifier.PRIVATE)) {
                problem = "it is private";
            } else if (!method.getParameters().isEmpty()) {
                problem = "it takes parameters";
            } else if (!method.getTypeParameters().isEmpty()) {
                problem = "it is generic";
            } else if (method.getReturnType().getKind() != TypeKind.BOOLEAN) {
                problem = "it returns " + method.getReturnType();
            }
            if (problem != null) {
                reporter.report(Message.INVARIANT, method, describe(method), problem);
            } else {
                invariants.add(method.getSimpleName().toString());
            }
        }
        return List.copyOf(invariants);
    }

    private void warnAboutMutableFields(TypeElement type) {
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            Set<Modifier> modifiers = field.getModifiers();
            if (!modifiers.contains(Modifier.FINAL) && !modifiers.contains(Modifier.STATIC)) {
                reporter.report(Message.MUTABLE_FIELD, field, field.getSimpleName(),
                        type.getSimpleName());
            }
        }
    }

    private ClassName factoryName(TypeElement type, Settings settings) {
        String name = (String) Mirrors.value(settings.annotation(), "name").getValue();
        String packageName = Mirrors.packageOf(type).getQualifiedName().toString();
        if (!name.isEmpty()) {
            return ClassName.get(packageName, name);
        }
        List<String> names = new ArrayList<>();
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            names.add(0, e.getSimpleName().toString());
        }
        return ClassName.get(packageName, String.join("_", names) + "Factory");
    }

    private static AnnotationMirror mirror(Element element) {
        return Mirrors.find(element, Mirrors.CACHED_FACTORY).orElseThrow();
    }

    private static boolean isRelativePath(String path) {
        if (path.isBlank() || path.startsWith("/") || path.contains("\\")
                || path.matches("^[A-Za-z]:.*")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPositiveDuration(String text) {
        try {
            Duration duration = Duration.parse(text);
            return !duration.isNegative() && !duration.isZero();
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** How messages name a constructor or method: {@code Table(String, int)}, {@code load()}. */
    static String describe(Element element) {
        if (element instanceof ExecutableElement executable) {
            String name = executable.getKind() == ElementKind.CONSTRUCTOR
                    ? executable.getEnclosingElement().getSimpleName().toString()
                    : executable.getSimpleName().toString();
            return name + "(" + executable.getParameters().stream()
                    .map(p -> p.asType().toString()).collect(Collectors.joining(", ")) + ")";
        }
        if (element instanceof TypeElement type) {
            return type.getQualifiedName().toString();
        }
        return element.getSimpleName().toString();
    }
}
