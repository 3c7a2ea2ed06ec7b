package io.cachedfactory.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/** Prints {@link Message}s at the element, annotation or attribute at fault and counts errors. */
final class Reporter {

    private final Messager messager;
    private int errors;

    Reporter(Messager messager) {
        this.messager = messager;
    }

    void report(Message message, Element element, Object... args) {
        count(message);
        messager.printMessage(message.kind(), message.format(args), element);
    }

    /** Reports on {@code value} of {@code annotation}, or the whole annotation if value is null. */
    void report(Message message, Element element, AnnotationMirror annotation,
            AnnotationValue value, Object... args) {
        count(message);
        if (annotation == null) {
            messager.printMessage(message.kind(), message.format(args), element);
        } else if (value == null) {
            messager.printMessage(message.kind(), message.format(args), element, annotation);
        } else {
            messager.printMessage(message.kind(), message.format(args), element, annotation,
                    value);
        }
    }

    /** Errors reported so far; a step compares counts to learn whether it reported any. */
    int errorCount() {
        return errors;
    }

    private void count(Message message) {
        if (message.kind() == javax.tools.Diagnostic.Kind.ERROR) {
            errors++;
        }
    }
}
