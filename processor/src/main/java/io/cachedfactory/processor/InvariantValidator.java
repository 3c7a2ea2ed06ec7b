package io.cachedfactory.processor;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;

/**
 * Checks the cached type's {@code @Invariant} methods, which a stored copy must pass before it is
 * served: each is a non-private, non-static, non-generic method without parameters returning
 * {@code boolean}, since the factory calls it on the loaded object ({@link Message#INVARIANT}, on
 * the method, naming the first problem found).
 */
final class InvariantValidator {

    private final Reporter reporter;

    InvariantValidator(Reporter reporter) {
        this.reporter = reporter;
    }

    /** The names of {@code type}'s valid {@code @Invariant} methods, in source order. */
    List<String> invariants(TypeElement type) {
        List<String> invariants = new ArrayList<>();
        for (ExecutableElement method : Mirrors.methodsAnnotated(type, Mirrors.INVARIANT)) {
            String problem = problem(method);
            if (problem != null) {
                reporter.report(Message.INVARIANT, method, ElementNames.describe(method),
                        problem);
            } else {
                invariants.add(method.getSimpleName().toString());
            }
        }
        return List.copyOf(invariants);
    }

    /** What is wrong with {@code method}, or null if nothing is. */
    private static String problem(ExecutableElement method) {
        if (method.getModifiers().contains(Modifier.STATIC)) {
            return "it is static";
        }
        if (method.getModifiers().contains(Modifier.PRIVATE)) {
            return "it is private";
        }
        if (!method.getParameters().isEmpty()) {
            return "it takes parameters";
        }
        if (!method.getTypeParameters().isEmpty()) {
            return "it is generic";
        }
        if (method.getReturnType().getKind() != TypeKind.BOOLEAN) {
            return "it returns " + method.getReturnType();
        }
        return null;
    }
}
