package io.cachedfactory.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Arrays;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Acceptance 2: every misuse is one error, with its message, at the line at fault. */
class ValidationTest {

    /** Class {@code test.<className>}: {@code package test;} followed by {@code body}. */
    private static JavaFileObject source(String className, String body) {
        return JavaFileObjects.forSourceString("test." + className, "package test;\n" + body);
    }

    private static Compilation compile(JavaFileObject... sources) {
        return Goldens.compiler().compile(sources);
    }

    /**
     * Class {@code test.Bad} with a constructor taking a String, annotated
     * {@code @CachedFactory(<attributes>)}.
     */
    private static JavaFileObject badWithAttributes(String attributes) {
        return source("Bad", "@io.cachedfactory.CachedFactory(" + attributes + ")\n" + """
                public final class Bad {
                    public Bad(String name) {}
                }
                """);
    }

    /**
     * Class {@code test.Bad}, annotated {@code @CachedFactory}, with a constructor taking a String
     * and {@code method} under {@code annotation}.
     */
    private static JavaFileObject badWithMethod(String annotation, String method) {
        return source("Bad", """
                @io.cachedfactory.CachedFactory
                public final class Bad {
                    public Bad(String name) {}
                    %s
                    %s
                }
                """.formatted(annotation, method));
    }

    /**
     * Compiles {@code others}, then {@code file}, and asserts an error containing {@code message}
     * in {@code file}, on the one line containing {@code line}; returns the compilation for any
     * further checks.
     */
    private static Compilation assertError(JavaFileObject file, String message, String line,
            JavaFileObject... others) {
        JavaFileObject[] sources = Arrays.copyOf(others, others.length + 1);
        sources[others.length] = file;
        Compilation compilation = compile(sources);
        assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
        return compilation;
    }

    /** Compiles {@code file} and asserts that it generated {@code factory} without warnings. */
    private static void assertGenerates(JavaFileObject file, String factory) {
        Compilation compilation = compile(file);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile(factory);
    }

    @Nested
    class CachedType {

        @Test
        void process_abstractClass_failsOnClass() {
            Compilation compilation = assertError(source("Bad", """
                    @io.cachedfactory.CachedFactory
                    public abstract class Bad {
                        public Bad(String name) {}
                    }
                    """),
                    "[CachedFactoryConcrete] test.Bad is abstract; @CachedFactory on a type or"
                            + " constructor needs a concrete class or record",
                    "abstract class Bad");
            assertThat(compilation).hadErrorCount(1);
        }

        @Test
        void process_interface_failsOnInterface() {
            assertError(source("Bad", """
                    @io.cachedfactory.CachedFactory
                    public interface Bad {
                    }
                    """),
                    "test.Bad is an interface", "interface Bad");
        }

        @Test
        void process_noNonPrivateConstructor_failsOnClass() {
            assertError(source("Bad", """
                    @io.cachedfactory.CachedFactory
                    public final class Bad {
                        private Bad(String name) {}
                    }
                    """),
                    "[CachedFactoryConstructor] test.Bad has no non-private constructor",
                    "class Bad");
        }

        @Test
        void process_nonStaticInnerClass_failsOnInnerClass() {
            assertError(source("Outer", """
                    public class Outer {
                        @io.cachedfactory.CachedFactory
                        public final class Inner {
                            public Inner(String name) {}
                        }
                    }
                    """),
                    "[CachedFactoryInner] test.Outer.Inner is an inner (non-static) class",
                    "class Inner");
        }

        @Test
        void process_privateNestedClass_failsOnNestedClass() {
            assertError(source("Outer", """
                    public class Outer {
                        @io.cachedfactory.CachedFactory
                        private static final class Hidden {
                            Hidden(String name) {}
                        }
                    }
                    """),
                    "[CachedFactoryPrivate] test.Outer.Hidden is private", "class Hidden");
        }

        @Test
        void process_genericClass_failsOnClass() {
            assertError(source("Bad", """
                    @io.cachedfactory.CachedFactory
                    public final class Bad<T> {
                        public Bad(String name) {}
                    }
                    """),
                    "[CachedFactoryGeneric] test.Bad declares type parameters", "class Bad<T>");
        }

        @Test
        void process_nonFinalField_warnsOnField() {
            JavaFileObject src = source("Loose", """
                    @io.cachedfactory.CachedFactory
                    public final class Loose implements java.io.Serializable {
                        private int counter;
                        public Loose(String name) {}
                    }
                    """);
            Compilation compilation = compile(src);
            assertThat(compilation).succeeded();
            assertThat(compilation).hadWarningContaining(
                    "[CachedFactoryMutable] field counter is not final; cached objects are shared"
                            + " and stored, so Loose should be immutable")
                    .inFile(src).onLineContaining("private int counter;");
            assertThat(compilation).generatedSourceFile("test.LooseFactory");
        }
    }

    @Nested
    class Placement {

        @Test
        void process_privateAnnotatedConstructor_failsOnConstructor() {
            assertError(source("Bad", """
                    public final class Bad {
                        @io.cachedfactory.CachedFactory
                        private Bad(String name) {}
                    }
                    """),
                    "[CachedFactoryPrivate] Bad(java.lang.String) is private",
                    "private Bad(String name)");
        }

        @Test
        void process_privateAnnotatedMethod_failsOnMethod() {
            assertError(source("Bad", """
                    public final class Bad {
                        Bad() {}
                        @io.cachedfactory.CachedFactory
                        private static Bad load(String name) { return new Bad(); }
                    }
                    """),
                    "[CachedFactoryPrivate] load(java.lang.String) is private",
                    "private static Bad load");
        }

        @Test
        void process_staticMethodReturningOtherType_failsOnMethod() {
            assertError(source("Bad", """
                    public final class Bad {
                        Bad() {}
                        @io.cachedfactory.CachedFactory
                        static String load(String name) { return name; }
                    }
                    """),
                    "[CachedFactoryReturn] static method load(java.lang.String) returns"
                            + " java.lang.String; a @CachedFactory method must return the class it"
                            + " is declared in, test.Bad",
                    "static String load");
        }

        @Test
        void process_instanceMethod_failsOnMethod() {
            assertError(source("Bad", """
                    public final class Bad {
                        Bad() {}
                        @io.cachedfactory.CachedFactory
                        Bad copy(String name) { return this; }
                    }
                    """),
                    "[CachedFactoryStatic] method copy(java.lang.String) is not static",
                    "Bad copy(String name)");
        }

        @Test
        void process_onClassAndConstructor_failsOnConstructorAnnotation() {
            assertError(source("Bad", """
                    @io.cachedfactory.CachedFactory
                    public final class Bad {
                        @io.cachedfactory.CachedFactory(maxAge = "PT1H")
                        public Bad(String name) {}
                    }
                    """),
                    "[CachedFactoryPlacement] @CachedFactory is on class test.Bad and on its"
                            + " member Bad(java.lang.String)",
                    "CachedFactory(maxAge");
        }

        @Test
        void process_differentAttributesOnTwoConstructors_failsOnSecond() {
            assertError(source("Bad", """
                    public final class Bad implements java.io.Serializable {
                        @io.cachedfactory.CachedFactory(maxAge = "PT1H")
                        public Bad(String name) {}
                        @io.cachedfactory.CachedFactory(maxAge = "PT2H")
                        public Bad(int size) {}
                    }
                    """),
                    "[CachedFactoryConflict] this @CachedFactory's attributes differ from those on"
                            + " Bad(java.lang.String)",
                    "PT2H");
        }

        @Test
        void process_staticMethodNamedLikeFactoryMember_failsOnMethod() {
            assertError(source("Bad", """
                    public final class Bad implements java.io.Serializable {
                        Bad() {}
                        @io.cachedfactory.CachedFactory
                        static Bad state(String name) { return new Bad(); }
                    }
                    """),
                    "[CachedFactoryMethod] state(java.lang.String) would become factory method"
                            + " state(java.lang.String)",
                    "static Bad state");
        }

        @Test
        void process_constructorAndMethodWithSameParameters_failsOnSecond() {
            assertError(source("Bad", """
                    public final class Bad implements java.io.Serializable {
                        @io.cachedfactory.CachedFactory
                        Bad(String name) {}
                        @io.cachedfactory.CachedFactory
                        static Bad load(String path) { return new Bad(path); }
                    }
                    """),
                    "clashes with the state and invalidate methods made for Bad(java.lang.String)",
                    "static Bad load");
        }
    }

    @Nested
    class Keys {

        @Test
        void process_objectParameter_failsOnParameter() {
            assertError(source("Bad", """
                    @io.cachedfactory.CachedFactory
                    public final class Bad {
                        public Bad(String name,
                                Object rows) {}
                    }
                    """),
                    "[CachedFactoryKey] parameter 'rows' of type java.lang.Object cannot be part of"
                            + " a persistent key; use a primitive, String, enum, record,"
                            + " List/Set/Map of those, or implement io.cachedfactory.CacheKey",
                    "Object rows");
        }

        @Test
        void process_recordWithObjectComponent_failsNamingComponent() {
            assertError(source("Bad", """
                    @io.cachedfactory.CachedFactory
                    public final class Bad {
                        public record Range(int from, Object to) {}
                        public Bad(java.util.List<Range> ranges) {}
                    }
                    """),
                    "parameter 'ranges' of type java.util.List<test.Bad.Range> cannot be part of a"
                            + " persistent key because of java.lang.Object in record component"
                            + " 'to' of test.Bad.Range",
                    "List<Range> ranges");
        }

        @Test
        void process_rawList_failsOnParameter() {
            assertError(source("Bad", """
                    @io.cachedfactory.CachedFactory
                    public final class Bad {
                        @SuppressWarnings("rawtypes")
                        public Bad(java.util.List names) {}
                    }
                    """),
                    "parameter 'names' of type java.util.List cannot be part of a persistent key"
                            + " because of raw java.util.List",
                    "List names");
        }

        @Test
        void process_allowedKeyTypes_succeed() {
            assertGenerates(source("Good", """
                    import java.util.*;
                    @io.cachedfactory.CachedFactory
                    public final class Good implements java.io.Serializable {
                        public enum Mode { A }
                        public record Point(int x, Optional<String> label) {}
                        public static final class Custom implements io.cachedfactory.CacheKey {
                            public Object cacheKey() { return 1; }
                        }
                        public Good(byte b, Integer i, String s, Mode m, Point p, long[] a,
                                List<Point> l, Set<UUID> u, Map<String, List<Integer>> map,
                                Optional<java.math.BigDecimal> d, java.math.BigInteger big,
                                java.time.LocalDate day, java.time.ZoneId zone, Custom custom,
                                ArrayList<? extends Mode> modes, java.time.Month month) {}
                    }
                    """),
                    "test.GoodFactory");
        }
    }

    @Nested
    class Attributes {

        @Test
        void process_malformedMaxAge_failsOnAttribute() {
            assertError(badWithAttributes("maxAge = \"30 days\""),
                    "[CachedFactoryMaxAge] maxAge \"30 days\" is not a positive ISO-8601 duration;"
                            + " use for example \"PT12H\" or \"P30D\"",
                    "maxAge = \"30 days\"");
        }

        @Test
        void process_negativeMaxAge_failsOnAttribute() {
            assertError(badWithAttributes("maxAge = \"-PT1H\""),
                    "maxAge \"-PT1H\" is not a positive", "maxAge");
        }

        @Test
        void process_duplicateVersionOwner_failsOnSecondVersion() {
            assertError(source("Bad", """
                    import io.cachedfactory.Version;
                    @io.cachedfactory.CachedFactory(versions = {
                            @Version(owner = "alice", value = 1),
                            @Version(owner = "alice", value = 2)})
                    public final class Bad {
                        public Bad(String name) {}
                    }
                    """),
                    "[CachedFactoryVersion] @Version owner \"alice\" appears more than once",
                    "value = 2");
        }

        @Test
        void process_blankVersionOwner_failsOnVersion() {
            assertError(source("Bad", """
                    import io.cachedfactory.Version;
                    @io.cachedfactory.CachedFactory(versions = {
                            @Version(owner = " ", value = 1)})
                    public final class Bad {
                        public Bad(String name) {}
                    }
                    """),
                    "[CachedFactoryVersion] @Version owner is blank", "owner = \" \"");
        }

        @Test
        void process_negativeVersionValue_failsOnVersion() {
            assertError(source("Bad", """
                    import io.cachedfactory.Version;
                    @io.cachedfactory.CachedFactory(versions = {
                            @Version(owner = "alice", value = -1)})
                    public final class Bad {
                        public Bad(String name) {}
                    }
                    """),
                    "[CachedFactoryVersion] @Version(owner = \"alice\") has value -1; counters"
                            + " start at 0 and only go up",
                    "value = -1");
        }

        @Test
        void process_missingResource_failsNamingPathAndPlaces() {
            assertError(badWithAttributes("resources = \"tables/missing.csv\""),
                    "[CachedFactoryResource] resource \"tables/missing.csv\" not found; looked in"
                            + " the class output",
                    "resources = \"tables/missing.csv\"");
        }

        @Test
        void process_absoluteResourcePath_failsOnAttribute() {
            assertError(badWithAttributes("resources = \"/etc/passwd\""),
                    "[CachedFactoryResource] resource \"/etc/passwd\" is not a relative path",
                    "/etc/passwd");
        }

        @Test
        void process_dependsOnPrimitive_failsOnAttribute() {
            assertError(badWithAttributes("dependsOn = {String.class, int.class}"),
                    "[CachedFactoryDependsOn] dependsOn names int.class, which is not a class or"
                            + " interface",
                    "int.class");
        }

        @Test
        void process_dependsOnArray_failsOnAttribute() {
            assertError(badWithAttributes("dependsOn = String[].class"),
                    "dependsOn names java.lang.String[].class, which is not a class or interface",
                    "String[].class");
        }

        @Test
        void process_twoFactoriesWithSameName_failsOnSecond() {
            JavaFileObject first = source("First", """
                    @io.cachedfactory.CachedFactory(name = "Shared")
                    public final class First implements java.io.Serializable {
                        public First(String name) {}
                    }
                    """);
            Compilation compilation = assertError(source("Second", """
                    @io.cachedfactory.CachedFactory(name = "Shared")
                    public final class Second implements java.io.Serializable {
                        public Second(String name) {}
                    }
                    """),
                    "[CachedFactoryName] factory name test.Shared is already taken by the factory"
                            + " of test.First",
                    "name = \"Shared\"", first);
            assertThat(compilation).hadErrorCount(1);
        }

        @Test
        void process_nameOfExistingClass_failsOnAnnotation() {
            JavaFileObject existing = source("BadFactory", """
                    public final class BadFactory {
                    }
                    """);
            assertError(source("Bad", """
                    @io.cachedfactory.CachedFactory
                    public final class Bad {
                        public Bad(String name) {}
                    }
                    """),
                    "[CachedFactoryName] factory name test.BadFactory is already taken by class"
                            + " test.BadFactory",
                    "@io.cachedfactory.CachedFactory", existing);
        }

        @Test
        void process_invalidName_failsOnAttribute() {
            assertError(badWithAttributes("name = \"Bad-Factory\""),
                    "[CachedFactoryName] factory name \"Bad-Factory\" is not a Java identifier",
                    "Bad-Factory");
        }

        @Test
        void process_codecForOtherType_failsOnAttribute() {
            JavaFileObject codec = source("StringCodec", """
                    import io.cachedfactory.runtime.*;
                    public final class StringCodec implements Codec<String> {
                        public String id() { return "s"; }
                        public void write(String v, java.io.OutputStream out) {}
                        public String read(Payload p) { return ""; }
                    }
                    """);
            assertError(badWithAttributes("codec = StringCodec.class"),
                    "[CachedFactoryCodec] codec test.StringCodec does not implement"
                            + " io.cachedfactory.runtime.Codec<test.Bad>",
                    "codec = StringCodec.class", codec);
        }

        @Test
        void process_codecWithoutNoArgConstructor_failsOnAttribute() {
            assertError(source("Bad", """
                    import io.cachedfactory.runtime.*;
                    @io.cachedfactory.CachedFactory(codec = Bad.BadCodec.class)
                    public final class Bad {
                        public Bad(String name) {}
                        public static final class BadCodec implements Codec<Bad> {
                            public BadCodec(int size) {}
                            public String id() { return "b"; }
                            public void write(Bad v, java.io.OutputStream out) {}
                            public Bad read(Payload p) { return null; }
                        }
                    }
                    """),
                    "[CachedFactoryCodec] codec test.Bad.BadCodec needs to be a public,"
                            + " non-abstract class with a public no-argument constructor",
                    "codec = Bad.BadCodec.class");
        }
    }

    @Nested
    class TraitsAndInvariants {

        @Test
        void process_nonStaticTraits_failsOnMethod() {
            assertError(badWithMethod("@io.cachedfactory.Traits",
                    "String traits(String name) { return name; }"),
                    "[CachedFactoryTraits] @Traits method traits(java.lang.String) must be static"
                            + " and non-private, take only parameters of every factory method (same"
                            + " name and type) and return a key-encodable value; it is not static",
                    "String traits(String name)");
        }

        @Test
        void process_traitsWithForeignParameter_failsNamingParameter() {
            assertError(badWithMethod("@io.cachedfactory.Traits",
                    "static String traits(int name) { return \"\"; }"),
                    "its parameter 'name' of type int is not a parameter of Bad(java.lang.String)",
                    "static String traits(int name)");
        }

        @Test
        void process_traitsReturningObject_failsOnMethod() {
            assertError(badWithMethod("@io.cachedfactory.Traits",
                    "static Object traits() { return 1; }"),
                    "its return type java.lang.Object cannot be part of a key",
                    "static Object traits()");
        }

        @Test
        void process_staticInvariant_failsOnMethod() {
            assertError(badWithMethod("@io.cachedfactory.Invariant",
                    "static boolean valid() { return true; }"),
                    "[CachedFactoryInvariant] @Invariant method valid() must be a non-private,"
                            + " non-static method without parameters returning boolean; it is"
                            + " static",
                    "static boolean valid()");
        }

        @Test
        void process_invariantWithParameter_failsOnMethod() {
            assertError(badWithMethod("@io.cachedfactory.Invariant",
                    "boolean valid(int depth) { return true; }"),
                    "it takes parameters", "boolean valid(int depth)");
        }

        @Test
        void process_invariantReturningInt_failsOnMethod() {
            assertError(badWithMethod("@io.cachedfactory.Invariant",
                    "int valid() { return 1; }"),
                    "it returns int", "int valid()");
        }
    }
}
