package io.cachedfactory.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11, acceptance 1: the fingerprint follows the code a build reaches. Each case is a small
 * project whose cached type {@code Model} reaches one helper member through exactly one construct;
 * a one-token edit in that member must change {@code VERSION} (so each case fails if the analysis
 * ignored its construct). Then edits in members nothing reaches must keep it.
 */
class ReachFingerprintTest {

    static final String FACTORY = "com.acme.ModelFactory";

    @TempDir
    Path directory;

    /** The cached type, with {@code body} in its constructor and {@code members} beside it. */
    static String model(String imports, String body, String members) {
        return """
                package com.acme;

                import io.cachedfactory.CachedFactory;
                %s

                @CachedFactory
                public final class Model implements java.io.Serializable {
                    private final long value;

                    public Model(int n) {
                        %s
                    }

                    %s

                    @Override
                    public String toString() {
                        return "Model " + value;
                    }

                    String describe() {
                        return "a model of " + value + " " + Unused.note();
                    }
                }
                """.formatted(imports, body, members);
    }

    static final String UNUSED = """
            package com.acme;

            final class Unused {
                static String note() {
                    return "never built from";
                }
            }
            """;

    /**
     * One construct.
     *
     * @param sources path under src to text, the Model included
     * @param file the file holding the member to edit
     * @param from a token sequence in that member, unique in the file
     * @param to its replacement
     */
    record Case(String construct, Map<String, String> sources, String file, String from,
            String to) {
        @Override
        public String toString() {
            return construct;
        }
    }

    static Case reach(String construct, String imports, String body, String members,
            String file, String from, String to, String... helpers) {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("com/acme/Model.java", model(imports, body, members));
        sources.put("com/acme/Unused.java", UNUSED);
        for (int i = 0; i < helpers.length; i += 2) {
            sources.put("com/acme/" + helpers[i] + ".java",
                    "package com.acme;\n\n" + helpers[i + 1]);
        }
        return new Case(construct, sources, file, from, to);
    }

    static final String HELPER = """
            final class Helper {
                static int twice(int v) {
                    return v * 2;
                }

                int scale(int v) {
                    return v * 3;
                }

                static int inc(int v) {
                    return v + 1;
                }

                static <T> T first(java.util.List<T> list) {
                    return list.get(0);
                }

                static int unused() {
                    return 4;
                }
            }
            """;

    static Stream<Case> constructs() {
        return Stream.of(
                reach("static call", "", "value = Helper.twice(n);", "",
                        "com/acme/Helper.java", "v * 2", "v * 5", "Helper", HELPER),
                reach("instance call", "", "value = new Helper().scale(n);", "",
                        "com/acme/Helper.java", "v * 3", "v * 4", "Helper", HELPER),
                reach("interface call, second implementation", "",
                        "value = Shapes.pick(n).area();", "",
                        "com/acme/Square.java", "return 4;", "return 16;",
                        "Shape", "interface Shape {\n    int area();\n}\n",
                        "Circle", "final class Circle implements Shape {\n"
                                + "    public int area() {\n        return 3;\n    }\n}\n",
                        "Square", "final class Square implements Shape {\n"
                                + "    public int area() {\n        return 4;\n    }\n}\n",
                        "Shapes", "final class Shapes {\n    static Shape pick(int n) {\n"
                                + "        return Factories.make(n);\n    }\n}\n",
                        "Factories", "final class Factories {\n"
                                + "    static Shape make(int n) {\n"
                                + "        return n > 0 ? new Circle() : new Square();\n"
                                + "    }\n}\n"),
                reach("inherited method", "", "value = new Sub().inherited();", "",
                        "com/acme/Base.java", "return 10;", "return 11;",
                        "Base", "class Base {\n    int inherited() {\n        return 10;\n"
                                + "    }\n}\n",
                        "Sub", "final class Sub extends Base {\n}\n"),
                reach("default method", "", "value = new Impl().d();", "",
                        "com/acme/WithDefault.java", "return 1;", "return 2;",
                        "WithDefault", "interface WithDefault {\n    default int d() {\n"
                                + "        return 1;\n    }\n}\n",
                        "Impl", "final class Impl implements WithDefault {\n}\n"),
                reach("superclass constructor", "", "value = new Child().size;", "",
                        "com/acme/Parent.java", "size = 5;", "size = 6;",
                        "Parent", "class Parent {\n    int size;\n\n    Parent() {\n"
                                + "        size = 5;\n    }\n}\n",
                        "Child", "final class Child extends Parent {\n    Child() {\n"
                                + "    }\n}\n"),
                reach("static initializer", "", "value = Table.get();", "",
                        "com/acme/Table.java", "T = 7;", "T = 8;",
                        "Table", "final class Table {\n    static final int T;\n\n"
                                + "    static {\n        T = 7;\n    }\n\n"
                                + "    static int get() {\n        return T;\n    }\n}\n"),
                reach("field initializer", "", "value = new Holder().get();", "",
                        "com/acme/Holder.java", "base = Helper.twice(4)",
                        "base = Helper.twice(5)",
                        "Helper", HELPER,
                        "Holder", "final class Holder {\n"
                                + "    private final int base = Helper.twice(4);\n\n"
                                + "    int get() {\n        return base;\n    }\n}\n"),
                reach("lambda", "import java.util.function.IntUnaryOperator;",
                        "IntUnaryOperator f = v -> Helper.inc(v);\n        value ="
                                + " f.applyAsInt(n);", "",
                        "com/acme/Helper.java", "v + 1", "v + 2", "Helper", HELPER),
                reach("method reference", "import java.util.function.IntUnaryOperator;",
                        "IntUnaryOperator f = Helper::inc;\n        value = f.applyAsInt(n);",
                        "", "com/acme/Helper.java", "v + 1", "v + 2", "Helper", HELPER),
                reach("anonymous class", "import java.util.function.IntUnaryOperator;",
                        "IntUnaryOperator f = new IntUnaryOperator() {\n"
                                + "            public int applyAsInt(int v) {\n"
                                + "                return Helper.inc(v);\n            }\n"
                                + "        };\n        value = f.applyAsInt(n);", "",
                        "com/acme/Helper.java", "v + 1", "v + 2", "Helper", HELPER),
                reach("enum constant body", "", "value = Mode.values()[n % 2].speed();", "",
                        "com/acme/Mode.java", "return 1;", "return 9;",
                        "Mode", "enum Mode {\n    FAST {\n        int speed() {\n"
                                + "            return 1;\n        }\n    },\n"
                                + "    SLOW {\n        int speed() {\n"
                                + "            return 2;\n        }\n    };\n\n"
                                + "    abstract int speed();\n}\n"),
                reach("record compact constructor", "", "value = new Range(n, 9).lo();", "",
                        "com/acme/Range.java", "Math.max(lo, 0)", "Math.max(lo, 1)",
                        "Range", "record Range(int lo, int hi) {\n    Range {\n"
                                + "        lo = Math.max(lo, 0);\n    }\n}\n"),
                reach("static import", "import static com.acme.Helper.inc;",
                        "value = inc(n);", "",
                        "com/acme/Helper.java", "v + 1", "v + 2", "Helper", HELPER),
                reach("nested class", "", "value = new Inner().calc(n);",
                        "static final class Inner {\n        int calc(int v) {\n"
                                + "            return v - 1;\n        }\n    }",
                        "com/acme/Model.java", "v - 1", "v - 2"),
                reach("var of a type never written", "", "var w = Workers.make();\n"
                                + "        value = w.run(n);", "",
                        "com/acme/Worker.java", "v << 1", "v << 2",
                        "Workers", "final class Workers {\n    static Worker make() {\n"
                                + "        return new Worker();\n    }\n}\n",
                        "Worker", "final class Worker {\n    int run(int v) {\n"
                                + "        return v << 1;\n    }\n}\n"),
                reach("chain of calls, intermediate types never written", "",
                        "value = Start.begin().next().finish(n);", "",
                        "com/acme/End.java", "v % 7", "v % 8",
                        "Start", "final class Start {\n    static Start begin() {\n"
                                + "        return new Start();\n    }\n\n"
                                + "    Middle next() {\n        return new Middle();\n"
                                + "    }\n}\n",
                        "Middle", "final class Middle {\n    End next() {\n"
                                + "        return new End();\n    }\n}\n",
                        "End", "final class End {\n    int finish(int v) {\n"
                                + "        return v % 7;\n    }\n}\n"),
                reach("generic method", "", "value = Helper.first(java.util.List.of(n));", "",
                        "com/acme/Helper.java", "list.get(0)", "list.get(list.size() - 1)",
                        "Helper", HELPER),
                reach("serialization hook of the default codec", "", "value = n;",
                        "private void readObject(java.io.ObjectInputStream in)\n"
                                + "            throws java.io.IOException, ClassNotFoundException {\n"
                                + "        in.defaultReadObject();\n    }",
                        "com/acme/Model.java", "in.defaultReadObject();", "in.readFields();"),
                reach("this handed to the JDK, which calls back", "",
                        "Object[] all = {this};\n        value = n + java.util.Arrays.hashCode(all);",
                        "@Override\n    public int hashCode() {\n        return 7;\n    }",
                        "com/acme/Model.java", "return 7;", "return 8;"),
                reach("switch expression", "", "value = switch (n) {\n"
                                + "            case 0 -> 1;\n"
                                + "            default -> Helper.twice(n);\n        };", "",
                        "com/acme/Helper.java", "v * 2", "v * 5", "Helper", HELPER))
                .map(c -> c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constructs")
    void anEditInReachedCodeChangesVersion(Case reached) {
        TestProject project = project(reached);
        String before = project.compile(false).version(FACTORY);
        String after = project.edit(reached.file(), s -> s.replace(reached.from(), reached.to()))
                .compile(false).version(FACTORY);
        assertNotEquals(before, after, "an edit of " + reached.from() + " in "
                + reached.file() + ", reached through " + reached.construct());
    }

    static Stream<Arguments> unreachedEdits() {
        return Stream.of(
                Arguments.of("the cached type's toString", "com/acme/Model.java",
                        "\"Model \"", "\"Model: \""),
                Arguments.of("a method of the cached type nothing calls",
                        "com/acme/Model.java", "\"a model of \"", "\"one model of \""),
                Arguments.of("a class only an unreached method calls", "com/acme/Unused.java",
                        "never built from", "not built from"),
                Arguments.of("an unreached method of a reached class", "com/acme/Helper.java",
                        "return 4;", "return 5;"),
                Arguments.of("a comment in a reached method", "com/acme/Helper.java",
                        "return v * 2;", "return v * 2; // doubled"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreachedEdits")
    void anEditNothingReachesKeepsVersion(String what, String file, String from, String to) {
        TestProject project = project(constructs().findFirst().orElseThrow());
        String before = project.compile(false).version(FACTORY);
        String after = project.edit(file, s -> s.replace(from, to)).compile(false)
                .version(FACTORY);
        assertEquals(before, after, what);
    }

    static final String RATES = """
            package com.acme;

            import io.cachedfactory.CachedFactory;

            @CachedFactory
            public final class Rates implements java.io.Serializable {
                final int rate;

                public Rates(int n) {
                    rate = n * 7;
                }

                String describe() {
                    return "rates " + rate;
                }
            }
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("factoryCalls")
    void anotherFactorysVersion_countsInsteadOfItsGeneratedCode(String how, String body)
            throws Exception {
        TestProject project = new TestProject(directory.resolve("p"))
                .source("com/acme/Model.java", model("", body, ""))
                .source("com/acme/Unused.java", UNUSED)
                .source("com/acme/Rates.java", RATES);
        String before = project.compile(false).version(FACTORY);
        String rates = project.version("com.acme.RatesFactory");
        String generated = project.generatedSource(FACTORY);
        org.junit.jupiter.api.Assertions.assertTrue(generated.replaceAll("\\s+", "").contains(
                ".add(\"factory:com.acme.RatesFactory\",\"" + rates + "\")"), generated);

        String unreachedEdit = project.edit("com/acme/Rates.java",
                s -> s.replace("\"rates \"", "\"rates: \"")).compile(false).version(FACTORY);
        assertEquals(before, unreachedEdit, "an edit Rates' build never reaches");

        String reachedEdit = project.edit("com/acme/Rates.java", s -> s.replace("n * 7", "n * 8"))
                .compile(false).version(FACTORY);
        assertNotEquals(before, reachedEdit, "an edit in Rates' constructor");
    }

    /** A sibling module, compiled to class files: an interface, two implementations, a runner. */
    static final Map<String, String> SIBLING = Map.of(
            "org/lib/Kernel.java", "package org.lib;\npublic interface Kernel { int mix(int n); }\n",
            "org/lib/Fast.java", "package org.lib;\npublic final class Fast implements Kernel {\n"
                    + "    public int mix(int n) { return n * 3; }\n}\n",
            "org/lib/Slow.java", "package org.lib;\npublic class Slow implements Kernel {\n"
                    + "    public int mix(int n) { return n + 5; }\n}\n",
            "org/lib/Runner.java", "package org.lib;\npublic final class Runner {\n"
                    + "    public static int run(Kernel k, int n) { return k.mix(n); }\n"
                    + "    public static int slow(int n) { return run(kernel(), n); }\n"
                    // one call deeper, so that the walk meets Slow after the call k.mix
                    + "    static Kernel kernel() { return make(); }\n"
                    + "    static Kernel make() { return new Slow(); }\n"
                    + "    public static Kernel fast() { return new Fast(); }\n}\n");

    static Stream<Arguments> classFileOverrides() {
        return Stream.of(
                Arguments.of("an interface call in source, the implementation in class files",
                        "org.lib.Kernel k = org.lib.Runner.fast();\n        value = k.mix(n);",
                        "org/lib/Fast.java", "n * 3", "n * 4"),
                Arguments.of("an interface call in class files before the implementation is met",
                        "value = org.lib.Runner.slow(n);", "org/lib/Slow.java", "n + 5", "n + 6"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classFileOverrides")
    void anOverrideInClassFiles_isReachedThroughTheCalledType(String what, String body,
            String file, String from, String to) {
        TestProject sibling = new TestProject(directory.resolve("sibling"));
        SIBLING.forEach(sibling::source);
        sibling.compile(true);
        TestProject project = new TestProject(directory.resolve("p"))
                .classPath(sibling.classes)
                .source("com/acme/Model.java", model("", body, ""))
                .source("com/acme/Unused.java", UNUSED);
        String before = project.compile(false).version(FACTORY);
        sibling.edit(file, s -> s.replace(from, to)).compile(true);
        assertNotEquals(before, project.compile(false).version(FACTORY), what);

        // the implementation nothing creates is not part of it
        String unused = file.equals("org/lib/Fast.java") ? "org/lib/Slow.java"
                : "org/lib/Fast.java";
        String unusedFrom = unused.endsWith("Fast.java") ? "n * 3" : "n + 5";
        String again = project.compile(false).version(FACTORY);
        sibling.edit(unused, s -> s.replace(unusedFrom, unusedFrom + " + 0")).compile(true);
        assertEquals(again, project.compile(false).version(FACTORY),
                "an implementation of the interface that nothing reached creates");
    }

    @Test
    void aResourceReadByConstantName_isHashedLikeADeclaredOne() throws Exception {
        String body = "try (var in = Model.class.getResourceAsStream(RATES_FILE)) {\n"
                + "            value = in == null ? 0 : in.readAllBytes().length;\n"
                + "        } catch (java.io.IOException e) {\n"
                + "            throw new java.io.UncheckedIOException(e);\n        }";
        TestProject project = new TestProject(directory.resolve("p"))
                .source("com/acme/Model.java", model("", body,
                        "static final String RATES_FILE = \"rates\" + \".csv\";"))
                .source("com/acme/Unused.java", UNUSED.replace("\"never built from\"",
                        "String.valueOf(Unused.class.getResource(\"/never/read.txt\"))"))
                .classOutputFile("com/acme/rates.csv", "a,1\n".getBytes(UTF_8));
        String before = project.compile(false).version(FACTORY);
        String generated = project.generatedSource(FACTORY).replaceAll("\\s+", "");
        org.junit.jupiter.api.Assertions.assertTrue(generated.contains(
                ".add(\"resource:com/acme/rates.csv\",\"sha256:"), generated);
        org.junit.jupiter.api.Assertions.assertFalse(generated.contains("never/read.txt"),
                "a resource only unreached code reads");

        project.classOutputFile("com/acme/rates.csv", "a,2\n".getBytes(UTF_8));
        assertNotEquals(before, project.compile(false).version(FACTORY));

        java.nio.file.Files.delete(project.classes.resolve("com/acme/rates.csv"));
        String absent = project.compile(false).generatedSource(FACTORY).replaceAll("\\s+", "");
        org.junit.jupiter.api.Assertions.assertTrue(absent.contains(
                ".add(\"resource:com/acme/rates.csv\",\"absent\")"), absent);
    }

    static Stream<Arguments> factoryCalls() {
        return Stream.of(
                Arguments.of("new factory, then get",
                        "value = new RatesFactory().get(n).rate;"),
                Arguments.of("a variable of the factory's type",
                        "RatesFactory rates = new RatesFactory();\n        value ="
                                + " rates.get(n).rate;"),
                Arguments.of("var", "var rates = new RatesFactory();\n        value ="
                        + " rates.get(n).rate;"));
    }

    private TestProject project(Case reached) {
        TestProject project = new TestProject(directory.resolve("p"));
        reached.sources().forEach(project::source);
        return project;
    }
}
