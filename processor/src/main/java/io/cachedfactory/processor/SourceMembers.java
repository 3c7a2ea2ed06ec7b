package io.cachedfactory.processor;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.cachedfactory.common.FingerprintDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/*
 * A class of this compilation, cut into the members the fingerprint hashes one by one:
 *
 *   class        the declaration up to its body's "{": modifiers and annotations, name, type
 *                parameters, record components, extends and implements
 *   <field>      a field's whole declaration, initializer included (an enum constant with its body)
 *   static{}     a static initializer block (static{}2, static{}3 ... for later ones)
 *   {}           an instance initializer block ({}2, {}3 ...)
 *   m(int,List)  a method or constructor (constructors under the class's simple name), by its
 *                erased parameter types, java.lang types by simple name
 *
 * A member's hash is SHA-256 over its normalized tokens (SourceNormalizer), with the cache
 * annotations cut as in the whole-file hash: comments, whitespace, line breaks and Javadoc never
 * count. Nested classes are classes of their own; local and anonymous classes and lambdas are part
 * of the member whose text holds them. A constructor javac adds (the default constructor of a class
 * without one) has no text: it hashes as a fixed word, and calls its superclass's no-argument
 * constructor like any constructor without an explicit this(...) or super(...).
 */

/** The members of one class compiled from source, each with the hash of its normalized text. */
final class SourceMembers {

    /** The name of the class-declaration member. */
    static final String HEADER = "class";

    private final TypeElement type;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<Element, Member> byElement = new LinkedHashMap<>();
    private final List<Member> staticInitializers = new ArrayList<>();
    private final List<Member> instanceInitializers = new ArrayList<>();

    /**
     * One member.
     *
     * @param name as listed in the class note
     * @param hash hex SHA-256 of its normalized text
     * @param path its tree, to scan for what it reaches; null for the declaration and for a
     *     member javac added
     */
    record Member(String name, String hash, TreePath path) {
    }

    private SourceMembers(TypeElement type) {
        this.type = type;
    }

    /** The members of {@code type}, or empty when it is not compiled from source here. */
    static Optional<SourceMembers> of(TypeElement type, Trees trees, Elements elements,
            Types types) {
        TreePath classPath = trees.getPath(type);
        if (classPath == null || !(classPath.getLeaf() instanceof ClassTree classTree)) {
            return Optional.empty();
        }
        CompilationUnitTree unit = classPath.getCompilationUnit();
        String text;
        try {
            text = unit.getSourceFile().getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SourcePositions positions = trees.getSourcePositions();
        SourceMembers result = new SourceMembers(type);
        // The declaration runs no code of its own: hashed, never scanned.
        result.add(HEADER, header(classTree, unit, positions, text), null, null);
        int statics = 0;
        int instances = 0;
        for (Tree member : classTree.getMembers()) {
            TreePath path = new TreePath(classPath, member);
            if (member instanceof BlockTree block) {
                String name = block.isStatic() ? "static{}" + suffix(++statics)
                        : "{}" + suffix(++instances);
                Member added = result.add(name, slice(member, unit, positions, text), path, null);
                (block.isStatic() ? result.staticInitializers : result.instanceInitializers)
                        .add(added);
            } else if (member instanceof VariableTree || member instanceof MethodTree) {
                Element element = trees.getElement(path);
                if (element == null) {
                    continue;
                }
                String name = memberName(element, elements, types);
                String source = slice(member, unit, positions, text);
                if (isMandated(element, elements) || source.isEmpty()) {
                    result.add(name, "", null, element);
                } else {
                    result.add(name, source, path, element);
                }
            }
        }
        return Optional.of(result);
    }

    /** The class these members belong to. */
    TypeElement type() {
        return type;
    }

    /** Every member, in source order (the declaration first). */
    Iterable<Member> all() {
        return members.values();
    }

    /** The class declaration. */
    Member header() {
        return members.get(HEADER);
    }

    /** The member declaring {@code element}, if it has source here. */
    Optional<Member> member(Element element) {
        return Optional.ofNullable(byElement.get(element));
    }

    /** Static initializer blocks and static fields: what initializing the class runs. */
    List<Member> classInitialization() {
        List<Member> result = new ArrayList<>(staticInitializers);
        byElement.forEach((element, member) -> {
            if (element.getKind().isField() && element.getModifiers().contains(Modifier.STATIC)) {
                result.add(member);
            }
        });
        return result;
    }

    /** Instance initializer blocks and instance fields: what every constructor runs first. */
    List<Member> instanceInitialization() {
        List<Member> result = new ArrayList<>(instanceInitializers);
        byElement.forEach((element, member) -> {
            if (element.getKind() == ElementKind.FIELD
                    && !element.getModifiers().contains(Modifier.STATIC)) {
                result.add(member);
            }
        });
        return result;
    }

    private Member add(String name, String source, TreePath path, Element element) {
        String hash = hash(source);
        Member member = new Member(name, hash, path);
        members.put(name, member);
        if (element != null) {
            byElement.put(element, member);
        }
        return member;
    }

    private static String hash(String source) {
        String normalized = CacheAnnotations.cut(
                SourceNormalizer.normalize(source));
        return FingerprintDigest.sha256Hex(normalized.getBytes(StandardCharsets.UTF_8));
    }

    private static String suffix(int ordinal) {
        return ordinal == 1 ? "" : Integer.toString(ordinal);
    }

    /** The member's name as listed in the class note. */
    static String memberName(Element element, Elements elements, Types types) {
        if (element instanceof ExecutableElement executable) {
            String name = executable.getKind() == ElementKind.CONSTRUCTOR
                    ? executable.getEnclosingElement().getSimpleName().toString()
                    : executable.getSimpleName().toString();
            StringBuilder signature = new StringBuilder(name).append('(');
            List<? extends VariableElement> parameters = executable.getParameters();
            for (int i = 0; i < parameters.size(); i++) {
                signature.append(i == 0 ? "" : ",")
                        .append(typeName(types.erasure(parameters.get(i).asType())));
            }
            return signature.append(')').toString();
        }
        return element.getSimpleName().toString();
    }

    private static String typeName(TypeMirror erased) {
        String name = erased.toString();
        return name.startsWith("java.lang.") && name.indexOf('.', 10) < 0
                ? name.substring(10) : name;
    }

    private static boolean isMandated(Element element, Elements elements) {
        return elements.getOrigin(element) != Elements.Origin.EXPLICIT;
    }

    /** The declaration's text from its first modifier to the "{" that opens its body. */
    private static String header(ClassTree tree, CompilationUnitTree unit,
            SourcePositions positions, String text) {
        long start = positions.getStartPosition(unit, tree);
        // The body's "{" comes after the modifiers (whose annotations may hold braces), type
        // parameters, record components, extends and implements.
        long headEnd = Math.max(start, positions.getEndPosition(unit, tree.getModifiers()));
        List<Tree> parts = new ArrayList<>(tree.getTypeParameters());
        parts.add(tree.getExtendsClause());
        parts.addAll(tree.getImplementsClause());
        if (tree.getKind() == Tree.Kind.RECORD) {
            for (Tree member : tree.getMembers()) {
                if (member instanceof VariableTree field
                        && !field.getModifiers().getFlags().contains(Modifier.STATIC)) {
                    parts.add(field); // a record's instance fields are its components
                }
            }
        }
        for (Tree part : parts) {
            if (part != null) {
                headEnd = Math.max(headEnd, positions.getEndPosition(unit, part));
            }
        }
        int brace = start < 0 ? -1 : text.indexOf('{', (int) headEnd);
        return brace < 0 ? "" : text.substring((int) start, brace);
    }

    private static String slice(Tree tree, CompilationUnitTree unit, SourcePositions positions,
            String text) {
        long start = positions.getStartPosition(unit, tree);
        long end = positions.getEndPosition(unit, tree);
        if (start < 0 || end <= start || end > text.length()) {
            return "";
        }
        return text.substring((int) start, (int) end);
    }

    /** Whether a constructor's body starts with this(...) or super(...) as written. */
    static boolean startsWithConstructorCall(TreePath constructor) {
        if (!(constructor.getLeaf() instanceof MethodTree method) || method.getBody() == null) {
            return false;
        }
        BlockTree body = method.getBody();
        if (body.getStatements().isEmpty()) {
            return false;
        }
        StatementTree first = body.getStatements().get(0);
        return first instanceof ExpressionStatementTree statement
                && statement.getExpression() instanceof MethodInvocationTree call
                && call.getMethodSelect() instanceof IdentifierTree name
                && (name.getName().contentEquals("this") || name.getName().contentEquals("super"));
    }
}
