package io.cachedfactory.processor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What the reach analysis asks about classes: which implementation a virtual call may run
 * (class hierarchy analysis), which overrides code outside the analysis may call, which classes are
 * the JDK's, and the JVM names of classes and methods, to find them in class files.
 */
final class ClassHierarchy {

    private final Elements elements;
    private final Types types;
    /** Every method a class has, inherited ones included, by name. */
    private final Map<TypeElement, Map<String, List<ExecutableElement>>> methods = new HashMap<>();

    ClassHierarchy(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /**
     * The methods a call of {@code method} on a {@code receiver} may run instead of it: in every
     * class of {@code candidates} that is a subtype of the receiver, the implementation that class
     * has (declared or inherited, say from a superclass outside the receiver's hierarchy).
     */
    List<ExecutableElement> overrides(ExecutableElement method, TypeElement receiver,
            Collection<TypeElement> candidates) {
        TypeMirror receiverType = types.erasure(receiver.asType());
        String name = method.getSimpleName().toString();
        List<ExecutableElement> found = new ArrayList<>();
        for (TypeElement type : candidates) {
            if (isInsideMember(type)
                    || !types.isSubtype(types.erasure(type.asType()), receiverType)) {
                continue;
            }
            for (ExecutableElement candidate : methodsOf(type).getOrDefault(name, List.of())) {
                if (!candidate.equals(method) && elements.overrides(candidate, method, type)) {
                    found.add(candidate);
                }
            }
        }
        return found;
    }

    /** Whether {@code method} of {@code type} overrides a method of a class {@code outside}. */
    boolean overridesOutside(ExecutableElement method, TypeElement type,
            Predicate<TypeElement> outside) {
        Deque<TypeMirror> supertypes = new ArrayDeque<>(types.directSupertypes(type.asType()));
        Set<Element> visited = new HashSet<>();
        while (!supertypes.isEmpty()) {
            TypeMirror supertype = supertypes.removeFirst();
            if (!(supertype instanceof DeclaredType declared)
                    || !(declared.asElement() instanceof TypeElement element)
                    || !visited.add(element)) {
                continue;
            }
            if (outside.test(element)) {
                for (ExecutableElement candidate
                        : ElementFilter.methodsIn(element.getEnclosedElements())) {
                    if (candidate.getSimpleName().equals(method.getSimpleName())
                            && elements.overrides(method, candidate, type)) {
                        return true;
                    }
                }
            }
            supertypes.addAll(types.directSupertypes(supertype));
        }
        return false;
    }

    /** Whether deserializing {@code type} calls its no-argument constructor (Externalizable). */
    boolean isExternalizable(TypeElement type) {
        TypeElement externalizable = elements.getTypeElement("java.io.Externalizable");
        return externalizable != null && types.isSubtype(type.asType(),
                types.erasure(externalizable.asType()));
    }

    /** False for javac's stand-ins, such as the class holding an array's length. */
    boolean isNamedClass(TypeElement type) {
        Element enclosing = type.getEnclosingElement();
        while (enclosing instanceof TypeElement outer) {
            enclosing = outer.getEnclosingElement();
        }
        return enclosing instanceof PackageElement;
    }

    /** A local or anonymous class: part of the member whose text holds it. */
    boolean isInsideMember(TypeElement type) {
        NestingKind nesting = type.getNestingKind();
        return nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS;
    }

    /**
     * Whether {@code type}'s code is named, never hashed: a class of a JDK module, or one
     * {@link ClassFileReach#isPlatform} names.
     */
    boolean isPlatform(TypeElement type) {
        ModuleElement module = elements.getModuleOf(type);
        if (module != null && !module.isUnnamed()) {
            String name = module.getQualifiedName().toString();
            if (name.startsWith("java.") || name.startsWith("jdk.")) {
                return true;
            }
        }
        return ClassFileReach.isPlatform(internalName(type));
    }

    /** The JVM internal name, such as {@code com/acme/Outer$Inner}. */
    String internalName(TypeElement type) {
        return elements.getBinaryName(type).toString().replace('.', '/');
    }

    /** The JVM descriptor of {@code method}'s erased signature, as in its class file. */
    String descriptor(ExecutableElement method) {
        StringBuilder descriptor = new StringBuilder("(");
        method.getParameters().forEach(p -> descriptor.append(descriptor(p.asType())));
        return descriptor.append(')').append(descriptor(method.getReturnType())).toString();
    }

    private String descriptor(TypeMirror type) {
        TypeMirror erased = types.erasure(type);
        return switch (erased.getKind()) {
            case BOOLEAN -> "Z";
            case BYTE -> "B";
            case CHAR -> "C";
            case SHORT -> "S";
            case INT -> "I";
            case LONG -> "J";
            case FLOAT -> "F";
            case DOUBLE -> "D";
            case VOID -> "V";
            case ARRAY -> "[" + descriptor(((ArrayType) erased).getComponentType());
            case DECLARED -> "L" + internalName((TypeElement) ((DeclaredType) erased).asElement())
                    + ";";
            default -> "Ljava/lang/Object;";
        };
    }

    private Map<String, List<ExecutableElement>> methodsOf(TypeElement type) {
        return methods.computeIfAbsent(type, t -> {
            Map<String, List<ExecutableElement>> byName = new HashMap<>();
            for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(t))) {
                byName.computeIfAbsent(method.getSimpleName().toString(),
                        n -> new ArrayList<>()).add(method);
            }
            return byName;
        });
    }
}
