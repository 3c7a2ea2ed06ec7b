package io.cachedfactory.processor;

import java.util.LinkedHashSet;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * What one member's code can execute next, as {@link BodyScanner} found it in its tree: the
 * reachability walk follows these edges.
 */
final class MemberEdges {

    /**
     * A call: of exactly {@code method} when {@code receiver} is null (static, private, super,
     * constructor calls), else of {@code method} or any override of it in a subtype of
     * {@code receiver}, the receiver's static type.
     */
    record Call(ExecutableElement method, TypeElement receiver) {
    }

    final Set<Call> calls = new LinkedHashSet<>();
    final Set<ExecutableElement> constructors = new LinkedHashSet<>();
    final Set<VariableElement> fields = new LinkedHashSet<>();
    /** Supertypes of anonymous classes in the member: created, so initialized. */
    final Set<TypeElement> initialized = new LinkedHashSet<>();
    /**
     * A call javac could not resolve.
     *
     * @param receiverType the simple or qualified name of the receiver's type as written, when
     *     known (a factory this round has yet to write), else null
     * @param method the method's name
     */
    record UnresolvedCall(String receiverType, String method) {
    }

    /** Calls that could not be resolved: every method of that name counts, or the factory. */
    final Set<UnresolvedCall> unresolvedCalls = new LinkedHashSet<>();
    /** Simple names of classes that could not be resolved, such as a factory not yet written. */
    final Set<String> unresolvedTypes = new LinkedHashSet<>();
    /** Paths, relative to the class path root, of resources read by a constant name. */
    final Set<String> resources = new LinkedHashSet<>();
    /** Whether {@code this} is handed to other code, which may then call any of its methods. */
    boolean thisEscapes;
}
