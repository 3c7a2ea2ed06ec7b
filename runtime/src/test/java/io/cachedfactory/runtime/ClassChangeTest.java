package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A payload written by one version of the cached type (or of a class its fields hold) and read by
 * another must be refused, for both built-in codecs, never loaded as a wrong object: each change
 * below is a miss. The two versions are compiled into class loaders of their own, as a process
 * sees a class before and after an edit. Each class declares its serialVersionUID, as careful
 * users do, so Java serialization alone would not notice a change.
 */
class ClassChangeTest {

    @TempDir
    Path dir;

    private static final String SHAPE = "cf.evolve.Shape";
    private static final String PART = "cf.evolve.Part";

    /** The version a payload is written with. */
    private static final String SHAPE_V1 = shape("int sides; String name; Part part; Kind kind;",
            "s.sides = 3; s.name = \"triangle\"; s.part = Part.sample(); s.kind = Kind.FLAT;");
    private static final String PART_V1 = part("double weight; int count;",
            "p.weight = 1.5; p.count = 2;");
    private static final String KIND_V1 = "package cf.evolve; public enum Kind { FLAT, SOLID }";

    static Stream<Arguments> changes() {
        Map<String, String[]> changes = new java.util.LinkedHashMap<>();
        changes.put("field added", new String[] {
            shape("int sides; String name; Part part; Kind kind; int corners;",
                    "s.sides = 3;"), PART_V1, KIND_V1});
        changes.put("field removed", new String[] {
            shape("int sides; Part part; Kind kind;", "s.sides = 3;"), PART_V1, KIND_V1});
        changes.put("field renamed", new String[] {
            shape("int sides; String label; Part part; Kind kind;", "s.sides = 3;"), PART_V1,
            KIND_V1});
        changes.put("field retyped", new String[] {
            shape("long sides; String name; Part part; Kind kind;", "s.sides = 3;"), PART_V1,
            KIND_V1});
        changes.put("fields reordered", new String[] {
            shape("String name; int sides; Part part; Kind kind;", "s.sides = 3;"), PART_V1,
            KIND_V1});
        changes.put("nested: field added", new String[] {
            SHAPE_V1, part("double weight; int count; int extra;", "p.count = 2;"), KIND_V1});
        changes.put("nested: field removed", new String[] {
            SHAPE_V1, part("double weight;", "p.weight = 1.5;"), KIND_V1});
        changes.put("nested: field renamed", new String[] {
            SHAPE_V1, part("double mass; int count;", "p.count = 2;"), KIND_V1});
        changes.put("nested: field retyped", new String[] {
            SHAPE_V1, part("float weight; int count;", "p.count = 2;"), KIND_V1});
        changes.put("nested: fields reordered", new String[] {
            SHAPE_V1, part("int count; double weight;", "p.count = 2;"), KIND_V1});
        changes.put("enum constants reordered", new String[] {
            SHAPE_V1, PART_V1, "package cf.evolve; public enum Kind { SOLID, FLAT }"});
        Stream.Builder<Arguments> cases = Stream.builder();
        for (Codecs codec : Codecs.values()) {
            changes.forEach((change, v2) -> cases.add(Arguments.of(codec, change, v2)));
        }
        return cases.build();
    }

    enum Codecs {
        FORY(ForyCodec::forType),
        JAVA_SERIALIZATION(JavaSerializationCodec::forType);

        private final Function<Class<Object>, Codec<Object>> forType;

        Codecs(Function<Class<Object>, Codec<Object>> forType) {
            this.forType = forType;
        }

        @SuppressWarnings("unchecked")
        Codec<Object> forType(Class<?> type) {
            return forType.apply((Class<Object>) type);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("changes")
    void read_classChangedSinceWritten_refused(Codecs codecs, String change, String[] v2)
            throws IOException {
        ClassLoader before = ClassVersions.compile(Map.of(SHAPE, SHAPE_V1, PART, PART_V1,
                "cf.evolve.Kind", KIND_V1));
        ClassLoader after = ClassVersions.compile(Map.of(SHAPE, v2[0], PART, v2[1],
                "cf.evolve.Kind", v2[2]));
        Codec<Object> writer = codecs.forType(ClassVersions.load(before, SHAPE));
        CodecFilePayload payload = CodecFilePayload.written(dir.resolve("payload"),
                out -> writer.write(ClassVersions.sample(before, SHAPE), out));

        Codec<Object> reader = codecs.forType(ClassVersions.load(after, SHAPE));

        assertThrows(IOException.class, () -> reader.read(payload), change);
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void read_sameClassInAnotherLoader_roundTrips(Codecs codecs) throws IOException {
        ClassLoader before = ClassVersions.compile(Map.of(SHAPE, SHAPE_V1, PART, PART_V1,
                "cf.evolve.Kind", KIND_V1));
        ClassLoader again = ClassVersions.compile(Map.of(SHAPE, SHAPE_V1, PART, PART_V1,
                "cf.evolve.Kind", KIND_V1));
        Codec<Object> writer = codecs.forType(ClassVersions.load(before, SHAPE));
        CodecFilePayload payload = CodecFilePayload.written(dir.resolve("payload"),
                out -> writer.write(ClassVersions.sample(before, SHAPE), out));

        Object read = codecs.forType(ClassVersions.load(again, SHAPE)).read(payload);

        assertInstanceOf(ClassVersions.load(again, SHAPE), read);
        assertEquals("triangle/3/1.5x2/FLAT", read.toString());
    }

    static Stream<Codecs> codecs() {
        return Stream.of(Codecs.values());
    }

    private static String shape(String fields, String sample) {
        return "package cf.evolve; public final class Shape implements java.io.Serializable {"
                + " private static final long serialVersionUID = 1L; " + fields
                + " public static Shape sample() { Shape s = new Shape(); " + sample
                + " return s; }"
                + " public String toString() { return describe(this); }"
                + " static String describe(Object o) { try { return String.valueOf("
                + "o.getClass().getDeclaredField(\"name\").get(o)) + \"/\" + o.getClass()"
                + ".getDeclaredField(\"sides\").get(o) + \"/\" + o.getClass().getDeclaredField("
                + "\"part\").get(o) + \"/\" + o.getClass().getDeclaredField(\"kind\").get(o); }"
                + " catch (ReflectiveOperationException e) { return e.toString(); } } }";
    }

    private static String part(String fields, String sample) {
        return "package cf.evolve; public final class Part implements java.io.Serializable {"
                + " private static final long serialVersionUID = 1L; " + fields
                + " public static Part sample() { Part p = new Part(); " + sample
                + " return p; }"
                + " public String toString() { try { return getClass().getDeclaredField("
                + "\"weight\").get(this) + \"x\" + getClass().getDeclaredField(\"count\")"
                + ".get(this); } catch (ReflectiveOperationException e) { return e.toString(); }"
                + " } }";
    }
}
