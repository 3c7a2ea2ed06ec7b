package io.cachedfactory.processor;

import com.palantir.javapoet.TypeName;
import io.cachedfactory.processor.FactoryModel.FactoryMethod;
import io.cachedfactory.processor.FactoryModel.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds the constructors and static methods that build a factory's objects (its "builders") and
 * turns them into {@link FactoryMethod}s, reporting on the builder at fault:
 * <ul>
 *   <li>{@code @CachedFactory} on a class makes every non-private constructor a builder, and the
 *       class needs one ({@link Message#NO_CONSTRUCTOR}); an annotated constructor or static
 *       method is not private ({@link Message#PRIVATE_MEMBER}), and a static one returns the class
 *       it is declared in ({@link Message#STATIC_RETURN});</li>
 *   <li>a builder is not generic ({@link Message#GENERIC}) and each of its parameters can be part
 *       of a persistent key, as {@link KeyTypes} decides ({@link Message#KEY}, on the
 *       parameter);</li>
 *   <li>no factory method clashes with a member every factory has, or with the state and
 *       invalidate methods of another factory method of the same erased parameter types
 *       ({@link Message#METHOD_CLASH}).</li>
 * </ul>
 * A key signature names parameter types by their simple names, or by qualified names for every
 * method when simple names would make two signatures equal.
 */
final class FactoryMethodValidator {

    /** Factory members a static method's name must not collide with. */
    private static final Set<String> RESERVED_NAMES = Set.of("state", "explain", "invalidate",
            "stats", "key", "equals", "hashCode", "toString", "getClass", "notify", "notifyAll",
            "wait", "clone", "finalize");

    private final Elements elements;
    private final Types types;
    private final KeyTypes keyTypes;
    private final Reporter reporter;

    FactoryMethodValidator(Elements elements, Types types, KeyTypes keyTypes, Reporter reporter) {
        this.elements = elements;
        this.types = types;
        this.keyTypes = keyTypes;
        this.reporter = reporter;
    }

    /**
     * The builders of {@code type}'s factory made by the {@code annotated} elements (the type
     * itself, or some of its constructors and static methods), with every problem reported.
     */
    List<ExecutableElement> builders(TypeElement type, List<Element> annotated) {
        List<ExecutableElement> builders = new ArrayList<>();
        if (annotated.contains(type)) {
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
                    reporter.report(Message.PRIVATE_MEMBER, executable,
                            ElementNames.describe(executable));
                }
                if (executable.getKind() == ElementKind.METHOD && !types.isSameType(
                        executable.getReturnType(), types.erasure(type.asType()))) {
                    reporter.report(Message.STATIC_RETURN, executable,
                            ElementNames.describe(executable), executable.getReturnType(),
                            type.getQualifiedName());
                }
                builders.add(executable);
            }
        }
        for (ExecutableElement builder : builders) {
            if (!builder.getTypeParameters().isEmpty()) {
                reporter.report(Message.GENERIC, builder, ElementNames.describe(builder));
            }
            for (VariableElement parameter : builder.getParameters()) {
                checkKeyType(parameter);
            }
        }
        return builders;
    }

    private void checkKeyType(VariableElement parameter) {
        TypeMirror type = parameter.asType();
        keyTypes.problem(type).ifPresent(problem -> {
            String because = problem.equals(type.toString()) ? "" : " because of " + problem;
            reporter.report(Message.KEY, parameter, parameter.getSimpleName(), type, because);
        });
    }

    /** One factory method per builder, in order, with clashes between them reported. */
    List<FactoryMethod> factoryMethods(TypeElement type, List<ExecutableElement> builders) {
        List<FactoryMethod> methods = factoryMethods(type, builders, false);
        if (methods.stream().map(FactoryMethod::keySignature).distinct().count()
                != methods.size()) {
            methods = factoryMethods(type, builders, true);
        }
        checkClashes(type, methods);
        return methods;
    }

    private List<FactoryMethod> factoryMethods(TypeElement type, List<ExecutableElement> builders,
            boolean qualified) {
        return builders.stream().map(builder -> factoryMethod(type, builder, qualified)).toList();
    }

    private FactoryMethod factoryMethod(TypeElement type, ExecutableElement builder,
            boolean qualified) {
        boolean constructor = builder.getKind() == ElementKind.CONSTRUCTOR;
        List<Parameter> parameters = new ArrayList<>();
        List<String> signatureTypes = new ArrayList<>();
        for (VariableElement parameter : builder.getParameters()) {
            parameters.add(new Parameter(parameter.getSimpleName().toString(),
                    TypeName.get(parameter.asType()), keyTypes.valueEqual(parameter.asType())));
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
            return signatureName(((ArrayType) erased).getComponentType(), qualified) + "[]";
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
    private void checkClashes(TypeElement type, List<FactoryMethod> methods) {
        Map<List<TypeMirror>, FactoryMethod> byParameters = new HashMap<>();
        List<List<TypeMirror>> seen = new ArrayList<>();
        for (FactoryMethod method : methods) {
            String display = method.name() + "(" + method.parameters().stream()
                    .map(p -> p.type().toString()).collect(Collectors.joining(", ")) + ")";
            String builder = ElementNames.describe(method.element());
            if (!method.constructor() && RESERVED_NAMES.contains(method.name())) {
                reporter.report(Message.METHOD_CLASH, method.element(), builder, display,
                        "a method of the same name", "every generated factory");
                continue;
            }
            List<TypeMirror> erased = method.element().getParameters().stream()
                    .map(p -> types.erasure(p.asType())).toList();
            for (List<TypeMirror> earlier : seen) {
                if (sameTypes(earlier, erased)) {
                    FactoryMethod other = byParameters.get(earlier);
                    reporter.report(Message.METHOD_CLASH, method.element(), builder, display,
                            "the state and invalidate methods made for "
                                    + ElementNames.describe(other.element()),
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
}
