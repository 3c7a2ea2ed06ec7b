package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaSerializationCodecTest {

    @TempDir
    Path dir;

    record Version1(int a) implements Serializable { }

    record Version2(int a) implements Serializable { }

    /** A cached value made of the JDK types the allowlist admits. */
    record Sample(List<Object> values, Map<String, Object> named, int[][] grid)
            implements Serializable { }

    @Test
    void read_writtenMatrix_roundTrips() throws IOException {
        JavaSerializationCodec<Matrix> codec = JavaSerializationCodec.forType(Matrix.class);
        Matrix read = codec.read(write(codec, new Matrix("seed", 5)));
        assertTrue(read.isExactly("seed", 5));
    }

    @Test
    void read_jdkValueTypesAndCollections_roundTrip() throws IOException {
        Map<Month, String> months = new EnumMap<>(Month.class);
        months.put(Month.MAY, "may");
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("listOf", List.of(1, 2, 3));
        named.put("listOfEmpty", List.of());
        named.put("setOf", Set.of("a", "b"));
        named.put("mapOf", Map.of("k", 1L));
        named.put("arrayList", new ArrayList<>(List.of('x')));
        named.put("linkedList", new LinkedList<>(List.of((short) 1)));
        named.put("asList", Arrays.asList("p", "q"));
        named.put("unmodifiable", Collections.unmodifiableList(new ArrayList<>(List.of(1.5))));
        named.put("unmodifiableMap", Collections.unmodifiableMap(new HashMap<>(Map.of(1, 2))));
        named.put("synchronized", Collections.synchronizedSet(new HashSet<>(Set.of(1f))));
        named.put("empty", Collections.emptyList());
        named.put("singleton", Collections.singletonList((byte) 1));
        named.put("hashSet", new HashSet<>(Set.of(1)));
        named.put("treeSet", new TreeSet<>(Set.of("z", "y")));
        named.put("linkedHashSet", new LinkedHashSet<>(List.of(3, 2)));
        named.put("reversed", new TreeMap<>(Comparator.reverseOrder()));
        named.put("enumMap", months);
        named.put("enumSet", EnumSet.of(Month.JANUARY, Month.JUNE));
        named.put("concurrent", new ConcurrentHashMap<>(Map.of("c", true)));
        named.put("bits", BitSet.valueOf(new long[] {5}));
        named.put("uuid", new UUID(1, 2));
        named.put("bigInteger", new BigInteger("123456789012345678901234567890"));
        named.put("bigDecimal", new BigDecimal("-1.50"));
        named.put("date", LocalDate.of(2024, 2, 29));
        named.put("zoned", ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Paris")));
        named.put("instant", Instant.ofEpochSecond(1, 2));
        named.put("duration", Duration.ofMinutes(3));
        named.put("period", Period.ofDays(4));
        Sample sample = new Sample(List.of("text", 1, 2L), named, new int[][] {{1, 2}, {3}});

        JavaSerializationCodec<Sample> codec = JavaSerializationCodec.forType(Sample.class);
        Sample read = codec.read(write(codec, sample));

        assertEquals(sample.values(), read.values());
        assertEquals(sample.named(), read.named());
        assertArrayEquals(sample.grid(), read.grid());
    }

    @Test
    void read_classOutsideAllowlist_rejectedBeforeItsClassInitializes() throws IOException {
        // Bytes of an InitProbe, made without ever loading InitProbe in this JVM.
        JavaSerializationCodec<Object> codec = JavaSerializationCodec.forType(Object.class);
        byte[] decoy = write(codec, new CodecGadgets.InitDecoy()).bytes();
        String probe = CodecGadgets.class.getName() + "$InitProbe";
        CodecFilePayload payload = CodecFilePayload.of(dir.resolve("probe"),
                CodecGadgets.renameClass(decoy, CodecGadgets.InitDecoy.class, probe));

        InvalidClassException e = assertThrows(InvalidClassException.class,
                () -> codec.read(payload));

        assertFalse(CodecGadgets.PROBE_INITIALIZED.get(), "static initializer ran");
        assertEquals(probe, e.classname);
    }

    @Test
    void read_classOutsideAllowlist_rejectedBeforeReadObjectRuns() throws IOException {
        JavaSerializationCodec<Object> codec = JavaSerializationCodec.forType(Object.class);
        CodecFilePayload payload = write(codec, List.of(new CodecGadgets.ReadObjectGadget()));
        int before = CodecGadgets.READ_OBJECT_CALLS.get();

        assertThrows(InvalidClassException.class, () -> codec.read(payload));

        assertEquals(before, CodecGadgets.READ_OBJECT_CALLS.get(), "readObject ran");
    }

    @Test
    void read_rejectedClass_messageNamesClassAndHowToAdmitIt() throws IOException {
        JavaSerializationCodec<Object> codec = JavaSerializationCodec.forType(Object.class);
        CodecFilePayload payload = write(codec, new CodecGadgets.ReadObjectGadget[] {
            new CodecGadgets.ReadObjectGadget()});
        String name = CodecGadgets.ReadObjectGadget.class.getName();

        InvalidClassException e = assertThrows(InvalidClassException.class,
                () -> codec.read(payload));

        assertEquals(name, e.classname);
        assertTrue(e.getMessage().contains(".allowing(\"" + name + "\")"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dcachedfactory.serialization.allow=" + name),
                e.getMessage());
    }

    @Test
    void read_classAdmittedByAllowing_deserializes() throws IOException {
        JavaSerializationCodec<Object> codec = JavaSerializationCodec.forType(Object.class)
                .allowing(CodecGadgets.ReadObjectGadget.class.getName());
        CodecFilePayload payload = write(codec, List.of(new CodecGadgets.ReadObjectGadget()));
        int before = CodecGadgets.READ_OBJECT_CALLS.get();

        Object read = codec.read(payload);

        assertInstanceOf(CodecGadgets.ReadObjectGadget.class, ((List<?>) read).get(0));
        assertEquals(before + 1, CodecGadgets.READ_OBJECT_CALLS.get());
    }

    @Test
    void read_packageAdmittedByAllowing_deserializes() throws IOException {
        JavaSerializationCodec<Object> codec = JavaSerializationCodec.forType(Object.class)
                .allowing("io.cachedfactory.runtime.*");
        Object read = codec.read(write(codec, new CodecGadgets.ShapeV1()));
        assertEquals(3, ((CodecGadgets.ShapeV1) read).sides);
    }

    @Test
    void read_classAdmittedBySystemProperty_deserializes() throws IOException {
        JavaSerializationCodec<Object> codec = JavaSerializationCodec.forType(Object.class);
        CodecFilePayload payload = write(codec, new CodecGadgets.ReadObjectGadget());
        String previous = System.getProperty(JavaSerializationCodec.ALLOW_PROPERTY);
        try {
            System.setProperty(JavaSerializationCodec.ALLOW_PROPERTY,
                    "com.example.**, " + CodecGadgets.ReadObjectGadget.class.getName() + ";");
            assertInstanceOf(CodecGadgets.ReadObjectGadget.class, codec.read(payload));
        } finally {
            if (previous == null) {
                System.clearProperty(JavaSerializationCodec.ALLOW_PROPERTY);
            } else {
                System.setProperty(JavaSerializationCodec.ALLOW_PROPERTY, previous);
            }
        }
        assertThrows(InvalidClassException.class, () -> codec.read(payload));
    }

    @Test
    void read_negatedPattern_rejectsEvenOwnPackage() throws IOException {
        JavaSerializationCodec<Matrix> codec = JavaSerializationCodec.forType(Matrix.class)
                .allowing("!" + Matrix.class.getName());
        CodecFilePayload payload = write(codec, new Matrix("s", 1));
        assertThrows(InvalidClassException.class, () -> codec.read(payload));
    }

    @Test
    void read_payloadOfAnotherType_ioException() throws IOException {
        CodecFilePayload payload = write(JavaSerializationCodec.forType(Version1.class),
                new Version1(1));
        IOException e = assertThrows(IOException.class,
                () -> JavaSerializationCodec.forType(Version2.class).read(payload));
        assertTrue(e.getMessage().contains(Version2.class.getName()), e.getMessage());
    }

    @Test
    void read_classChangedIncompatibly_invalidClassException() throws IOException {
        JavaSerializationCodec<CodecGadgets.ShapeV2> codec =
                JavaSerializationCodec.forType(CodecGadgets.ShapeV2.class);
        byte[] v1 = write(JavaSerializationCodec.forType(CodecGadgets.ShapeV1.class),
                new CodecGadgets.ShapeV1()).bytes();
        CodecFilePayload payload = CodecFilePayload.of(dir.resolve("v2"),
                CodecGadgets.renameClass(v1, CodecGadgets.ShapeV1.class,
                        CodecGadgets.ShapeV2.class.getName()));

        InvalidClassException e = assertThrows(InvalidClassException.class,
                () -> codec.read(payload));
        assertEquals(CodecGadgets.ShapeV2.class.getName(), e.classname);
    }

    @Test
    void read_truncatedPayload_ioException() throws IOException {
        JavaSerializationCodec<Matrix> codec = JavaSerializationCodec.forType(Matrix.class);
        byte[] bytes = write(codec, new Matrix("s", 3)).bytes();
        CodecFilePayload payload = CodecFilePayload.of(dir.resolve("cut"),
                Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(IOException.class, () -> codec.read(payload));
    }

    @Test
    void write_leavesStoreStreamOpen() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        JavaSerializationCodec.forType(String.class).write("value", out);
        assertFalse(closed[0]);
        assertTrue(out.size() > 0);
    }

    @Test
    void allowing_badPattern_throwsAndIdIsUnchanged() {
        JavaSerializationCodec<Matrix> codec = JavaSerializationCodec.forType(Matrix.class);
        assertThrows(IllegalArgumentException.class, () -> codec.allowing(""));
        assertThrows(IllegalArgumentException.class, () -> codec.allowing("a.b;c.d"));
        assertEquals("java-serialization/2", codec.allowing("com.acme.**").id());
    }

    private <T> CodecFilePayload write(JavaSerializationCodec<T> codec, T value)
            throws IOException {
        return CodecFilePayload.written(dir.resolve("payload-" + System.nanoTime()),
                out -> codec.write(value, out));
    }

    /** A cached type with a field of an application class from another package. */
    record Measured(double value, io.cachedfactory.runtime.model.Unit unit)
            implements java.io.Serializable {
    }

    @Test
    void read_fieldTypeFromAnotherPackage_isAdmitted() throws Exception {
        JavaSerializationCodec<Measured> codec = JavaSerializationCodec.forType(Measured.class);
        Measured written = new Measured(2.5, io.cachedfactory.runtime.model.Unit.FOOT);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("measured", ".bin");
        try {
            Measured read = codec.read(CodecFilePayload.written(file,
                    out -> codec.write(written, out)));
            assertEquals(written, read);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
