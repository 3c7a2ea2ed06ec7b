package io.cachedfactory.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/*
 * A warning goes on the call site, once per compilation even when several factories reach it,
 * naming the first factory that does. @SuppressWarnings("cachedfactory") on the member, or on any
 * class around it, silences it: javac ignores keys it does not know, so the processor looks for it
 * itself.
 */

/** Reports the calls the fingerprint cannot see through, where they are in the source. */
final class CallSiteWarnings {

    static final String SUPPRESSION_KEY = "cachedfactory";

    private final Trees trees;
    private final Set<Tree> reported = new HashSet<>();
    private String factory = "";

    CallSiteWarnings(Trees trees) {
        this.trees = trees;
    }

    /** Names the factory whose reach is computed next, for the messages. */
    void forFactory(String factoryName) {
        this.factory = factoryName;
    }

    /** Warns about the call at {@code path}, unless suppressed or already reported. */
    void report(TreePath path, SuspectCalls.Kind kind) {
        if (isSuppressed(path) || !reported.add(path.getLeaf())) {
            return;
        }
        Element called = trees.getElement(path);
        String what = describe(called);
        Message message = kind == SuspectCalls.Kind.DYNAMIC ? Message.DYNAMIC_EDGE
                : Message.OUTSIDE_INPUT;
        String text = kind == SuspectCalls.Kind.DYNAMIC ? message.format(what, factory)
                : message.format(what, inputKind(called), factory);
        trees.printMessage(message.kind(), text, path.getLeaf(), path.getCompilationUnit());
    }

    private boolean isSuppressed(TreePath path) {
        for (TreePath p = path; p != null; p = p.getParentPath()) {
            Tree leaf = p.getLeaf();
            if (leaf instanceof MethodTree || leaf instanceof ClassTree
                    || leaf instanceof VariableTree) {
                Element element = trees.getElement(p);
                SuppressWarnings suppress = element == null ? null
                        : element.getAnnotation(SuppressWarnings.class);
                if (suppress != null && List.of(suppress.value()).contains(SUPPRESSION_KEY)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(Element called) {
        if (called instanceof ExecutableElement method
                && method.getEnclosingElement() instanceof TypeElement owner) {
            String name = method.getSimpleName().contentEquals("<init>")
                    ? "new " + owner.getSimpleName() + "(...)"
                    : owner.getSimpleName() + "." + method.getSimpleName() + "(...)";
            return name;
        }
        return "this call";
    }

    private static String inputKind(Element called) {
        String owner = called != null && called.getEnclosingElement() instanceof TypeElement t
                ? t.getQualifiedName().toString() : "";
        String name = called == null ? "" : called.getSimpleName().toString();
        if (owner.startsWith("java.time") || name.equals("currentTimeMillis")
                || name.equals("nanoTime") || owner.equals("java.util.Date")) {
            return "the clock";
        }
        if (name.equals("getenv")) {
            return "an environment variable";
        }
        if (name.startsWith("getProperty") || name.equals("getProperties")
                || name.equals("getInteger") || name.equals("getLong")
                || name.equals("getBoolean")) {
            return "a system property";
        }
        if (owner.startsWith("java.net")) {
            return "the network";
        }
        return "a file";
    }
}
