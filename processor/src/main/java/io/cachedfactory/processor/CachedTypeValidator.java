package io.cachedfactory.processor;

import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Checks the class whose objects a factory caches, reported on that class:
 * <ul>
 *   <li>built with a constructor (annotated class or constructor), it is a concrete class or
 *       record: not an interface, enum, annotation type or abstract class
 *       ({@link Message#NOT_CONCRETE}); a static method may return an abstract type;</li>
 *   <li>it is top-level or static nested, not local, anonymous or inner
 *       ({@link Message#LOCAL_CLASS}, {@link Message#INNER_CLASS});</li>
 *   <li>neither it nor a class enclosing it is private ({@link Message#PRIVATE_TYPE});</li>
 *   <li>it declares no type parameters ({@link Message#GENERIC});</li>
 *   <li>its instance fields are final, a warning only, since cached objects are shared and
 *       stored ({@link Message#MUTABLE_FIELD}).</li>
 * </ul>
 */
final class CachedTypeValidator {

    private final Reporter reporter;

    CachedTypeValidator(Reporter reporter) {
        this.reporter = reporter;
    }

    /** Reports every error in the declaration of {@code type}. */
    void check(TypeElement type, boolean buildsWithConstructor) {
        if (buildsWithConstructor) {
            checkConcrete(type);
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

    private void checkConcrete(TypeElement type) {
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

    /** Warns about each non-final instance field of {@code type}. */
    void warnAboutMutableFields(TypeElement type) {
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            Set<Modifier> modifiers = field.getModifiers();
            if (!modifiers.contains(Modifier.FINAL) && !modifiers.contains(Modifier.STATIC)) {
                reporter.report(Message.MUTABLE_FIELD, field, field.getSimpleName(),
                        type.getSimpleName());
            }
        }
    }
}
