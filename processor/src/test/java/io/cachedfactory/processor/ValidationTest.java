package io.cachedfactory.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Acceptance 2: every misuse is one error, with its message, at the line at fault. */
class ValidationTest {

    private static JavaFileObject source(String className, String... lines) {
        return JavaFileObjects.forSourceLines("test." + className, lines);
    }

    private static Compilation compile(JavaFileObject... sources) {
        return Goldens.compiler().compile(sources);
    }

    @Nested
    class CachedType {

        @Test
        void process_abstractClass_failsOnClass() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public abstract class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            Compilation compilation = compile(src);
            assertThat(compilation).hadErrorContaining(
                    "[CachedFactoryConcrete] test.Bad is abstract; @CachedFactory on a type or"
                            + " constructor needs a concrete class or record")
                    .inFile(src).onLineContaining("abstract class Bad");
            assertThat(compilation).hadErrorCount(1);
        }

        @Test
        void process_interface_failsOnInterface() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public interface Bad {",
                    "}");
            assertThat(compile(src)).hadErrorContaining("test.Bad is an interface")
                    .inFile(src).onLineContaining("interface Bad");
        }

        @Test
        void process_noNonPrivateConstructor_failsOnClass() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad {",
                    "    private Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryConstructor] test.Bad has no non-private constructor")
                    .inFile(src).onLineContaining("class Bad");
        }

        @Test
        void process_nonStaticInnerClass_failsOnInnerClass() {
            JavaFileObject src = source("Outer",
                    "package test;",
                    "public class Outer {",
                    "    @io.cachedfactory.CachedFactory",
                    "    public final class Inner {",
                    "        public Inner(String name) {}",
                    "    }",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryInner] test.Outer.Inner is an inner (non-static) class")
                    .inFile(src).onLineContaining("class Inner");
        }

        @Test
        void process_privateNestedClass_failsOnNestedClass() {
            JavaFileObject src = source("Outer",
                    "package test;",
                    "public class Outer {",
                    "    @io.cachedfactory.CachedFactory",
                    "    private static final class Hidden {",
                    "        Hidden(String name) {}",
                    "    }",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryPrivate] test.Outer.Hidden is private")
                    .inFile(src).onLineContaining("class Hidden");
        }

        @Test
        void process_genericClass_failsOnClass() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad<T> {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryGeneric] test.Bad declares type parameters")
                    .inFile(src).onLineContaining("class Bad<T>");
        }

        @Test
        void process_nonFinalField_warnsOnField() {
            JavaFileObject src = source("Loose",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Loose implements java.io.Serializable {",
                    "    private int counter;",
                    "    public Loose(String name) {}",
                    "}");
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
            JavaFileObject src = source("Bad",
                    "package test;",
                    "public final class Bad {",
                    "    @io.cachedfactory.CachedFactory",
                    "    private Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryPrivate] Bad(java.lang.String) is private")
                    .inFile(src).onLineContaining("private Bad(String name)");
        }

        @Test
        void process_privateAnnotatedMethod_failsOnMethod() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "public final class Bad {",
                    "    Bad() {}",
                    "    @io.cachedfactory.CachedFactory",
                    "    private static Bad load(String name) { return new Bad(); }",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryPrivate] load(java.lang.String) is private")
                    .inFile(src).onLineContaining("private static Bad load");
        }

        @Test
        void process_staticMethodReturningOtherType_failsOnMethod() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "public final class Bad {",
                    "    Bad() {}",
                    "    @io.cachedfactory.CachedFactory",
                    "    static String load(String name) { return name; }",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryReturn] static method load(java.lang.String) returns"
                            + " java.lang.String; a @CachedFactory method must return the class it"
                            + " is declared in, test.Bad")
                    .inFile(src).onLineContaining("static String load");
        }

        @Test
        void process_instanceMethod_failsOnMethod() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "public final class Bad {",
                    "    Bad() {}",
                    "    @io.cachedfactory.CachedFactory",
                    "    Bad copy(String name) { return this; }",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryStatic] method copy(java.lang.String) is not static")
                    .inFile(src).onLineContaining("Bad copy(String name)");
        }

        @Test
        void process_onClassAndConstructor_failsOnConstructorAnnotation() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad {",
                    "    @io.cachedfactory.CachedFactory(maxAge = \"PT1H\")",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryPlacement] @CachedFactory is on class test.Bad and on its"
                            + " member Bad(java.lang.String)")
                    .inFile(src).onLineContaining("CachedFactory(maxAge");
        }

        @Test
        void process_differentAttributesOnTwoConstructors_failsOnSecond() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "public final class Bad implements java.io.Serializable {",
                    "    @io.cachedfactory.CachedFactory(maxAge = \"PT1H\")",
                    "    public Bad(String name) {}",
                    "    @io.cachedfactory.CachedFactory(maxAge = \"PT2H\")",
                    "    public Bad(int size) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryConflict] this @CachedFactory's attributes differ from those on"
                            + " Bad(java.lang.String)")
                    .inFile(src).onLineContaining("PT2H");
        }

        @Test
        void process_staticMethodNamedLikeFactoryMember_failsOnMethod() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "public final class Bad implements java.io.Serializable {",
                    "    Bad() {}",
                    "    @io.cachedfactory.CachedFactory",
                    "    static Bad state(String name) { return new Bad(); }",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryMethod] state(java.lang.String) would become factory method"
                            + " state(java.lang.String)")
                    .inFile(src).onLineContaining("static Bad state");
        }

        @Test
        void process_constructorAndMethodWithSameParameters_failsOnSecond() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "public final class Bad implements java.io.Serializable {",
                    "    @io.cachedfactory.CachedFactory",
                    "    Bad(String name) {}",
                    "    @io.cachedfactory.CachedFactory",
                    "    static Bad load(String path) { return new Bad(path); }",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "clashes with the state and invalidate methods made for Bad(java.lang.String)")
                    .inFile(src).onLineContaining("static Bad load");
        }
    }

    @Nested
    class Keys {

        @Test
        void process_objectParameter_failsOnParameter() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad {",
                    "    public Bad(String name,",
                    "            Object rows) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryKey] parameter 'rows' of type java.lang.Object cannot be part of"
                            + " a persistent key; use a primitive, String, enum, record,"
                            + " List/Set/Map of those, or implement io.cachedfactory.CacheKey")
                    .inFile(src).onLineContaining("Object rows");
        }

        @Test
        void process_recordWithObjectComponent_failsNamingComponent() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad {",
                    "    public record Range(int from, Object to) {}",
                    "    public Bad(java.util.List<Range> ranges) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "parameter 'ranges' of type java.util.List<test.Bad.Range> cannot be part of a"
                            + " persistent key because of java.lang.Object in record component"
                            + " 'to' of test.Bad.Range")
                    .inFile(src).onLineContaining("List<Range> ranges");
        }

        @Test
        void process_rawList_failsOnParameter() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad {",
                    "    @SuppressWarnings(\"rawtypes\")",
                    "    public Bad(java.util.List names) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "parameter 'names' of type java.util.List cannot be part of a persistent key"
                            + " because of raw java.util.List")
                    .inFile(src).onLineContaining("List names");
        }

        @Test
        void process_allowedKeyTypes_succeed() {
            JavaFileObject src = source("Good",
                    "package test;",
                    "import java.util.*;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Good implements java.io.Serializable {",
                    "    public enum Mode { A }",
                    "    public record Point(int x, Optional<String> label) {}",
                    "    public static final class Custom implements io.cachedfactory.CacheKey {",
                    "        public Object cacheKey() { return 1; }",
                    "    }",
                    "    public Good(byte b, Integer i, String s, Mode m, Point p, long[] a,",
                    "            List<Point> l, Set<UUID> u, Map<String, List<Integer>> map,",
                    "            Optional<java.math.BigDecimal> d, java.math.BigInteger big,",
                    "            java.time.LocalDate day, java.time.ZoneId zone, Custom custom,",
                    "            ArrayList<? extends Mode> modes, java.time.Month month) {}",
                    "}");
            Compilation compilation = compile(src);
            assertThat(compilation).succeededWithoutWarnings();
            assertThat(compilation).generatedSourceFile("test.GoodFactory");
        }
    }

    @Nested
    class Attributes {

        @Test
        void process_malformedMaxAge_failsOnAttribute() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory(maxAge = \"30 days\")",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryMaxAge] maxAge \"30 days\" is not a positive ISO-8601 duration;"
                            + " use for example \"PT12H\" or \"P30D\"")
                    .inFile(src).onLineContaining("maxAge = \"30 days\"");
        }

        @Test
        void process_negativeMaxAge_failsOnAttribute() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory(maxAge = \"-PT1H\")",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining("maxAge \"-PT1H\" is not a positive")
                    .inFile(src).onLineContaining("maxAge");
        }

        @Test
        void process_duplicateVersionOwner_failsOnSecondVersion() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "import io.cachedfactory.Version;",
                    "@io.cachedfactory.CachedFactory(versions = {",
                    "        @Version(owner = \"alice\", value = 1),",
                    "        @Version(owner = \"alice\", value = 2)})",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryVersion] @Version owner \"alice\" appears more than once")
                    .inFile(src).onLineContaining("value = 2");
        }

        @Test
        void process_blankVersionOwner_failsOnVersion() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "import io.cachedfactory.Version;",
                    "@io.cachedfactory.CachedFactory(versions = {",
                    "        @Version(owner = \" \", value = 1)})",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryVersion] @Version owner is blank")
                    .inFile(src).onLineContaining("owner = \" \"");
        }

        @Test
        void process_negativeVersionValue_failsOnVersion() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "import io.cachedfactory.Version;",
                    "@io.cachedfactory.CachedFactory(versions = {",
                    "        @Version(owner = \"alice\", value = -1)})",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryVersion] @Version(owner = \"alice\") has value -1; counters"
                            + " start at 0 and only go up")
                    .inFile(src).onLineContaining("value = -1");
        }

        @Test
        void process_missingResource_failsNamingPathAndPlaces() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory(resources = \"tables/missing.csv\")",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryResource] resource \"tables/missing.csv\" not found; looked in"
                            + " the class output")
                    .inFile(src).onLineContaining("resources = \"tables/missing.csv\"");
        }

        @Test
        void process_absoluteResourcePath_failsOnAttribute() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory(resources = \"/etc/passwd\")",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryResource] resource \"/etc/passwd\" is not a relative path")
                    .inFile(src).onLineContaining("/etc/passwd");
        }

        @Test
        void process_dependsOnPrimitive_failsOnAttribute() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory(dependsOn = {String.class, int.class})",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryDependsOn] dependsOn names int.class, which is not a class or"
                            + " interface")
                    .inFile(src).onLineContaining("int.class");
        }

        @Test
        void process_dependsOnArray_failsOnAttribute() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory(dependsOn = String[].class)",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "dependsOn names java.lang.String[].class, which is not a class or interface")
                    .inFile(src).onLineContaining("String[].class");
        }

        @Test
        void process_twoFactoriesWithSameName_failsOnSecond() {
            JavaFileObject first = source("First",
                    "package test;",
                    "@io.cachedfactory.CachedFactory(name = \"Shared\")",
                    "public final class First implements java.io.Serializable {",
                    "    public First(String name) {}",
                    "}");
            JavaFileObject second = source("Second",
                    "package test;",
                    "@io.cachedfactory.CachedFactory(name = \"Shared\")",
                    "public final class Second implements java.io.Serializable {",
                    "    public Second(String name) {}",
                    "}");
            Compilation compilation = compile(first, second);
            assertThat(compilation).hadErrorContaining(
                    "[CachedFactoryName] factory name test.Shared is already taken by the factory"
                            + " of test.First")
                    .inFile(second).onLineContaining("name = \"Shared\"");
            assertThat(compilation).hadErrorCount(1);
        }

        @Test
        void process_nameOfExistingClass_failsOnAnnotation() {
            JavaFileObject existing = source("BadFactory",
                    "package test;",
                    "public final class BadFactory {",
                    "}");
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(existing, src)).hadErrorContaining(
                    "[CachedFactoryName] factory name test.BadFactory is already taken by class"
                            + " test.BadFactory")
                    .inFile(src).onLineContaining("@io.cachedfactory.CachedFactory");
        }

        @Test
        void process_invalidName_failsOnAttribute() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory(name = \"Bad-Factory\")",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryName] factory name \"Bad-Factory\" is not a Java identifier")
                    .inFile(src).onLineContaining("Bad-Factory");
        }

        @Test
        void process_codecForOtherType_failsOnAttribute() {
            JavaFileObject codec = source("StringCodec",
                    "package test;",
                    "import io.cachedfactory.runtime.*;",
                    "public final class StringCodec implements Codec<String> {",
                    "    public String id() { return \"s\"; }",
                    "    public void write(String v, java.io.OutputStream out) {}",
                    "    public String read(Payload p) { return \"\"; }",
                    "}");
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory(codec = StringCodec.class)",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "}");
            assertThat(compile(codec, src)).hadErrorContaining(
                    "[CachedFactoryCodec] codec test.StringCodec does not implement"
                            + " io.cachedfactory.runtime.Codec<test.Bad>")
                    .inFile(src).onLineContaining("codec = StringCodec.class");
        }

        @Test
        void process_codecWithoutNoArgConstructor_failsOnAttribute() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "import io.cachedfactory.runtime.*;",
                    "@io.cachedfactory.CachedFactory(codec = Bad.BadCodec.class)",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "    public static final class BadCodec implements Codec<Bad> {",
                    "        public BadCodec(int size) {}",
                    "        public String id() { return \"b\"; }",
                    "        public void write(Bad v, java.io.OutputStream out) {}",
                    "        public Bad read(Payload p) { return null; }",
                    "    }",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryCodec] codec test.Bad.BadCodec needs to be a public,"
                            + " non-abstract class with a public no-argument constructor")
                    .inFile(src).onLineContaining("codec = Bad.BadCodec.class");
        }
    }

    @Nested
    class TraitsAndInvariants {

        @Test
        void process_nonStaticTraits_failsOnMethod() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "    @io.cachedfactory.Traits",
                    "    String traits(String name) { return name; }",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryTraits] @Traits method traits(java.lang.String) must be static"
                            + " and non-private, take only parameters of every factory method (same"
                            + " name and type) and return a key-encodable value; it is not static")
                    .inFile(src).onLineContaining("String traits(String name)");
        }

        @Test
        void process_traitsWithForeignParameter_failsNamingParameter() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "    @io.cachedfactory.Traits",
                    "    static String traits(int name) { return \"\"; }",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "its parameter 'name' of type int is not a parameter of Bad(java.lang.String)")
                    .inFile(src).onLineContaining("static String traits(int name)");
        }

        @Test
        void process_traitsReturningObject_failsOnMethod() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "    @io.cachedfactory.Traits",
                    "    static Object traits() { return 1; }",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "its return type java.lang.Object cannot be part of a key")
                    .inFile(src).onLineContaining("static Object traits()");
        }

        @Test
        void process_staticInvariant_failsOnMethod() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "    @io.cachedfactory.Invariant",
                    "    static boolean valid() { return true; }",
                    "}");
            assertThat(compile(src)).hadErrorContaining(
                    "[CachedFactoryInvariant] @Invariant method valid() must be a non-private,"
                            + " non-static method without parameters returning boolean; it is"
                            + " static")
                    .inFile(src).onLineContaining("static boolean valid()");
        }

        @Test
        void process_invariantWithParameter_failsOnMethod() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "    @io.cachedfactory.Invariant",
                    "    boolean valid(int depth) { return true; }",
                    "}");
            assertThat(compile(src)).hadErrorContaining("it takes parameters")
                    .inFile(src).onLineContaining("boolean valid(int depth)");
        }

        @Test
        void process_invariantReturningInt_failsOnMethod() {
            JavaFileObject src = source("Bad",
                    "package test;",
                    "@io.cachedfactory.CachedFactory",
                    "public final class Bad {",
                    "    public Bad(String name) {}",
                    "    @io.cachedfactory.Invariant",
                    "    int valid() { return 1; }",
                    "}");
            assertThat(compile(src)).hadErrorContaining("it returns int")
                    .inFile(src).onLineContaining("int valid()");
        }
    }
}
