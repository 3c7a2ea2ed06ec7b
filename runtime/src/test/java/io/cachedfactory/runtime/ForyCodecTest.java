package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.common.StoreFormat;
import io.cachedfactory.runtime.hostile.HostileGadgets;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForyCodecTest {

    @TempDir
    Path dir;

    /** A record graph: nested records, collections, maps, enums, arrays. */
    record Table(String name, List<Row> rows, Map<String, Month> months, int[][] grid,
            double[] weights, Shade shade) implements Serializable {
    }

    record Row(long id, BigDecimal amount, Set<String> tags) implements Serializable {
    }

    enum Shade { LIGHT, DARK }

    /** A final class with a cycle and a shared reference. */
    static final class Node implements Serializable {
        final String name;
        Node next;
        List<Node> seen = new ArrayList<>();

        Node(String name) {
            this.name = name;
        }
    }

    /** Holds anything: a type whose declaration admits no other class. */
    static final class Box implements Serializable {
        Object content;

        Box(Object content) {
            this.content = content;
        }
    }

    record Chain(Chain next, int depth) implements Serializable {
        static Chain of(int depth) {
            Chain chain = null;
            for (int i = 1; i <= depth; i++) {
                chain = new Chain(chain, i);
            }
            return chain;
        }
    }

    @Test
    void id_namesForyRelease() {
        assertEquals(StoreFormat.DEFAULT_CODEC_ID, ForyCodec.forType(Table.class).id());
        assertEquals(ForyCodec.forType(Table.class).id(),
                ForyCodec.forType(Table.class).allowing("com.acme.*").id());
    }

    @Test
    void read_recordGraph_roundTrips() throws IOException {
        Map<String, Month> months = new LinkedHashMap<>();
        months.put("start", Month.MARCH);
        months.put("end", Month.NOVEMBER);
        Table table = new Table("sales",
                List.of(new Row(1, new BigDecimal("1.50"), Set.of("a", "b")),
                        new Row(2, new BigDecimal("-3"), Set.of())),
                months, new int[][] {{1, 2}, {3}}, new double[] {0.5, -0.0, Double.NaN},
                Shade.DARK);
        ForyCodec<Table> codec = ForyCodec.forType(Table.class);

        Table read = codec.read(write(codec, table));

        assertEquals(table.name(), read.name());
        assertEquals(table.rows(), read.rows());
        assertEquals(table.months(), read.months());
        assertArrayEquals(table.grid(), read.grid());
        assertArrayEquals(table.weights(), read.weights());
        assertEquals(Shade.DARK, read.shade());
    }

    @Test
    void read_jdkValueTypesAndCollections_roundTrip() throws IOException {
        Map<Month, String> byMonth = new EnumMap<>(Month.class);
        byMonth.put(Month.MAY, "may");
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("listOf", List.of(1, 2, 3));
        named.put("mapOf", Map.of("k", 1L));
        named.put("arrayList", new ArrayList<>(List.of('x')));
        named.put("asList", Arrays.asList("p", "q"));
        named.put("hashMap", new HashMap<>(Map.of(1, 2)));
        named.put("treeMap", new TreeMap<>(Map.of("z", 1, "a", 2)));
        named.put("enumMap", byMonth);
        named.put("enumSet", EnumSet.of(Month.JANUARY, Month.JUNE));
        named.put("concurrent", new ConcurrentHashMap<>(Map.of("c", true)));
        named.put("bits", BitSet.valueOf(new long[] {5}));
        named.put("uuid", new UUID(1, 2));
        named.put("bigInteger", new BigInteger("123456789012345678901234567890"));
        named.put("bigDecimal", new BigDecimal("-1.50"));
        named.put("date", LocalDate.of(2024, 2, 29));
        named.put("instant", Instant.ofEpochSecond(1, 2));
        named.put("duration", Duration.ofMinutes(3));
        ForyCodec<Box> codec = ForyCodec.forType(Box.class);

        Box read = codec.read(write(codec, new Box(named)));

        assertEquals(named, read.content);
        assertEquals(TreeMap.class, ((Map<?, ?>) read.content).get("treeMap").getClass());
    }

    @Test
    void read_cyclesAndSharedReferences_keepTheirIdentity() throws IOException {
        Node a = new Node("a");
        Node b = new Node("b");
        a.next = b;
        b.next = a;
        a.seen.add(b);
        a.seen.add(b);
        ForyCodec<Node> codec = ForyCodec.forType(Node.class);

        Node read = codec.read(write(codec, a));

        assertEquals("b", read.next.name);
        assertSame(read, read.next.next, "the cycle comes back as a cycle");
        assertSame(read.next, read.seen.get(0));
        assertSame(read.seen.get(0), read.seen.get(1), "one shared object, not two copies");
    }

    @Test
    void read_largePrimitiveArrays_roundTrip() throws IOException {
        double[] values = new double[3_000_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.sqrt(i);
        }
        long[] longs = new long[1_000_000];
        Arrays.setAll(longs, i -> (long) i * i);
        ForyCodec<Box> codec = ForyCodec.forType(Box.class);

        Box read = codec.read(write(codec, new Box(List.of(values, longs))));

        assertArrayEquals(values, (double[]) ((List<?>) read.content).get(0));
        assertArrayEquals(longs, (long[]) ((List<?>) read.content).get(1));
    }

    @Test
    void read_payloadOfAnotherType_ioException() throws IOException {
        ForyCodec<Box> boxes = ForyCodec.forType(Box.class);
        CodecFilePayload payload = write(ForyCodec.forType(Node.class), new Node("n"));
        assertThrows(IOException.class, () -> boxes.read(payload));
    }

    @Test
    void read_truncatedPayload_ioException() throws IOException {
        ForyCodec<Table> codec = ForyCodec.forType(Table.class);
        byte[] bytes = write(codec, new Table("t", List.of(), Map.of(), new int[0][],
                new double[100], Shade.LIGHT)).bytes();
        for (int length : new int[] {0, 10, 16, 17, bytes.length / 2, bytes.length - 1}) {
            CodecFilePayload cut = CodecFilePayload.of(dir.resolve("cut" + length),
                    Arrays.copyOf(bytes, length));
            assertThrows(IOException.class, () -> codec.read(cut), "cut at " + length);
        }
    }

    @Test
    void read_classOutsideAllowlist_refusedNamingItAndHowToAdmitIt() throws IOException {
        String gadget = HostileGadgets.ReadObjectGadget.class.getName();
        CodecFilePayload payload = write(ForyCodec.forType(Box.class).allowing(gadget),
                new Box(new HostileGadgets.ReadObjectGadget()));
        int before = HostileGadgets.READ_OBJECT_CALLS.get();

        InvalidClassException e = assertThrows(InvalidClassException.class,
                () -> ForyCodec.forType(Box.class).read(payload));

        assertEquals(gadget, e.classname);
        assertTrue(e.getMessage().contains("ForyCodec.forType(Box.class).allowing(\"" + gadget
                + "\")"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dcachedfactory.serialization.allow=" + gadget),
                e.getMessage());
        assertEquals(before, HostileGadgets.READ_OBJECT_CALLS.get(), "readObject ran");
    }

    @Test
    void read_classOutsideAllowlist_refusedBeforeItsClassInitializes() throws IOException {
        // The same gadget compiled twice: one copy writes the payload, the other must never run.
        Map<String, String> sources = Map.of(
                "cf.gadget.Holder", "package cf.gadget; public final class Holder implements"
                        + " java.io.Serializable { public Object content; }",
                "cf.gadget.evil.Probe", "package cf.gadget.evil; public final class Probe"
                        + " implements java.io.Serializable { static { System.setProperty("
                        + "\"cf.probe.\" + System.identityHashCode(Probe.class.getClassLoader()),"
                        + " \"initialized\"); } public int value = 7; }");
        ClassLoader writerLoader = ClassVersions.compile(sources);
        ClassLoader readerLoader = ClassVersions.compile(sources);
        Object holder = newInstance(writerLoader, "cf.gadget.Holder");
        setContent(holder, newInstance(writerLoader, "cf.gadget.evil.Probe"));
        ForyCodec<Object> writer = castCodec(ForyCodec.forType(
                ClassVersions.load(writerLoader, "cf.gadget.Holder")).allowing("cf.gadget.**"));
        CodecFilePayload payload = CodecFilePayload.written(dir.resolve("probe"),
                out -> writer.write(holder, out));
        ForyCodec<Object> reader = castCodec(ForyCodec.forType(
                ClassVersions.load(readerLoader, "cf.gadget.Holder")));

        InvalidClassException e = assertThrows(InvalidClassException.class,
                () -> reader.read(payload));

        assertEquals("cf.gadget.evil.Probe", e.classname);
        assertNull(System.getProperty("cf.probe." + System.identityHashCode(readerLoader)),
                "the refused class was initialized");
        assertTrue(System.getProperty("cf.probe." + System.identityHashCode(writerLoader))
                != null, "the probe does report its initialization");
    }

    @Test
    void read_classAdmittedByPatternOrProperty_deserializes() throws IOException {
        String gadget = HostileGadgets.ReadObjectGadget.class.getName();
        CodecFilePayload payload = write(ForyCodec.forType(Box.class).allowing(gadget),
                new Box(new HostileGadgets.ReadObjectGadget()));

        Box byPattern = ForyCodec.forType(Box.class).allowing("io.cachedfactory.runtime.hostile.*")
                .read(payload);
        assertInstanceOf(HostileGadgets.ReadObjectGadget.class, byPattern.content);

        System.setProperty(JavaSerializationCodec.ALLOW_PROPERTY, "com.example.**," + gadget);
        try {
            assertInstanceOf(HostileGadgets.ReadObjectGadget.class,
                    ForyCodec.forType(Box.class).read(payload).content);
        } finally {
            System.clearProperty(JavaSerializationCodec.ALLOW_PROPERTY);
        }
    }

    @Test
    void read_negatedPattern_refusesEvenTheCachedType() throws IOException {
        CodecFilePayload payload = write(ForyCodec.forType(Node.class), new Node("n"));
        ForyCodec<Node> codec = ForyCodec.forType(Node.class).allowing("!" + Node.class.getName());
        assertThrows(InvalidClassException.class, () -> codec.read(payload));
    }

    @Test
    void read_nestingBeyondTheDepthLimit_refused() throws Exception {
        ForyCodec<Chain> codec = ForyCodec.forType(Chain.class);
        assertEquals(500, codec.read(write(codec, Chain.of(500))).depth());

        // Written on a thread with a large stack: Fory's writer recurses once per level.
        CodecFilePayload[] written = new CodecFilePayload[1];
        Thread writer = new Thread(null, () -> {
            try {
                written[0] = write(codec, Chain.of(ReadPolicy.MAX_DEPTH + 500));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "deep-writer", 512L << 20);
        writer.start();
        writer.join();
        CodecFilePayload deep = written[0];
        IOException e = assertThrows(IOException.class, () -> codec.read(deep));
        // Generated serializers stop at the depth limit; interpreted ones, which use more stack
        // per level, may meet the end of the thread's stack first: refused either way.
        String message = e.getMessage().toLowerCase(java.util.Locale.ROOT);
        assertTrue(message.contains("depth") || message.contains("stackoverflow"), message);
    }

    /**
     * Every byte of a payload after its layout digest, overwritten with values that make large
     * lengths and counts, and a 5-byte varint of 2^31 - 1 inserted at every position: each read
     * either returns a value of the cached type or throws an IOException, and none allocates
     * more than a few MiB, whatever size or count the bytes declare.
     */
    @Test
    void read_hostileLengthsAndCounts_refusedBeforeAllocating() throws IOException {
        ForyCodec<Table> codec = ForyCodec.forType(Table.class);
        byte[] bytes = write(codec, new Table("t", List.of(new Row(1, BigDecimal.ONE,
                Set.of("x"))), Map.of("m", Month.MAY), new int[][] {{1}}, new double[4],
                Shade.LIGHT)).bytes();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long worst = 0;
        int refused = 0;
        int variant = 0;
        for (int at = ReadPolicy.DIGEST_BYTES; at < bytes.length; at++) {
            List<byte[]> hostile = new ArrayList<>();
            for (int value : new int[] {0x7F, 0x80, 0xFF, 0x3F}) {
                byte[] changed = bytes.clone();
                changed[at] = (byte) value;
                hostile.add(changed);
            }
            byte[] inserted = new byte[bytes.length + 5];
            System.arraycopy(bytes, 0, inserted, 0, at);
            System.arraycopy(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 7},
                    0, inserted, at, 5);
            System.arraycopy(bytes, at, inserted, at + 5, bytes.length - at);
            hostile.add(inserted);
            for (byte[] payloadBytes : hostile) {
                CodecFilePayload payload = CodecFilePayload.of(dir.resolve("h" + variant++),
                        payloadBytes);
                long before = threads.getCurrentThreadAllocatedBytes();
                try {
                    assertInstanceOf(Table.class, codec.read(payload));
                } catch (IOException e) {
                    refused++;
                }
                worst = Math.max(worst, threads.getCurrentThreadAllocatedBytes() - before);
            }
        }
        assertTrue(refused > 0);
        assertTrue(worst < 16 << 20, "a hostile payload of " + bytes.length
                + " bytes made a read allocate " + worst + " bytes");
    }

    /**
     * Every code generation mode reads what another wrote, including a class with its own
     * readObject, which Fory 1.6.0 cannot generate with the class-version check on (the codec
     * falls back to its interpreter for it).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"on", "off", "async"})
    void read_everyCodegenMode_readsWhatTheOthersWrite(String mode) throws IOException {
        String gadget = HostileGadgets.ReadObjectGadget.class.getName();
        ForyCodec<Box> writer = ForyCodec.forType(Box.class).allowing(gadget);
        ForyCodec<Box> reader;
        System.setProperty(ForyCodec.CODEGEN_PROPERTY, mode);
        try {
            reader = ForyCodec.forType(Box.class).allowing(gadget);
        } finally {
            System.clearProperty(ForyCodec.CODEGEN_PROPERTY);
        }
        Box box = new Box(List.of(new HostileGadgets.ReadObjectGadget(), new Node("n"),
                new double[2_000_000]));
        int before = HostileGadgets.READ_OBJECT_CALLS.get();

        Box viaMode = reader.read(write(writer, box));
        Box fromMode = writer.read(write(reader, box));

        for (Box read : List.of(viaMode, fromMode)) {
            List<?> content = (List<?>) read.content;
            assertInstanceOf(HostileGadgets.ReadObjectGadget.class, content.get(0));
            assertEquals("n", ((Node) content.get(1)).name);
            assertEquals(2_000_000, ((double[]) content.get(2)).length);
        }
        assertEquals(before + 2, HostileGadgets.READ_OBJECT_CALLS.get());
    }

    @Test
    void write_objectOfUnserializableClass_ioException() {
        ForyCodec<Box> codec = ForyCodec.forType(Box.class);
        assertThrows(IOException.class, () -> write(codec, new Box(new Thread())));
    }

    private <T> CodecFilePayload write(Codec<T> codec, T value) throws IOException {
        return CodecFilePayload.written(dir.resolve("payload-" + System.nanoTime()),
                out -> codec.write(value, out));
    }

    @SuppressWarnings("unchecked")
    private static ForyCodec<Object> castCodec(ForyCodec<?> codec) {
        return (ForyCodec<Object>) codec;
    }

    private static Object newInstance(ClassLoader loader, String name) {
        try {
            return ClassVersions.load(loader, name).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setContent(Object holder, Object content) {
        try {
            holder.getClass().getField("content").set(holder, content);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void read_sharedReaderIsThreadSafe() throws Exception {
        ForyCodec<Node> codec = ForyCodec.forType(Node.class);
        CodecFilePayload payload = write(codec, new Node("shared"));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        assertEquals("shared", codec.read(payload).name);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
        assertFalse(threads.isEmpty());
    }
}
