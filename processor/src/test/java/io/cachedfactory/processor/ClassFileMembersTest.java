package io.cachedfactory.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.processor.ClassFileSummary.Call;
import io.cachedfactory.processor.ClassFileSummary.MethodSummary;
import io.cachedfactory.processor.ClassFileSummary.ResourceName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.Opcodes;

/**
 * What changes a method's bytecode hash and what does not, and which edges a method has. Sources
 * are compiled in the test with the running JDK's javac (and once with JDK 25's).
 */
class ClassFileMembersTest {

    static final String CALC = """
            package com.acme;

            import java.util.ArrayList;
            import java.util.List;

            public class Calc {
                static final List<String> NAMES = new ArrayList<>();
                static final int LIMIT = 10;
                private int total;

                int constant() {
                    return 1;
                }

                int add(int a, int b) {
                    int sum = a + b;
                    return sum;
                }

                int size() {
                    return NAMES.size();
                }

                int loop(int n) {
                    int acc = 0;
                    for (int i = 0; i < n; i++) {
                        acc += i % 3 == 0 ? i : -i;
                    }
                    total += acc;
                    return acc;
                }
            }
            """;

    /** {@link #CALC} with blank lines, comments and other local names. */
    static final String CALC_REFORMATTED = """
            package com.acme;

            import java.util.ArrayList;
            import java.util.List;

            /** Now with Javadoc. */
            public class Calc {

                static final List<String> NAMES = new ArrayList<>();
                static final int LIMIT = 10;
                private int total;

                int constant() { return 1; }

                // Adds.
                int add(int left, int right) {

                    int result = left + right; /* the sum */
                    return result;
                }

                /** @deprecated a Javadoc tag: javac writes a Deprecated attribute, not code. */
                int size() {
                    return NAMES.size();
                }

                int loop(int count) {
                    int accumulated = 0;
                    for (int index = 0; index < count; index++) { accumulated +=
                            index % 3 == 0 ? index : -index; }
                    total += accumulated;
                    return accumulated;
                }
            }
            """;

    @TempDir
    Path directory;

    @Test
    void read_debugInfoFormattingAndLocalNames_changeNothing() throws IOException {
        ClassFileSummary plain = compile("plain", CALC).get("com/acme/Calc");
        ClassFileSummary debug = compile("debug", CALC, "-g", "-parameters").get("com/acme/Calc");
        ClassFileSummary reformatted =
                compile("reformatted", CALC_REFORMATTED, "-g").get("com/acme/Calc");

        assertEquals(6, plain.methods().size(), plain.methods()::toString);
        assertEquals(plain, debug);
        assertEquals(plain, reformatted);
    }

    @ParameterizedTest(name = "{0} -> {1} changes only {2}")
    @CsvSource(delimiter = '|', value = {
        "return 1;        | return 2;            | constant",
        "a + b            | a - b                | add",
        "NAMES.size()     | NAMES.hashCode()     | size",
        "i % 3 == 0       | i % 3 != 0           | loop",
    })
    void read_oneTokenChange_changesOnlyThatMethod(String before, String after, String method)
            throws IOException {
        ClassFileSummary original = compile("a", CALC).get("com/acme/Calc");
        ClassFileSummary changed =
                compile("b", replaceOnce(CALC, before, after)).get("com/acme/Calc");

        assertEquals(original.headerHash(), changed.headerHash());
        assertEquals(Set.of(method), differingMethods(original, changed));
    }

    @Test
    void read_fieldChange_changesHeaderOnly() throws IOException {
        ClassFileSummary original = compile("a", CALC).get("com/acme/Calc");
        ClassFileSummary newValue = compile("b", replaceOnce(CALC, "LIMIT = 10", "LIMIT = 11"))
                .get("com/acme/Calc");
        ClassFileSummary newField = compile("c", replaceOnce(CALC, "private int total;",
                "private int total;\n    private long extra;")).get("com/acme/Calc");

        assertNotEquals(original.headerHash(), newValue.headerHash());
        assertNotEquals(original.headerHash(), newField.headerHash());
        assertEquals(original.methods(), newValue.methods());
        assertEquals(original.methods(), newField.methods());
    }

    @Test
    void read_annotations_onlyRuntimeVisibleOnesCount() throws IOException {
        String source = """
                package com.acme;

                import java.lang.annotation.Retention;
                import java.lang.annotation.RetentionPolicy;

                public class Annotated {
                    @Retention(RetentionPolicy.CLASS) @interface Note { String value(); }
                    @Retention(RetentionPolicy.RUNTIME) @interface Flag { int value(); }

                    /*A*/ int annotated() { return 1; }
                }
                """;
        String plain = hash(compile("a", source), "com/acme/Annotated", "annotated");

        assertEquals(plain, hash(compile("b", replaceOnce(source, "/*A*/", "@Note(\"x\")")),
                "com/acme/Annotated", "annotated"));
        String flagged = hash(compile("c", replaceOnce(source, "/*A*/", "@Flag(1)")),
                "com/acme/Annotated", "annotated");
        assertNotEquals(plain, flagged);
        assertNotEquals(flagged, hash(compile("d", replaceOnce(source, "/*A*/", "@Flag(2)")),
                "com/acme/Annotated", "annotated"));
    }

    static final String EDGES = """
            package com.acme;

            import java.io.InputStream;
            import java.net.URL;
            import java.util.List;
            import java.util.function.Function;
            import java.util.function.Supplier;

            public class Edges {
                static int counter;

                static int helper() { return 1; }

                int callStatic() { return helper(); }

                String callVirtual(Object o) { return o.toString(); }

                int callInterface(List<String> xs) { return xs.size(); }

                @Override
                public String toString() { return super.toString(); }

                Supplier<Integer> lambda() { return () -> helper() + counter; }

                Function<Object, String> methodReference() { return String::valueOf; }

                Object create() { return new StringBuilder(); }

                InputStream relative() { return Edges.class.getResourceAsStream("data.csv"); }

                URL absolute() { return Edges.class.getResource("/abs/x.txt"); }

                URL viaLoader() { return getClass().getClassLoader().getResource("a/b.txt"); }

                URL viaSystemLoader() { return ClassLoader.getSystemResource("sys.txt"); }

                URL otherClass() { return String.class.getResource("s.txt"); }

                URL notConstant(String name) { return Edges.class.getResource(name + ".txt"); }
            }
            """;

    @Test
    void read_calls_areFoundForEveryInvokeKind() throws IOException {
        ClassFileSummary edges = compile("edges", EDGES).get("com/acme/Edges");

        assertTrue(method(edges, "callStatic").calls().contains(
                new Call(Opcodes.INVOKESTATIC, "com/acme/Edges", "helper", "()I", false)));
        assertTrue(method(edges, "callVirtual").calls().contains(new Call(Opcodes.INVOKEVIRTUAL,
                "java/lang/Object", "toString", "()Ljava/lang/String;", false)));
        assertTrue(method(edges, "callInterface").calls().contains(
                new Call(Opcodes.INVOKEINTERFACE, "java/util/List", "size", "()I", true)));
        assertTrue(method(edges, "toString").calls().contains(new Call(Opcodes.INVOKESPECIAL,
                "java/lang/Object", "toString", "()Ljava/lang/String;", false)));
        assertTrue(method(edges, "<init>").calls().contains(
                new Call(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false)));
        MethodSummary create = method(edges, "create");
        assertEquals(List.of("java/lang/StringBuilder"), create.initializedClasses());
        assertTrue(create.calls().contains(new Call(Opcodes.INVOKESPECIAL,
                "java/lang/StringBuilder", "<init>", "()V", false)));
    }

    @Test
    void read_lambdaAndMethodReference_areCallsOfTheEnclosingMethod() throws IOException {
        ClassFileSummary edges = compile("edges", EDGES).get("com/acme/Edges");
        MethodSummary body = edges.methods().stream()
                .filter(m -> m.name().startsWith("lambda$lambda$")).findFirst().orElseThrow();

        assertTrue(method(edges, "lambda").calls().contains(new Call(Opcodes.INVOKESTATIC,
                "com/acme/Edges", body.name(), body.descriptor(), false)));
        assertTrue(body.calls().contains(
                new Call(Opcodes.INVOKESTATIC, "com/acme/Edges", "helper", "()I", false)));
        assertEquals(List.of("com/acme/Edges"), body.initializedClasses(), "GETSTATIC counter");
        assertTrue(method(edges, "methodReference").calls().contains(new Call(
                Opcodes.INVOKESTATIC, "java/lang/String", "valueOf",
                "(Ljava/lang/Object;)Ljava/lang/String;", false)));
    }

    @Test
    void read_constantResourceNames_areResolvedToAbsolutePaths() throws IOException {
        ClassFileSummary edges = compile("edges", EDGES).get("com/acme/Edges");

        assertEquals(List.of(new ResourceName("com/acme/data.csv", "data.csv", true)),
                method(edges, "relative").resourceNames());
        assertEquals(List.of(new ResourceName("abs/x.txt", "/abs/x.txt", true)),
                method(edges, "absolute").resourceNames());
        assertEquals(List.of(new ResourceName("a/b.txt", "a/b.txt", false)),
                method(edges, "viaLoader").resourceNames());
        assertEquals(List.of(new ResourceName("sys.txt", "sys.txt", false)),
                method(edges, "viaSystemLoader").resourceNames());
        assertEquals(List.of(new ResourceName("java/lang/s.txt", "s.txt", true)),
                method(edges, "otherClass").resourceNames(), "relative to the class literal");
        assertEquals(List.of(), method(edges, "notConstant").resourceNames());
    }

    // Cross-JDK: the same source, --release 17, compiled by javac 17 (running) and javac 25.

    static final Path JDK25_JAVAC = CrossJdkVersionTest.JDK25_JAVAC;

    static final String COLOR = """
            package com.acme;

            public enum Color { RED, GREEN }
            """;

    static final String CONSTRUCTS = """
            package com.acme;

            import java.io.InputStream;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.function.IntFunction;
            import java.util.function.Supplier;

            public class Constructs {
                static final List<String> NAMES = new ArrayList<>();
                private int count;

                enum Size { SMALL, LARGE }
                record Point(int x, int y) { }
                class Inner { int get() { return count; } }
                sealed interface Shape permits Circle { }
                record Circle(double r) implements Shape { }

                String concat(String name, int n, char c) { return "Hello " + name + n + c; }
                int stringSwitch(String s) {
                    switch (s) { case "a": return 1; case "b": return 2; default: return 0; }
                }
                int otherFileEnumSwitch(Color c) {
                    switch (c) { case RED: return 1; default: return 2; }
                }
                int sameFileEnumSwitch(Size s) {
                    switch (s) { case SMALL: return 1; default: return 2; }
                }
                int switchExpression(int k) { return switch (k) { case 1 -> 10; default -> 0; }; }
                Supplier<String> lambda(String p) { return () -> p + count; }
                Runnable nestedLambdas() { return () -> { Runnable r = () -> count++; r.run(); }; }
                IntFunction<int[]> arrayConstructor() { return int[]::new; }
                Supplier<Integer> methodReference() { return NAMES::size; }
                int loop(List<String> xs) {
                    int t = 0; for (String x : xs) { t += x.length(); } return t;
                }
                int tryWithResources() throws Exception {
                    try (InputStream in = Constructs.class.getResourceAsStream("d.csv")) {
                        return in.read();
                    }
                }
                synchronized int sync() { synchronized (NAMES) { return NAMES.size(); } }
                boolean pattern(Object o) { return o instanceof String s && s.isEmpty(); }
                String shape(Shape s) { return s instanceof Circle c ? "c" + c.r() : "other"; }
                void assertion(int x) { assert x > 0 : "positive"; }
                Object anonymous() {
                    return new Object() { public String toString() { return "a"; } };
                }
                Object inner(Constructs other) { return other.new Inner(); }
                int finallyBlock(int x) { try { return x / 2; } finally { NAMES.clear(); } }
                String textBlock() { return \"""
                        a
                        b
                        \"""; }
                Object arrays() { return new int[3][4]; }
            }
            """;

    /**
     * javac 25 with {@code --release 17} emits the same bytecode as javac 17 except for:
     *
     * <ul>
     *   <li>a switch on an enum of the same top-level class: javac 25 switches on {@code
     *       ordinal()} directly, javac 17 through a {@code $SwitchMap$} array in the class's
     *       synthetic switch-map class ({@code Constructs$2}), whose fields and initializer so
     *       differ too. A switch on an enum of another file goes through the array under both.
     *   <li>lambda body names: javac 17 numbers {@code lambda$<method>$<n>} with one counter per
     *       class, javac 25 with one per enclosing method (the first lambda of the class is
     *       {@code $0} under both, which is why {@code lambda(String)} agrees). The method creating
     *       a lambda refers to the body by name, so its hash differs whenever the names do: here
     *       the nested lambdas ({@code $1}, {@code $2} under 17; {@code $0}, {@code $1} under 25;
     *       {@code $1} happens to be the same inner body under both) and {@code int[]::new}, which
     *       javac compiles to a lambda body. A consequence under javac 17 alone: adding a lambda to
     *       one method renames the bodies of the lambdas after it in the class, and so changes the
     *       hashes of the methods that create them.
     * </ul>
     *
     * String concatenation ({@code invokedynamic makeConcatWithConstants} under both), records,
     * string switches, patterns, try-with-resources and inner classes agree. The processor hashes
     * bytecode only of classes compiled elsewhere (jars, sibling modules), never of its own
     * compilation's sources, so a dependency rebuilt with another javac may change its hashes.
     */
    @Test
    void read_javac17AndJavac25WithRelease17_differOnlyInDocumentedConstructs() throws Exception {
        assertTrue(Files.isExecutable(JDK25_JAVAC), "this test needs JDK 25's javac at "
                + JDK25_JAVAC + " (present on CI machines); install Temurin 25 there");
        Map<String, String> sources = Map.of("com/acme/Color.java", COLOR,
                "com/acme/Constructs.java", CONSTRUCTS);
        Map<String, ClassFileSummary> on17 = compile("17", sources, List.of());
        Path out25 = directory.resolve("25/classes");
        Files.createDirectories(out25);
        List<String> command = new ArrayList<>(List.of(JDK25_JAVAC.toString(), "--release", "17",
                "-d", out25.toString()));
        sources.keySet().forEach(name ->
                command.add(directory.resolve("17/src/" + name).toString()));
        Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, javac.waitFor(), () -> "javac 25 failed: " + output);
        Map<String, ClassFileSummary> on25 = readAll(out25);

        Map<String, String> hashes17 = methodHashes(on17);
        Map<String, String> hashes25 = methodHashes(on25);
        Set<String> differing = new TreeSet<>();
        hashes17.forEach((k, v) -> { if (!v.equals(hashes25.get(k))) differing.add(k); });
        hashes25.forEach((k, v) -> { if (!v.equals(hashes17.get(k))) differing.add(k); });

        assertEquals(new TreeSet<>(List.of(
                "com/acme/Constructs.sameFileEnumSwitch(Lcom/acme/Constructs$Size;)I",
                "com/acme/Constructs$2.<header>", // the $SwitchMap$ class: 17 adds one for Size
                "com/acme/Constructs$2.<clinit>()V",
                "com/acme/Constructs.nestedLambdas()Ljava/lang/Runnable;",
                "com/acme/Constructs.lambda$nestedLambdas$0()V", // javac 25 only
                "com/acme/Constructs.lambda$nestedLambdas$2()V", // javac 17 only
                "com/acme/Constructs.arrayConstructor()Ljava/util/function/IntFunction;",
                "com/acme/Constructs.lambda$arrayConstructor$0(I)[I", // javac 25 only
                "com/acme/Constructs.lambda$arrayConstructor$3(I)[I")), // javac 17 only
                differing);
    }

    // Helpers.

    /** Compiles {@code com/acme/<Name>.java} with the running javac; summaries by class name. */
    Map<String, ClassFileSummary> compile(String name, String source, String... options)
            throws IOException {
        String className = source.replaceAll("(?s).*?public (?:class|enum) (\\w+).*", "$1");
        return compile(name, Map.of("com/acme/" + className + ".java", source), List.of(options));
    }

    Map<String, ClassFileSummary> compile(String name, Map<String, String> sources,
            List<String> options) throws IOException {
        Path root = directory.resolve(name);
        compileTo(root.resolve("src"), root.resolve("classes"), sources, options);
        return readAll(root.resolve("classes"));
    }

    /** Writes {@code sources} under {@code sourceRoot} and compiles them into {@code classes}. */
    static void compileTo(Path sourceRoot, Path classes, Map<String, String> sources,
            List<String> options) throws IOException {
        Files.createDirectories(classes);
        List<String> arguments = new ArrayList<>(options);
        arguments.addAll(List.of("--release", "17", "-proc:none", "-d", classes.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceRoot.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, arguments.toArray(String[]::new)));
    }

    static Map<String, ClassFileSummary> readAll(Path classes) throws IOException {
        Map<String, ClassFileSummary> summaries = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))
                    ::iterator) {
                ClassFileSummary summary = ClassFileMembers.read(Files.readAllBytes(file));
                summaries.put(summary.internalName(), summary);
            }
        }
        return summaries;
    }

    /** {@code owner.nameDescriptor -> hash} of every method, and {@code owner.<header>}. */
    static Map<String, String> methodHashes(Map<String, ClassFileSummary> classes) {
        Map<String, String> hashes = new TreeMap<>();
        classes.values().forEach(c -> {
            hashes.put(c.internalName() + ".<header>", c.headerHash());
            c.methods().forEach(m ->
                    hashes.put(c.internalName() + "." + m.name() + m.descriptor(), m.hash()));
        });
        return hashes;
    }

    static Set<String> differingMethods(ClassFileSummary a, ClassFileSummary b) {
        Set<String> names = new TreeSet<>();
        a.methods().forEach(m -> {
            if (!b.method(m.name(), m.descriptor()).map(MethodSummary::hash)
                    .orElse("").equals(m.hash())) {
                names.add(m.name());
            }
        });
        return names;
    }

    static MethodSummary method(ClassFileSummary summary, String name) {
        List<MethodSummary> named = summary.methods().stream()
                .filter(m -> m.name().equals(name)).toList();
        assertEquals(1, named.size(), () -> name + " in " + summary.methods());
        return named.get(0);
    }

    static String hash(Map<String, ClassFileSummary> classes, String className, String method) {
        return method(classes.get(className), method).hash();
    }

    static String replaceOnce(String source, String before, String after) {
        int at = source.indexOf(before);
        assertTrue(at >= 0 && source.indexOf(before, at + 1) < 0, before);
        return source.substring(0, at) + after + source.substring(at + before.length());
    }
}
