package io.cachedfactory.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11, acceptance 4: code the fingerprint cannot see through gets a warning on the call site,
 * with its tag, message and line; {@code @SuppressWarnings("cachedfactory")} silences it; the same
 * call in code no build reaches gets none.
 */
class CallSiteWarningTest {

    @TempDir
    Path directory;

    /** The cached type: {@code call} sits on line 14 of a helper its constructor calls. */
    static TestProject project(Path root, String call, String suppression) {
        return new TestProject(root)
                .source("com/acme/Model.java", """
                        package com.acme;

                        import io.cachedfactory.CachedFactory;

                        @CachedFactory
                        public final class Model implements java.io.Serializable {
                            private final String value;

                            public Model(int n) {
                                value = Loader.load(n);
                            }
                        }
                        """)
                .source("com/acme/Loader.java", """
                        package com.acme;

                        final class Loader {
                            static String load(int n) {
                                try {
                                    return String.valueOf(n) + tail();
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            }

                            %s
                            private static Object tail() throws Exception {
                                return %s;
                            }

                            static Object unreached() throws Exception {
                                return %2$s;
                            }
                        }
                        """.formatted(suppression, call));
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of("Class.forName(\"com.acme.Model\")", "CachedFactoryDynamic",
                        "Class.forName(...) loads code chosen at run time"),
                Arguments.of("Loader.class.getMethod(\"tail\").invoke(null)",
                        "CachedFactoryDynamic", "Method.invoke(...) loads code chosen"),
                Arguments.of("Loader.class.getDeclaredConstructor().newInstance()",
                        "CachedFactoryDynamic", "Constructor.newInstance(...) loads code"),
                Arguments.of("java.lang.invoke.MethodHandles.lookup().findStatic(Loader.class,"
                        + " \"tail\", java.lang.invoke.MethodType.methodType(Object.class))",
                        "CachedFactoryDynamic", "Lookup.findStatic(...) loads code"),
                Arguments.of("java.util.ServiceLoader.load(Runnable.class)",
                        "CachedFactoryDynamic", "ServiceLoader.load(...) loads code"),
                Arguments.of("Loader.class.getClassLoader().loadClass(\"com.acme.Model\")",
                        "CachedFactoryDynamic", "ClassLoader.loadClass(...) loads code"),
                Arguments.of("java.nio.file.Files.readString(java.nio.file.Path.of(\"a.txt\"))",
                        "CachedFactoryInput", "Files.readString(...) reads a file from outside"),
                Arguments.of("new java.io.FileInputStream(\"a.txt\")", "CachedFactoryInput",
                        "new FileInputStream(...) reads a file from outside"),
                Arguments.of("new java.net.URL(\"http://example.com\").openStream()",
                        "CachedFactoryInput", "URL.openStream(...) reads the network"),
                Arguments.of("System.getenv(\"HOME\")", "CachedFactoryInput",
                        "System.getenv(...) reads an environment variable"),
                Arguments.of("System.getProperty(\"user.name\")", "CachedFactoryInput",
                        "System.getProperty(...) reads a system property"),
                Arguments.of("System.currentTimeMillis()", "CachedFactoryInput",
                        "System.currentTimeMillis(...) reads the clock"),
                Arguments.of("java.time.LocalDate.now()", "CachedFactoryInput",
                        "LocalDate.now(...) reads the clock"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aBlindSpotInReachedCode_isWarnedOnItsLine(String call, String tag, String text) {
        TestProject.Outcome outcome = project(directory.resolve("p"), call, "").tryCompile();
        assertTrue(outcome.ok(), outcome::toString);
        List<Diagnostic<? extends JavaFileObject>> warnings = warnings(outcome);
        assertEquals(1, warnings.size(), () -> "one warning, in tail() only: " + outcome);
        Diagnostic<? extends JavaFileObject> warning = warnings.get(0);
        String message = warning.getMessage(Locale.ROOT);
        assertTrue(message.startsWith("[" + tag + "] " + text), message);
        assertTrue(message.contains("com.acme.ModelFactory"), message);
        assertTrue(message.contains(tag.equals("CachedFactoryDynamic")
                ? "list it in dependsOn or bump a @Version counter"
                : "make it an argument or a @Traits value, or set maxAge"), message);
        assertEquals(14, warning.getLineNumber());
        assertTrue(warning.getSource().getName().endsWith("Loader.java"));
    }

    @Test
    void suppressWarningsOnTheMember_silencesIt() {
        TestProject.Outcome outcome = project(directory.resolve("p"), "System.nanoTime()",
                "@SuppressWarnings(\"cachedfactory\")").tryCompile();
        assertTrue(outcome.ok(), outcome::toString);
        assertEquals(List.of(), warnings(outcome));
        TestProject.Outcome unsuppressed = project(directory.resolve("q"), "System.nanoTime()",
                "@SuppressWarnings(\"unchecked\")").tryCompile();
        assertEquals(1, warnings(unsuppressed).size(), unsuppressed::toString);
    }

    private static List<Diagnostic<? extends JavaFileObject>> warnings(
            TestProject.Outcome outcome) {
        return outcome.diagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.WARNING
                        || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
                .filter(d -> d.getMessage(Locale.ROOT).startsWith("[CachedFactory"))
                .toList();
    }
}
