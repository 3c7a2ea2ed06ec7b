package io.cachedfactory.processor;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/*
 * A resource read by a compile-time constant name is data the build depends on, found in the code
 * itself: Class.getResource[AsStream] (relative to the class's package unless the name starts with
 * "/") and ClassLoader's getResource[AsStream], getResources, getSystemResource[AsStream] (always
 * absolute). The name may be a literal, a constant (static final String), or a concatenation of
 * those. For a Class-relative name, the class is the literal's (X.class.getResource) or, for any
 * other Class value (getClass()), the class holding the call.
 */

/** Finds the resources a call reads by a constant name. */
final class ResourceReads {

    private static final Set<String> RESOURCE_METHODS = Set.of("getResource",
            "getResourceAsStream", "getResources", "getSystemResource",
            "getSystemResourceAsStream");

    private final TreePath path;
    private final TypeElement enclosingType;
    private final Trees trees;
    private final Elements elements;

    private ResourceReads(TreePath path, TypeElement enclosingType, Trees trees,
            Elements elements) {
        this.path = path;
        this.enclosingType = enclosingType;
        this.trees = trees;
        this.elements = elements;
    }

    /**
     * The path of the resource the call at {@code path} reads, if it is
     * {@code Class.getResource("x")} or one of its kin with a constant name.
     *
     * @param enclosingType the class whose code holds the call
     */
    static Optional<String> of(ExecutableElement method, TreePath path,
            TypeElement enclosingType, Trees trees, Elements elements) {
        return new ResourceReads(path, enclosingType, trees, elements)
                .read(method, (MethodInvocationTree) path.getLeaf());
    }

    private Optional<String> read(ExecutableElement method, MethodInvocationTree call) {
        String owner = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
        boolean viaClass = owner.equals("java.lang.Class");
        if (!(viaClass || owner.equals("java.lang.ClassLoader"))
                || !RESOURCE_METHODS.contains(method.getSimpleName().toString())
                || call.getArguments().size() != 1) {
            return Optional.empty();
        }
        Optional<String> name = constant(call.getArguments().get(0));
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String resource = name.get();
        if (viaClass) {
            if (resource.startsWith("/")) {
                resource = resource.substring(1);
            } else {
                PackageElement pkg = elements.getPackageOf(classOfResource(call.getMethodSelect()));
                resource = pkg.isUnnamed() ? resource
                        : pkg.getQualifiedName().toString().replace('.', '/') + "/" + resource;
            }
        }
        return Optional.of(resource);
    }

    /** The class whose package a Class-relative name resolves against: X in X.class.get... */
    private TypeElement classOfResource(ExpressionTree select) {
        if (select instanceof MemberSelectTree member
                && member.getExpression() instanceof MemberSelectTree literal
                && literal.getIdentifier().contentEquals("class")) {
            Element type = trees.getElement(new TreePath(path,
                    literal.getExpression()));
            if (type instanceof TypeElement typeElement) {
                return typeElement;
            }
        }
        return enclosingType; // getClass().getResource(...) and the like
    }

    /** The value of a compile-time constant string expression, if it is one. */
    private Optional<String> constant(ExpressionTree expression) {
        if (expression instanceof LiteralTree literal && literal.getValue() instanceof String s) {
            return Optional.of(s);
        }
        if (expression instanceof ParenthesizedTree parenthesized) {
            return constant(parenthesized.getExpression());
        }
        if (expression instanceof BinaryTree binary && binary.getKind() == Tree.Kind.PLUS) {
            Optional<String> left = constant(binary.getLeftOperand());
            Optional<String> right = constant(binary.getRightOperand());
            return left.isPresent() && right.isPresent()
                    ? Optional.of(left.get() + right.get()) : Optional.empty();
        }
        Element element = trees.getElement(new TreePath(path, expression));
        if (element instanceof VariableElement variable
                && variable.getConstantValue() instanceof String s) {
            return Optional.of(s);
        }
        return Optional.empty();
    }
}
