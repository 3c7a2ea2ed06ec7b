package io.cachedfactory.runtime;

import static io.cachedfactory.runtime.ReliabilitySupport.Figures;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.hostile.HostileGadgets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payloads written by an attacker who can write the store directory but has no signing key: a
 * valid header, checksum and key around a hostile body, and headers that declare huge lengths. The
 * store must refuse each before any of the attacker's code runs and without a large allocation,
 * and serve a freshly built object instead. Each protection has a control case that shows what the
 * test would see without it.
 */
class HostilePayloadTest {

    /** More than any refused input may make a request allocate. */
    private static final long SMALL_ALLOCATION = 4L << 20;

    @TempDir
    Path directory;

    private final java.util.List<CacheStore> opened = new java.util.ArrayList<>();

    @BeforeEach
    void reset() {
        Matrix.BUILDS.set(0);
    }

    @org.junit.jupiter.api.AfterEach
    void closeStores() {
        opened.forEach(CacheStore::close);
    }

    @AfterAll
    static void printFigures() {
        Figures.print("HostilePayloadTest");
    }

    @Test
    void get_plantedPayloadWithClassOutsideAllowlist_refusedBeforeReadObjectRuns()
            throws IOException {
        plant("a", 16, serialize(new HostileGadgets.ReadObjectGadget()));
        int before = HostileGadgets.READ_OBJECT_CALLS.get();

        MatrixFactory factory = factory(JavaSerializationCodec.forType(Matrix.class));
        Matrix served = factory.get("a", 16);

        assertAll(
                () -> assertTrue(served.isExactly("a", 16), "served " + served),
                () -> assertEquals(before, HostileGadgets.READ_OBJECT_CALLS.get(),
                        "the gadget's readObject ran"),
                () -> assertEquals(1, factory.stats().misses(MissReason.INCOMPATIBLE)),
                () -> assertEquals(1, factory.stats().builds()));
        Figures.increment(Figures.HOSTILE);
    }

    /** The control: a codec admitting the gadget's package runs its readObject from the store. */
    @Test
    void get_plantedGadgetAdmittedByAllowing_readObjectRuns_controlForTheAllowlistTest()
            throws IOException {
        plant("a", 16, serialize(new HostileGadgets.ReadObjectGadget()));
        int before = HostileGadgets.READ_OBJECT_CALLS.get();

        MatrixFactory factory = factory(JavaSerializationCodec.forType(Matrix.class)
                .allowing("io.cachedfactory.runtime.hostile.*"));
        Matrix served = factory.get("a", 16);

        assertTrue(served.isExactly("a", 16));
        assertEquals(before + 1, HostileGadgets.READ_OBJECT_CALLS.get(),
                "the planted payload reached the codec: without the allowlist, code runs");
    }

    @Test
    void get_plantedPayloadNamingUnloadedClass_refusedBeforeItsStaticInitializerRuns()
            throws IOException {
        byte[] decoy = serialize(new HostileGadgets.InitDecoy());
        plant("a", 16, CodecGadgets.renameClass(decoy, HostileGadgets.InitDecoy.class,
                HostileGadgets.class.getName() + "$InitProbe"));

        MatrixFactory factory = factory(JavaSerializationCodec.forType(Matrix.class));
        Matrix served = factory.get("a", 16);

        assertTrue(served.isExactly("a", 16));
        assertFalse(HostileGadgets.PROBE_INITIALIZED.get(), "the static initializer ran");
        Figures.increment(Figures.HOSTILE);
    }

    /**
     * Regression test (found by this suite, fixed): the codec's filter admits any array length, so a
     * planted body declaring a {@code double[Integer.MAX_VALUE - 8]} makes the reader allocate it
     * (OutOfMemoryError out of {@code get}) instead of refusing it as longer than the payload.
     */
    @Test
    void get_plantedBodyDeclaringHugeArray_refusedWithoutLargeAllocation() throws IOException {
        byte[] stream = serialize(new double[] {1.5});
        // The stream ends with the array's int length and its 8 data bytes.
        ByteBuffer.wrap(stream).putInt(stream.length - 12, Integer.MAX_VALUE - 8);
        plant("a", 16, stream);

        MatrixFactory factory = factory(JavaSerializationCodec.forType(Matrix.class));
        long allocated = allocatedBy(() -> assertTrue(getOrFail(factory).isExactly("a", 16)));

        assertTrue(allocated < SMALL_ALLOCATION, "allocated " + allocated + " bytes");
        Figures.increment(Figures.HOSTILE);
    }

    /**
     * Regression test (found by this suite, fixed): the codec sets no depth limit, so a planted body of
     * deeply nested arrays overflows the reader's stack and the StackOverflowError escapes
     * {@code get}.
     */
    @Test
    void get_plantedBodyNestedDeeply_refusedAndRebuilt() throws Exception {
        plant("a", 16, deeplyNested(200_000));

        MatrixFactory factory = factory(JavaSerializationCodec.forType(Matrix.class));
        Matrix served = getOrFail(factory);

        assertTrue(served.isExactly("a", 16));
        Figures.increment(Figures.HOSTILE);
    }

    @Test
    void decode_fieldsLengthAtBoundInTinyFile_refusedWithoutAllocatingIt() throws IOException {
        byte[] header = validHeader();
        ByteBuffer.wrap(header).putInt(10, PayloadHeader.MAX_FIELDS_LENGTH);
        Path file = directory.resolve("huge-fields.cfp");
        Files.write(file, header);

        long allocated = allocatedBy(() -> assertThrows(CorruptPayloadException.class,
                () -> PayloadFiles.readHeader(file)));

        // Without the check against the file's size, 16 MiB would be allocated before reading.
        assertTrue(allocated < SMALL_ALLOCATION, "allocated " + allocated + " bytes");
        Figures.increment(Figures.HOSTILE);
    }

    @Test
    void decode_fieldsLengthBeyondBound_refusedAsCorrupt() throws IOException {
        byte[] header = validHeader();
        ByteBuffer.wrap(header).putInt(10, Integer.MAX_VALUE);
        Path file = directory.resolve("max-fields.cfp");
        Files.write(file, header);

        CorruptPayloadException e = assertThrows(CorruptPayloadException.class,
                () -> PayloadFiles.readHeader(file));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        Figures.increment(Figures.HOSTILE);
    }

    @Test
    void decode_negativeOrHugeFieldLengthWithValidChecksum_refusedAsCorrupt() throws IOException {
        for (int length : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 20}) {
            byte[] header = validHeader();
            // The factory name's length, the first field; the header checksum is made to match.
            ByteBuffer.wrap(header).putInt(PayloadHeader.PREFIX_LENGTH, length);
            Path file = directory.resolve("field-" + length + ".cfp");
            Files.write(file, withValidChecksum(header));

            long allocated = allocatedBy(() -> assertThrows(CorruptPayloadException.class,
                    () -> PayloadFiles.readHeader(file), "field length " + length));
            assertTrue(allocated < SMALL_ALLOCATION, "allocated " + allocated + " bytes");
            Figures.increment(Figures.HOSTILE);
        }
    }

    @Test
    void decode_hugeComponentCountWithValidChecksum_refusedAsCorrupt() throws IOException {
        byte[] header = validHeader();
        PayloadHeader parsed = PayloadHeader.decode(ByteBuffer.wrap(header, 0,
                PayloadHeader.PREFIX_LENGTH).slice(), n -> java.util.Arrays.copyOfRange(header,
                PayloadHeader.PREFIX_LENGTH, PayloadHeader.PREFIX_LENGTH + n));
        int countOffset = PayloadHeader.PREFIX_LENGTH + 4 + utf8(parsed.factory()) + 4
                + parsed.key().length;
        ByteBuffer.wrap(header).putInt(countOffset, Integer.MAX_VALUE);
        Path file = directory.resolve("components.cfp");
        Files.write(file, withValidChecksum(header));

        CorruptPayloadException e = assertThrows(CorruptPayloadException.class,
                () -> PayloadFiles.readHeader(file));
        assertTrue(e.getMessage().contains("component count"), e.getMessage());
        Figures.increment(Figures.HOSTILE);
    }

    @Test
    void get_plantedHeaderDeclaringHugeBody_refusedWithoutMappingAndRebuilt() throws IOException {
        Path file = plant("a", 16, serialize(new Matrix("a", 16)));
        byte[] bytes = Files.readAllBytes(file);
        PayloadHeader header = PayloadFiles.readHeader(file);
        int bodyLengthOffset = header.length() - 4 - PayloadHeader.SIGNATURE_LENGTH - 4 - 8;
        ByteBuffer.wrap(bytes).putLong(bodyLengthOffset, 1L << 40);
        Files.write(file, withValidChecksum(bytes));

        MatrixFactory factory = factory(JavaSerializationCodec.forType(Matrix.class));
        long allocated = allocatedBy(() -> assertTrue(factory.get("a", 16).isExactly("a", 16)));

        assertAll(
                () -> assertTrue(allocated < SMALL_ALLOCATION, "allocated " + allocated),
                () -> assertEquals(1, factory.stats().misses(MissReason.CORRUPT)),
                () -> assertEquals(1, factory.stats().builds()));
        Figures.increment(Figures.HOSTILE);
    }

    @Test
    void get_plantedForyPayloadWithClassOutsideAllowlist_refusedBeforeReadObjectRuns()
            throws IOException {
        plant("a", 16, ForyCodec.forType(Matrix.class).id(), foryPayloadOf(
                new HostileGadgets.ReadObjectGadget()));
        int before = HostileGadgets.READ_OBJECT_CALLS.get();

        MatrixFactory factory = factory(ForyCodec.forType(Matrix.class));
        Matrix served = factory.get("a", 16);

        assertAll(
                () -> assertTrue(served.isExactly("a", 16), "served " + served),
                () -> assertEquals(before, HostileGadgets.READ_OBJECT_CALLS.get(),
                        "the gadget's readObject ran"),
                () -> assertEquals(1, factory.stats().misses(MissReason.INCOMPATIBLE)),
                () -> assertEquals(1, factory.stats().builds()));
        Figures.increment(Figures.HOSTILE);
    }

    /** The control: a Fory codec admitting the gadget's package runs its readObject. */
    @Test
    void get_plantedForyGadgetAdmittedByAllowing_readObjectRuns_controlForTheAllowlistTest()
            throws IOException {
        plant("a", 16, ForyCodec.forType(Matrix.class).id(), foryPayloadOf(
                new HostileGadgets.ReadObjectGadget()));
        int before = HostileGadgets.READ_OBJECT_CALLS.get();

        MatrixFactory factory = factory(ForyCodec.forType(Matrix.class)
                .allowing("io.cachedfactory.runtime.hostile.*"));
        Matrix served = factory.get("a", 16);

        assertTrue(served.isExactly("a", 16));
        assertEquals(before + 1, HostileGadgets.READ_OBJECT_CALLS.get(),
                "the planted payload reached the codec: without the allowlist, code runs");
    }

    /**
     * A body as an attacker would make it for the default codec: Matrix's layout digest (computable
     * from the class), then Fory's bytes of {@code value}, written by a codec that admits it.
     */
    private static byte[] foryPayloadOf(Object value) throws IOException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        ForyCodec.forType(Object.class).allowing("io.cachedfactory.runtime.hostile.*")
                .write(value, written);
        byte[] bytes = written.toByteArray();
        System.arraycopy(ReadPolicy.forType(Matrix.class).layoutDigest(), 0, bytes, 0,
                ReadPolicy.DIGEST_BYTES);
        return bytes;
    }

    // ---------------------------------------------------------------------------------------

    /**
     * {@code get("a", 16)}, turning anything it throws into a test failure: JUnit would otherwise
     * abort the whole run on an OutOfMemoryError.
     */
    private static Matrix getOrFail(MatrixFactory factory) {
        try {
            return factory.get("a", 16);
        } catch (Throwable e) {
            Figures.increment(Figures.GET_EXCEPTIONS);
            throw new AssertionError("get threw " + e, e instanceof OutOfMemoryError ? null : e);
        }
    }

    private MatrixFactory factory(Codec<Matrix> codec) {
        CacheStore store = CacheStore.open(directory);
        opened.add(store);
        return new MatrixFactory(store, MatrixFactory.descriptor(MatrixFactory.FINGERPRINT)
                .codec(codec).build());
    }

    /**
     * Writes a payload file for {@code Matrix(seed, size)} whose header is exactly what the store
     * expects (factory, key, fingerprint, codec, checksums), around {@code body}.
     */
    private Path plant(String seed, int size, byte[] javaSerializationStream) throws IOException {
        // What JavaSerializationCodec writes: Matrix's layout digest, then the stream.
        byte[] digest = ReadPolicy.forType(Matrix.class).layoutDigest();
        byte[] body = Arrays.copyOf(digest, digest.length + javaSerializationStream.length);
        System.arraycopy(javaSerializationStream, 0, body, digest.length,
                javaSerializationStream.length);
        return plant(seed, size, JavaSerializationCodec.forType(Matrix.class).id(), body);
    }

    private Path plant(String seed, int size, String codecId, byte[] body) throws IOException {
        EntryId id = EntryId.of(EntryId.SHA_256, "io.cachedfactory.runtime.MatrixFactory",
                MatrixFactory.VERSION, MatrixFactory.keyOf(seed, size).bytes());
        Path root = directory.toAbsolutePath().normalize();
        String hex = id.hex();
        Path target = root.resolve("payloads").resolve(hex.substring(0, 2)).resolve(hex + ".cfp");
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(target.getParent());
        PayloadHeader header = PayloadHeader.unwritten("io.cachedfactory.runtime.MatrixFactory",
                MatrixFactory.keyOf(seed, size).bytes(), MatrixFactory.FINGERPRINT.components(),
                codecId, System.currentTimeMillis());
        PayloadFiles.write(target, tmp, header, new RawCodec(), body, null);
        return target;
    }

    /** Writes given bytes as the body. */
    private static final class RawCodec implements Codec<byte[]> {
        @Override
        public String id() {
            return "java-serialization/1";
        }

        @Override
        public void write(byte[] value, OutputStream out) throws IOException {
            out.write(value);
        }

        @Override
        public byte[] read(Payload payload) {
            throw new UnsupportedOperationException();
        }
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** Object[] inside Object[]... {@code depth} levels, serialized on a thread with a big stack. */
    private static byte[] deeplyNested(int depth) throws Exception {
        byte[][] result = new byte[1][];
        Exception[] failure = new Exception[1];
        Thread writer = new Thread(null, () -> {
            Object[] nested = new Object[1];
            Object[] innermost = nested;
            for (int i = 1; i < depth; i++) {
                Object[] next = new Object[1];
                innermost[0] = next;
                innermost = next;
            }
            try {
                result[0] = serialize(nested);
            } catch (IOException e) {
                failure[0] = e;
            }
        }, "deep-writer", 2L << 30);
        writer.start();
        writer.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return result[0];
    }

    /** A complete, valid header as the store writes it, without a body. */
    private static byte[] validHeader() {
        return PayloadHeader.unwritten("io.cachedfactory.runtime.MatrixFactory",
                MatrixFactory.keyOf("a", 16).bytes(), MatrixFactory.FINGERPRINT.components(),
                "java-serialization/1", 0).encode();
    }

    /** {@code bytes} (a header, maybe followed by a body) with the header checksum recomputed. */
    static byte[] withValidChecksum(byte[] bytes) {
        byte[] fixed = bytes.clone();
        int fieldsLength = ByteBuffer.wrap(fixed).getInt(10);
        int end = PayloadHeader.PREFIX_LENGTH + fieldsLength;
        CRC32C crc = new CRC32C();
        crc.update(fixed, 0, end);
        ByteBuffer.wrap(fixed).putInt(end, (int) crc.getValue());
        return fixed;
    }

    private static int utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** Bytes this thread allocated while running {@code work}. */
    @SuppressWarnings("restriction")
    static long allocatedBy(Runnable work) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
