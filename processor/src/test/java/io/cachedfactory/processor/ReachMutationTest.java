package io.cachedfactory.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import io.cachedfactory.CachedFactory;
import io.cachedfactory.runtime.CacheStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, acceptance 2, as mutation testing: a realistic project (a cached {@code PriceModel}
 * and 14 other classes in {@code src/test/resources/mutation}) is cut into members by the test
 * itself, with the javac Tree API and the naming of {@link SourceMembers}; every member gets one
 * mutation and the project is compiled again. A mutation in a member the reach holds must change
 * VERSION; a mutation in a member no build of a {@code PriceModel} executes must keep it. Which
 * members those are is written down below from reading the project, so a member the analysis
 * misses fails the test, and so does an over-approximation that is not the known one.
 *
 * <p>A member's mutation is the first of these that compiles: an int literal {@code n} becomes
 * {@code n+1}, a string literal gains a character, {@code +}/{@code -} and {@code <}/{@code <=}
 * (and {@code >}/{@code >=}) swap; else a {@code ;} opens the body, a field becomes
 * {@code transient}, an abstract method's parameter is renamed, a class declaration becomes
 * {@code strictfp}; else, for a record component or an abstract method without parameters,
 * {@code @Deprecated} is added. The project is compiled with the processor, {@code -proc:only},
 * in this JVM; the mutated file is restored after each mutant.
 */
class ReachMutationTest {

    static final Path PROJECT = Path.of("src", "test", "resources", "mutation");
    static final String FACTORY = "com.acme.PriceModelFactory";

    /**
     * Members that no build of a PriceModel executes (nor any code the JDK runs for it), whatever
     * its region, products and buckets: read off the project. Every other member is reached.
     */
    static final Set<String> NOTHING_REACHES = Set.of(
            // The cached type's API for its users, and the overload tests use.
            "com.acme.PriceModel#PriceModel(com.acme.pricing.Region,java.util.List,long[][])",
            "com.acme.PriceModel#unitCents(String,int)",
            "com.acme.PriceModel#region()",
            "com.acme.PriceModel#describe()",
            "com.acme.PriceModel#toString()",
            // A class only the reporting job uses.
            "com.acme.PriceReport#class",
            "com.acme.PriceReport#HEADER",
            "com.acme.PriceReport#lines",
            "com.acme.PriceReport#model",
            "com.acme.PriceReport#{}",
            "com.acme.PriceReport#PriceReport(com.acme.PriceModel)",
            "com.acme.PriceReport#add(String,int)",
            "com.acme.PriceReport#render()",
            "com.acme.PriceReport#debug(com.acme.PriceModel)",
            // Display and debug helpers, unused overloads and private constructors of
            // utility classes.
            "com.acme.pricing.Region#displayName()",
            "com.acme.pricing.Region#vatPercent()",
            "com.acme.pricing.Money#plus(com.acme.pricing.Money)",
            "com.acme.pricing.Money#format()",
            "com.acme.pricing.Catalog#size()",
            "com.acme.pricing.Catalog.Entry#toString()",
            "com.acme.pricing.PricingRule#name()",
            "com.acme.pricing.AbstractRule#explain()",
            "com.acme.pricing.TieredRule#table()",
            "com.acme.pricing.Tier#withDiscount(double)",
            "com.acme.pricing.Tier#toString()",
            "com.acme.pricing.Rules#Rules()",
            "com.acme.pricing.Rules#experimental(double)",
            "com.acme.util.Quantities#Quantities()",
            "com.acme.util.Quantities#bucketStart(int,int)",
            "com.acme.util.Quantities#bucketOf(int)",
            "com.acme.util.Quantities#label(int)",
            "com.acme.util.Rounding#Rounding()",
            "com.acme.util.Rounding#roundUp(double,int)",
            // An implementation of PricingRule no region selects.
            "com.acme.pricing.ExperimentalRule#class",
            "com.acme.pricing.ExperimentalRule#markup",
            "com.acme.pricing.ExperimentalRule#ExperimentalRule(double)",
            "com.acme.pricing.ExperimentalRule#price(com.acme.pricing.Catalog.Entry,int)");

    /**
     * Members of {@link #NOTHING_REACHES} the analysis reaches all the same, as its class note
     * says it must; their mutations change VERSION.
     */
    static final Set<String> OVER_APPROXIMATED = Set.of(
            // Catalog.Entry and Tier are instantiated in reached code, and code outside the
            // analysis (the JDK) may call any method they override from outside: toString() here.
            // Nothing does, but only a whole-program analysis of the JDK could tell.
            "com.acme.pricing.Catalog.Entry#toString()",
            "com.acme.pricing.Tier#toString()",
            // Class hierarchy analysis: rule.price(...) on a PricingRule reaches every
            // implementation compiled here, ExperimentalRule's too, although nothing reached
            // instantiates it (only the unreached Rules.experimental does); reaching its method
            // initializes its class, so the declaration counts as well, and so does the field
            // the method reads. Its constructor stays out.
            "com.acme.pricing.ExperimentalRule#price(com.acme.pricing.Catalog.Entry,int)",
            "com.acme.pricing.ExperimentalRule#class",
            "com.acme.pricing.ExperimentalRule#markup");

    private static final Pattern LISTED = Pattern.compile("\\.add\\(\"source:([^\"#]+#[^\"]+)\"");
    private static final Pattern DECIMAL = Pattern.compile("([0-9]+)([lL]?)");

    @TempDir
    Path directory;

    /** One edit of a source file: text[start, end) becomes {@code replacement}. */
    record Mutation(String what, int start, int end, String replacement) {
        String apply(String text) {
            return text.substring(0, start) + replacement + text.substring(end);
        }
    }

    /** A member as SourceMembers names it, with the mutations to try, best first. */
    record Member(String name, String file, List<Mutation> mutations) {
    }

    /** What mutating one member did: {@code mutation} null when none compiled. */
    record Outcome(Member member, Mutation mutation, boolean changed) {
    }

    @Test
    void oneTokenMutation_changesVersionExactlyWhenTheMemberIsReached() throws IOException {
        TestProject project = new TestProject(directory.resolve("project"));
        Map<String, String> sources = sources();
        sources.forEach(project::source);
        String baseline = project.compile(false).version(FACTORY);
        Set<String> listed = listed(project.generatedSource(FACTORY));
        List<Member> members = members(project.sources, sources.keySet());
        Set<String> names = members.stream().map(Member::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(names.containsAll(NOTHING_REACHES), () -> "not members of the project: "
                + difference(NOTHING_REACHES, names));
        assertTrue(NOTHING_REACHES.containsAll(OVER_APPROXIMATED));

        List<String> failures = new ArrayList<>();
        // Without mutations: the fingerprint lists every reached member and exactly the known
        // over-approximations of the others.
        for (String name : names) {
            boolean expected = !NOTHING_REACHES.contains(name) || OVER_APPROXIMATED.contains(name);
            if (expected && !listed.contains(name)) {
                failures.add(name + ": reached, but the fingerprint does not list it");
            } else if (!expected && listed.contains(name)) {
                failures.add(name + ": nothing reaches it, but the fingerprint lists it");
            }
        }
        for (String name : difference(listed, names)) {
            failures.add(name + ": listed, but the test found no such member");
        }

        List<Outcome> outcomes = new ArrayList<>();
        for (Member member : members) {
            Outcome outcome = mutate(project, sources.get(member.file()), member, baseline);
            outcomes.add(outcome);
            if (outcome.mutation() == null) {
                failures.add(member.name() + ": no mutation compiles");
                continue;
            }
            boolean reached = !NOTHING_REACHES.contains(member.name());
            boolean expected = reached || OVER_APPROXIMATED.contains(member.name());
            if (outcome.changed() != expected) {
                failures.add(member.name() + ": " + outcome.mutation().what() + " "
                        + (outcome.changed() ? "changed" : "kept") + " VERSION, "
                        + (reached ? "a reached member" : "a member nothing reaches")
                        + (listed.contains(member.name()) ? ", listed" : ", not listed"));
            }
        }
        // The project is as it was: the same VERSION again.
        assertEquals(baseline, project.compile(false).version(FACTORY));

        long reached = outcomes.stream()
                .filter(o -> !NOTHING_REACHES.contains(o.member().name())).count();
        long changed = outcomes.stream()
                .filter(o -> !NOTHING_REACHES.contains(o.member().name()) && o.changed()).count();
        long unreached = outcomes.stream()
                .filter(o -> NOTHING_REACHES.contains(o.member().name())).count();
        long kept = outcomes.stream().filter(o -> NOTHING_REACHES.contains(o.member().name())
                && o.mutation() != null && !o.changed()).count();
        System.out.printf("mutation: %d reached members, %d changed VERSION; %d unreached"
                + " members, %d kept VERSION (%d%%)%n", reached, changed, unreached, kept,
                Math.round(100.0 * kept / unreached));
        assertTrue(failures.isEmpty(), () -> failures.size() + " members:\n  "
                + String.join("\n  ", failures));
    }

    /** Tries the member's mutations until one compiles, then restores the file. */
    private static Outcome mutate(TestProject project, String original, Member member,
            String baseline) {
        try {
            for (Mutation mutation : member.mutations()) {
                project.source(member.file(), mutation.apply(original));
                if (project.tryCompile().ok()) {
                    return new Outcome(member, mutation,
                            !project.version(FACTORY).equals(baseline));
                }
            }
            return new Outcome(member, null, false);
        } finally {
            project.source(member.file(), original);
        }
    }

    /** The project's sources, by path under {@code mutation/}. */
    private static Map<String, String> sources() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(PROJECT)) {
            for (Path path : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(PROJECT.relativize(path).toString().replace('\\', '/'),
                        Files.readString(path));
            }
        }
        return sources;
    }

    /** "class#member" of every {@code source:} component of the generated factory. */
    private static Set<String> listed(String factory) {
        Set<String> listed = new TreeSet<>();
        Matcher matcher = LISTED.matcher(factory);
        while (matcher.find()) {
            listed.add(matcher.group(1));
        }
        return listed;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> difference = new TreeSet<>(a);
        difference.removeAll(b);
        return difference;
    }

    // --- Cutting the project into members, without the processor -------------------------------

    /** Every member with text of every class in {@code files} (paths under {@code root}). */
    private static List<Member> members(Path root, Set<String> files) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, null,
                StandardCharsets.UTF_8)) {
            fileManager.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of(
                    TestProject.codeSource(CachedFactory.class),
                    TestProject.codeSource(CacheStore.class)));
            JavacTask task = (JavacTask) javac.getTask(null, fileManager, diagnostics,
                    List.of("-proc:none"), null, fileManager.getJavaFileObjectsFromPaths(
                            files.stream().map(root::resolve).toList()));
            Iterable<? extends CompilationUnitTree> units = task.parse();
            task.analyze();
            assertTrue(diagnostics.getDiagnostics().isEmpty(), () -> diagnostics.getDiagnostics()
                    .toString());
            Cutter cutter = new Cutter(Trees.instance(task), task.getElements(), task.getTypes());
            List<Member> members = new ArrayList<>();
            for (CompilationUnitTree unit : units) {
                String file = root.relativize(Path.of(unit.getSourceFile().toUri())).toString()
                        .replace('\\', '/');
                String text = unit.getSourceFile().getCharContent(true).toString();
                for (Tree type : unit.getTypeDecls()) {
                    cutter.type(new TreePath(new TreePath(unit), type), file, text, members);
                }
            }
            members.sort(Comparator.comparing(Member::name));
            return members;
        }
    }

    /** Names members and finds their mutations in one analyzed compilation. */
    private record Cutter(Trees trees, Elements elements, Types types) {

        void type(TreePath path, String file, String text, List<Member> out) {
            ClassTree tree = (ClassTree) path.getLeaf();
            TypeElement type = (TypeElement) trees.getElement(path);
            String owner = type.getQualifiedName() + "#";
            out.add(new Member(owner + "class", file, List.of(withStrictfp(tree, path, text))));
            int statics = 0;
            int instances = 0;
            for (Tree member : tree.getMembers()) {
                TreePath memberPath = new TreePath(path, member);
                if (member instanceof ClassTree) {
                    type(memberPath, file, text, out);
                } else if (member instanceof BlockTree block) {
                    int ordinal = block.isStatic() ? ++statics : ++instances;
                    String name = (block.isStatic() ? "static{}" : "{}")
                            + (ordinal == 1 ? "" : Integer.toString(ordinal));
                    List<Mutation> mutations = tokens(memberPath, text);
                    mutations.add(emptyStatement(block, memberPath, text));
                    out.add(new Member(owner + name, file, mutations));
                } else {
                    Element element = trees.getElement(memberPath);
                    long start = start(memberPath, member);
                    long end = end(memberPath, member);
                    if (element == null || start < 0 || end <= start
                            || elements.getOrigin(element) != Elements.Origin.EXPLICIT) {
                        continue; // javac's own: a default constructor, a record's accessor
                    }
                    List<Mutation> mutations = tokens(memberPath, text);
                    if (member instanceof MethodTree method) {
                        if (method.getBody() != null) {
                            mutations.add(emptyStatement(method.getBody(), memberPath, text));
                        } else if (!method.getParameters().isEmpty()) {
                            mutations.add(renamed(method.getParameters().get(0), memberPath,
                                    text));
                        }
                    } else if (element.getKind() == ElementKind.FIELD
                            && type.getKind() != ElementKind.INTERFACE
                            && !(type.getKind() == ElementKind.RECORD
                                    && !element.getModifiers().contains(Modifier.STATIC))) {
                        mutations.add(new Mutation("transient added", (int) start, (int) start,
                                "transient "));
                    }
                    // The last resort, for an abstract method without parameters or a record
                    // component: no one-token edit of those compiles, an annotation does.
                    mutations.add(new Mutation("@Deprecated added", (int) start, (int) start,
                            "@Deprecated "));
                    out.add(new Member(owner + name(element), file, mutations));
                }
            }
        }

        /** {@code strictfp} before the class keyword: legal on every kind of class. */
        private Mutation withStrictfp(ClassTree tree, TreePath path, String text) {
            long from = Math.max(start(path, tree), end(path, tree.getModifiers()));
            Matcher keyword = Pattern.compile("\\b(class|interface|enum|record)\\b")
                    .matcher(text);
            assertTrue(keyword.find((int) from), () -> "no class keyword after " + from);
            return new Mutation("strictfp", keyword.start(), keyword.start(), "strictfp ");
        }

        /** Literals and operators in the member's text, in the order of preference. */
        private List<Mutation> tokens(TreePath path, String text) {
            List<Mutation> integers = new ArrayList<>();
            List<Mutation> strings = new ArrayList<>();
            List<Mutation> operators = new ArrayList<>();
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitAnnotation(AnnotationTree node, Void unused) {
                    return null; // cache annotations do not count; others hold no code
                }

                @Override
                public Void visitLiteral(LiteralTree node, Void unused) {
                    int start = (int) start(path, node);
                    int end = (int) end(path, node);
                    String literal = text.substring(start, end);
                    Matcher decimal = DECIMAL.matcher(literal);
                    if ((node.getKind() == Tree.Kind.INT_LITERAL
                            || node.getKind() == Tree.Kind.LONG_LITERAL) && decimal.matches()) {
                        integers.add(new Mutation(literal + " -> n+1", start, end,
                                (Long.parseLong(decimal.group(1)) + 1) + decimal.group(2)));
                    } else if (node.getKind() == Tree.Kind.STRING_LITERAL
                            && !literal.startsWith("\"\"\"")) {
                        strings.add(new Mutation(literal + " -> \"x...\"", start + 1, start + 1,
                                "x"));
                    }
                    return null;
                }

                @Override
                public Void visitBinary(BinaryTree node, Void unused) {
                    String operator = switch (node.getKind()) {
                        case PLUS -> "+";
                        case MINUS -> "-";
                        case LESS_THAN -> "<";
                        case LESS_THAN_EQUAL -> "<=";
                        case GREATER_THAN -> ">";
                        case GREATER_THAN_EQUAL -> ">=";
                        default -> null;
                    };
                    if (operator != null) {
                        String swapped = switch (operator) {
                            case "+" -> "-";
                            case "-" -> "+";
                            case "<" -> "<=";
                            case "<=" -> "<";
                            case ">" -> ">=";
                            default -> ">";
                        };
                        int from = (int) end(path, node.getLeftOperand());
                        int at = text.indexOf(operator, from);
                        assertTrue(at >= 0 && at < start(path, node.getRightOperand()));
                        operators.add(new Mutation(operator + " -> " + swapped, at,
                                at + operator.length(), swapped));
                    }
                    return super.visitBinary(node, unused);
                }
            }.scan(path.getLeaf(), null);
            List<Mutation> all = new ArrayList<>(integers);
            all.addAll(strings);
            all.addAll(operators);
            return all;
        }

        /**
         * One {@code ;} after the block's opening brace, or after its {@code this(...)} or
         * {@code super(...)} call, which must come first.
         */
        private Mutation emptyStatement(BlockTree block, TreePath path, String text) {
            int at = text.indexOf('{', (int) start(path, block)) + 1;
            if (!block.getStatements().isEmpty()
                    && block.getStatements().get(0) instanceof ExpressionStatementTree first
                    && first.getExpression() instanceof MethodInvocationTree call
                    && call.getMethodSelect() instanceof IdentifierTree name
                    && (name.getName().contentEquals("this")
                            || name.getName().contentEquals("super"))
                    && end(path, first) > 0) { // javac's implicit super() has no position
                at = (int) end(path, first);
            }
            return new Mutation("empty statement", at, at, ";");
        }

        /** A method without a body: its first parameter renamed. */
        private Mutation renamed(VariableTree parameter, TreePath path, String text) {
            String name = parameter.getName().toString();
            int at = text.indexOf(name, (int) end(path, parameter.getType()));
            return new Mutation("parameter renamed", at, at + name.length(), name + "2");
        }

        private String name(Element element) {
            if (!(element instanceof ExecutableElement executable)) {
                return element.getSimpleName().toString();
            }
            String name = executable.getKind() == ElementKind.CONSTRUCTOR
                    ? executable.getEnclosingElement().getSimpleName().toString()
                    : executable.getSimpleName().toString();
            return executable.getParameters().stream()
                    .map(p -> simple(types.erasure(p.asType())))
                    .collect(Collectors.joining(",", name + "(", ")"));
        }

        private static String simple(TypeMirror type) {
            String name = type.toString();
            return name.matches("java\\.lang\\.[^.]+") ? name.substring("java.lang.".length())
                    : name;
        }

        private long start(TreePath path, Tree tree) {
            SourcePositions positions = trees.getSourcePositions();
            return positions.getStartPosition(path.getCompilationUnit(), tree);
        }

        private long end(TreePath path, Tree tree) {
            SourcePositions positions = trees.getSourcePositions();
            return positions.getEndPosition(path.getCompilationUnit(), tree);
        }
    }
}
