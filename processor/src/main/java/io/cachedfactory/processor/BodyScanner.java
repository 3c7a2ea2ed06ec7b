package io.cachedfactory.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.cachedfactory.processor.MemberEdges.Call;
import io.cachedfactory.processor.MemberEdges.UnresolvedCall;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/*
 * Finds what a member's code can execute, from its tree as javac attributes it (Trees.getElement
 * attributes the enclosing class on first use, so calls are resolved exactly as the compiler
 * resolves them, overloads, generics, var and static imports included). Explicit edges: calls,
 * constructor calls (an anonymous class calls every constructor of its superclass), method
 * references, field reads and writes. Implicit ones javac hides in syntax: the iterator() of an
 * enhanced for, close() of try-with-resources, toString() of string concatenation. Lambdas, local
 * and anonymous classes are part of the member's tree, so their bodies are scanned in place.
 *
 * A call that javac could not resolve (a factory this round has yet to write, broken code) is kept
 * by name: the walk then reaches every method of that name, or the factory of that class.
 */

/** Scans one member's tree for its {@link MemberEdges}. */
final class BodyScanner extends TreePathScanner<Void, Void> {

    private final Trees trees;
    private final Elements elements;
    private final TypeElement enclosingType;
    private final BiConsumer<TreePath, SuspectCalls.Kind> suspects;
    private final MemberEdges edges = new MemberEdges();

    private BodyScanner(Trees trees, Elements elements, TypeElement enclosingType,
            BiConsumer<TreePath, SuspectCalls.Kind> suspects) {
        this.trees = trees;
        this.elements = elements;
        this.enclosingType = enclosingType;
        this.suspects = suspects;
    }

    /**
     * The edges of the member at {@code path}, a member of {@code enclosingType}.
     *
     * @param suspects told of each call the fingerprint cannot see through
     */
    static MemberEdges scan(TreePath path, TypeElement enclosingType, Trees trees,
            Elements elements, BiConsumer<TreePath, SuspectCalls.Kind> suspects) {
        attribute(path, trees);
        BodyScanner scanner = new BodyScanner(trees, elements, enclosingType, suspects);
        scanner.scan(path, null);
        return scanner.edges;
    }

    /**
     * Makes javac attribute the class holding {@code path} now: {@link Trees#getElement} does so
     * when it meets a tree without a symbol, and types ({@link Trees#getTypeMirror}) are only
     * there afterwards.
     */
    private static void attribute(TreePath path, Trees trees) {
        new TreePathScanner<Void, Void>() {
            private boolean done;

            @Override
            public Void visitIdentifier(IdentifierTree tree, Void unused) {
                if (!done) {
                    done = true;
                    trees.getElement(getCurrentPath());
                }
                return null;
            }
        }.scan(path, null);
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        ExpressionTree select = tree.getMethodSelect();
        if (element instanceof ExecutableElement method) {
            TypeElement receiver = isDirect(method, select) ? null : receiverType(select, method);
            edges.calls.add(new Call(method, receiver));
            suspect(method);
            ResourceReads.of(method, getCurrentPath(), enclosingType, trees, elements)
                    .ifPresent(edges.resources::add);
        } else {
            unresolved(select);
        }
        return super.visitMethodInvocation(tree, unused);
    }

    @Override
    public Void visitNewClass(NewClassTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        if (tree.getClassBody() != null) {
            // An anonymous class: its body is scanned below; it runs a superclass constructor.
            Element supertype = trees.getElement(new TreePath(getCurrentPath(),
                    tree.getIdentifier()));
            if (supertype instanceof TypeElement type) {
                edges.initialized.add(type);
                ElementFilter.constructorsIn(type.getEnclosedElements())
                        .forEach(edges.constructors::add);
            }
        } else if (element instanceof ExecutableElement constructor) {
            edges.constructors.add(constructor);
            suspect(constructor);
        } else {
            edges.unresolvedTypes.add(tree.getIdentifier().toString());
        }
        return super.visitNewClass(tree, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        if (element instanceof ExecutableElement method) {
            if (method.getKind() == ElementKind.CONSTRUCTOR) {
                edges.constructors.add(method);
            } else {
                boolean direct = isStaticOrFinal(method)
                        || isSuper(tree.getQualifierExpression());
                edges.calls.add(new Call(method, direct ? null
                        : typeOf(tree.getQualifierExpression()).orElse(owner(method))));
            }
            suspect(method);
        } else {
            edges.unresolvedCalls.add(new UnresolvedCall(
                    unresolvedTypeName(tree.getQualifierExpression()), tree.getName().toString()));
        }
        return super.visitMemberReference(tree, unused);
    }

    @Override
    public Void visitIdentifier(IdentifierTree tree, Void unused) {
        if (isThis(tree) && !isMemberAccessOrSelfCall(tree)) {
            edges.thisEscapes = true; // passed, assigned, returned, stored in an array...
        }
        field(trees.getElement(getCurrentPath()));
        return super.visitIdentifier(tree, unused);
    }

    /** {@code this.x}, {@code this.m()} or {@code this(...)}: uses that hand nothing out. */
    private boolean isMemberAccessOrSelfCall(IdentifierTree self) {
        Tree parent = getCurrentPath().getParentPath().getLeaf();
        return (parent instanceof MemberSelectTree select && select.getExpression() == self)
                || (parent instanceof MethodInvocationTree call && call.getMethodSelect() == self);
    }

    @Override
    public Void visitMemberSelect(MemberSelectTree tree, Void unused) {
        field(trees.getElement(getCurrentPath()));
        return super.visitMemberSelect(tree, unused);
    }

    @Override
    public Void visitAnnotation(AnnotationTree tree, Void unused) {
        return null; // annotations run no code
    }

    @Override
    public Void visitEnhancedForLoop(EnhancedForLoopTree tree, Void unused) {
        implicitCall(tree.getExpression(), "iterator");
        return super.visitEnhancedForLoop(tree, unused);
    }

    @Override
    public Void visitTry(TryTree tree, Void unused) {
        for (Tree resource : tree.getResources()) {
            implicitCall(resource instanceof VariableTree variable ? variable.getType() : resource,
                    "close");
        }
        return super.visitTry(tree, unused);
    }

    @Override
    public Void visitBinary(BinaryTree tree, Void unused) {
        if (tree.getKind() == Tree.Kind.PLUS && isString(getCurrentPath())) {
            stringConversion(tree.getLeftOperand());
            stringConversion(tree.getRightOperand());
        }
        return super.visitBinary(tree, unused);
    }

    @Override
    public Void visitCompoundAssignment(CompoundAssignmentTree tree, Void unused) {
        if (tree.getKind() == Tree.Kind.PLUS_ASSIGNMENT
                && isString(new TreePath(getCurrentPath(), tree.getVariable()))) {
            stringConversion(tree.getExpression());
        }
        return super.visitCompoundAssignment(tree, unused);
    }

    private void field(Element element) {
        if (element instanceof VariableElement variable
                && (variable.getKind() == ElementKind.FIELD
                        || variable.getKind() == ElementKind.ENUM_CONSTANT)) {
            edges.fields.add(variable);
        }
        // A class named as a type runs nothing: only its members, reached as such, do.
    }

    private void unresolved(ExpressionTree select) {
        if (select instanceof MemberSelectTree member) {
            edges.unresolvedCalls.add(new UnresolvedCall(
                    unresolvedTypeName(member.getExpression()),
                    member.getIdentifier().toString()));
        } else if (select instanceof IdentifierTree identifier) {
            edges.unresolvedCalls.add(new UnresolvedCall(null, identifier.getName().toString()));
        }
    }

    /** The name of a type javac could not find, as the code writes it, if that is the case. */
    private String unresolvedTypeName(ExpressionTree expression) {
        TypeMirror type = trees.getTypeMirror(new TreePath(getCurrentPath(), expression));
        if (type != null && type.getKind() == TypeKind.ERROR) {
            return type.toString();
        }
        if (expression instanceof NewClassTree created) {
            return created.getIdentifier().toString();
        }
        if (expression instanceof IdentifierTree identifier
                && trees.getElement(new TreePath(getCurrentPath(), expression)) == null) {
            return identifier.getName().toString(); // a static call on a missing class
        }
        return null;
    }

    private void suspect(ExecutableElement method) {
        SuspectCalls.of(method).ifPresent(kind -> suspects.accept(getCurrentPath(), kind));
    }

    /** A call javac writes for syntax: {@code name()} on the type of {@code expression}. */
    private void implicitCall(Tree expression, String name) {
        Optional<TypeElement> type = typeOf(expression);
        if (type.isEmpty()) {
            return;
        }
        for (Element member : elements.getAllMembers(type.get())) {
            if (member instanceof ExecutableElement method
                    && method.getKind() == ElementKind.METHOD
                    && method.getSimpleName().contentEquals(name)
                    && method.getParameters().isEmpty()) {
                edges.calls.add(new Call(method, type.get()));
            }
        }
    }

    private void stringConversion(ExpressionTree operand) {
        Optional<TypeElement> type = typeOf(operand);
        if (type.isPresent() && !type.get().getQualifiedName().contentEquals("java.lang.String")) {
            implicitCall(operand, "toString");
        }
    }

    private boolean isString(TreePath path) {
        TypeMirror type = trees.getTypeMirror(path);
        return type != null && type.getKind() == TypeKind.DECLARED
                && type.toString().equals("java.lang.String");
    }

    private Optional<TypeElement> typeOf(Tree expression) {
        if (expression == null) {
            return Optional.empty();
        }
        TypeMirror type = trees.getTypeMirror(new TreePath(getCurrentPath(), expression));
        if (type instanceof DeclaredType declared
                && declared.asElement() instanceof TypeElement element) {
            return Optional.of(element);
        }
        if (type != null && type.getKind() == TypeKind.TYPEVAR) {
            TypeMirror bound = ((javax.lang.model.type.TypeVariable) type).getUpperBound();
            if (bound instanceof DeclaredType declared
                    && declared.asElement() instanceof TypeElement element) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    /** Whether the call runs exactly {@code method}: no override can take its place. */
    private boolean isDirect(ExecutableElement method, ExpressionTree select) {
        if (method.getKind() == ElementKind.CONSTRUCTOR || isStaticOrFinal(method)) {
            return true;
        }
        return select instanceof MemberSelectTree member && isSuper(member.getExpression());
    }

    private static boolean isStaticOrFinal(ExecutableElement method) {
        Set<Modifier> modifiers = method.getModifiers();
        return modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.PRIVATE)
                || modifiers.contains(Modifier.FINAL)
                || owner(method).getModifiers().contains(Modifier.FINAL);
    }

    private TypeElement receiverType(ExpressionTree select, ExecutableElement method) {
        if (select instanceof MemberSelectTree member) {
            return typeOf(member.getExpression()).orElse(owner(method));
        }
        return enclosingType; // an unqualified call: on this object, whose class may be a subtype
    }

    private static TypeElement owner(ExecutableElement method) {
        return (TypeElement) method.getEnclosingElement();
    }

    private static boolean isSuper(ExpressionTree expression) {
        return (expression instanceof IdentifierTree identifier
                && identifier.getName().contentEquals("super"))
                || (expression instanceof MemberSelectTree member
                        && member.getIdentifier().contentEquals("super"));
    }

    private static boolean isThis(ExpressionTree expression) {
        return expression instanceof IdentifierTree identifier
                && identifier.getName().contentEquals("this");
    }
}
