package io.cachedfactory.processor;

import com.palantir.javapoet.TypeName;
import io.cachedfactory.processor.FactoryModel.FactoryMethod;
import io.cachedfactory.processor.FactoryModel.TraitsCall;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Checks the cached type's {@code @Traits} method, whose value the factory adds to every key, and
 * makes the call to it. Reported on the method:
 * <ul>
 *   <li>a class has at most one ({@link Message#TRAITS_DUPLICATE}, on each extra one);</li>
 *   <li>it is static, non-private and not generic, returns a value that can be part of a key (as
 *       {@link KeyTypes} decides), and each of its parameters is a parameter, of the same name and
 *       type, of every factory method, so that every {@code get} can pass it on
 *       ({@link Message#TRAITS}, naming the first problem found).</li>
 * </ul>
 */
final class TraitsValidator {

    private final Types types;
    private final KeyTypes keyTypes;
    private final Reporter reporter;

    TraitsValidator(Types types, KeyTypes keyTypes, Reporter reporter) {
        this.types = types;
        this.keyTypes = keyTypes;
        this.reporter = reporter;
    }

    /** The call of {@code type}'s valid {@code @Traits} method, if it has one. */
    Optional<TraitsCall> traits(TypeElement type, List<FactoryMethod> methods) {
        Optional<TraitsCall> traits = Optional.empty();
        boolean found = false;
        for (ExecutableElement method : Mirrors.methodsAnnotated(type, Mirrors.TRAITS)) {
            if (found) {
                reporter.report(Message.TRAITS_DUPLICATE, method, type.getQualifiedName());
                continue;
            }
            found = true;
            String problem = problem(method, methods);
            if (problem != null) {
                reporter.report(Message.TRAITS, method, ElementNames.describe(method), problem);
            } else {
                traits = Optional.of(new TraitsCall(method.getSimpleName().toString(),
                        method.getParameters().stream().map(p -> p.getSimpleName().toString())
                                .toList(), TypeName.get(method.getReturnType()),
                        keyTypes.valueEqual(method.getReturnType())));
            }
        }
        return traits;
    }

    /** What is wrong with {@code method}, or null if nothing is. */
    private String problem(ExecutableElement method, List<FactoryMethod> methods) {
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
                            + ElementNames.describe(factoryMethod.element());
                }
            }
        }
        return null;
    }
}
