package io.cachedfactory.processor;

import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * How messages name the element at fault, so that every validator names a constructor, method or
 * type the same way.
 */
final class ElementNames {

    private ElementNames() {
    }

    /**
     * A constructor or method as {@code Table(java.lang.String, int)} or {@code load()}, a type by
     * its qualified name, anything else by its simple name.
     */
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
