package io.cachedfactory.runtime;

import io.cachedfactory.common.StoreFormat;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.CompatibleMode;
import org.apache.fory.config.Language;
import org.apache.fory.exception.InsecureException;
import org.apache.fory.memory.MemoryBuffer;
import org.apache.fory.serializer.BufferCallback;
import org.apache.fory.serializer.BufferObject;

/*
 * Design note. Fory's defaults suit messages between services that evolve independently: they
 * read a payload written by another version of a class and fill the gaps. A cache must do the
 * opposite, so every choice here refuses what does not match exactly:
 *
 * - Java-only format, schema-consistent mode (not compatible mode), class-version check on: a
 *   struct whose fields changed fails Fory's own hash check; the layout digest (ReadPolicy) in
 *   front of the body also catches reordered fields and enum constants of the declared graph.
 * - Reference tracking on: shared references and cycles come back as they were built.
 * - Enums by name, unknown classes refused (no UnknownClass stand-ins), and a TypeChecker that
 *   applies the same allow rules as JavaSerializationCodec's filter, consulted by Fory before it
 *   loads (never initializes) a class named in the payload.
 * - Limits from the payload: the nesting depth of ReadPolicy, and a graph-memory budget of 64
 *   heap bytes per payload byte (at least 64 MiB). Fory takes its limits per instance, so there
 *   is one reader per power-of-two size class of payloads, built when first needed; a factory's
 *   payloads are usually of one or two size classes.
 * - Large primitive arrays (1 MiB and more) travel out of band: Fory's own buffer holds only the
 *   rest of the graph, and each array is written to the payload after it, so an array never
 *   passes through Fory's growing buffer (whose int arithmetic a graph of more than 2 GiB would
 *   overflow). An array, or all of them, over what one payload holds (2 GiB) is refused with a
 *   clear error before anything is written; the store then keeps the object in memory only.
 * - The body is read straight from the store's read-only mapping of the payload file: strings
 *   and primitive arrays are copied once, from the page cache into the object, with no
 *   intermediate heap buffer. Body layout: layout digest (16 bytes), the in-band length (int) and
 *   bytes, the number of out-of-band arrays (int), their lengths (long each), their bytes.
 * - The id names the Fory release on the class path, so payloads written by another release are
 *   misses rather than guesses.
 * - Serializers are interpreted by default (-Dcachedfactory.fory.codegen=off). Measured on the
 *   path users take (a process loads each stored object once; README, Benchmarks), generated
 *   serializers cost a one-shot process 0.7 s of Janino compiling for a 64 MiB graph (2.8 s
 *   instead of 2.1 s from JVM start to the object) and did not load that graph faster in a warm
 *   process either (390 ms vs 220 ms, within the noise of a 2-core VM). `on` and `async` stay
 *   available for processes that load many objects of the same classes. Fory 1.6.0 generates the serializer of a class with its own writeObject or
 *   readObject in compatible mode, which refuses the class-version check; for such a class the
 *   codec falls back to an interpreted twin of the same configuration, which writes the same bytes.
 */

/**
 * The default codec: Apache Fory's Java object-graph format, configured strictly for a cache.
 *
 * <p>Reading admits the same classes as {@link JavaSerializationCodec}: the cached type, its
 * package, the classes its declaration reaches, JDK value types and collections, and the patterns
 * given to {@link #allowing(String...)} or in the system property
 * {@value JavaSerializationCodec#ALLOW_PROPERTY}. A payload naming another class is refused before
 * that class is initialized. A payload written before a field of the cached type (or of a class
 * its declaration reaches) was added, removed, renamed, retyped or reordered is refused before it
 * is decoded. Every refusal is an {@link IOException}, which the store treats as a miss: the
 * object is rebuilt.
 *
 * <p>Classes that rely on their own {@code writeObject}/{@code readObject} are served by Fory's
 * Java-serialization compatibility; select {@link JavaSerializationCodec} with
 * {@code @CachedFactory(codec = JavaSerializationCodec.class)} to use Java serialization itself.
 *
 * <p>Large primitive arrays are written after the rest of the graph and read straight from the
 * payload file's mapping into the new arrays. A serialized object is at most 2 GiB (one payload
 * file's limit); a larger one is refused before anything is written, and the store keeps it in
 * memory only, with a warning: it never fails a {@code get}.
 *
 * @param <T> the cached type
 */
public final class ForyCodec<T> implements Codec<T> {

    /**
     * System property: {@code off} (the default: interpreted serializers), {@code on} (generated
     * before first use) or {@code async} (generated in the background) code generation.
     */
    public static final String CODEGEN_PROPERTY = "cachedfactory.fory.codegen";

    private static final long MIN_GRAPH_BYTES = 64L << 20;
    private static final int GRAPH_BYTES_PER_PAYLOAD_BYTE = 64;
    /** Bytes before Fory's output: the layout digest. */
    private static final int PREFIX_BYTES = ReadPolicy.DIGEST_BYTES;
    /** Primitive arrays of at least this many bytes are written out of band. */
    private static final int OUT_OF_BAND_BYTES = 1 << 20;
    /** What one payload body holds: one read-only mapping. */
    private static final long MAX_BODY_BYTES = Integer.MAX_VALUE;

    private static final String ID = "fory-" + foryVersion() + "/1";

    private final Class<T> type;
    private final ReadPolicy policy;
    private final ConcurrentHashMap<Integer, ThreadSafeFory> readers = new ConcurrentHashMap<>();
    private final String codegen = codegenMode();

    private ForyCodec(Class<T> type, ReadPolicy policy) {
        this.type = type;
        this.policy = policy;
    }

    /** The codec for {@code type}: admits its declared graph, its package and JDK value types. */
    public static <T> ForyCodec<T> forType(Class<T> type) {
        return new ForyCodec<>(type, ReadPolicy.forType(type));
    }

    /**
     * A codec that also admits classes matching {@code patterns}, in the syntax of
     * {@link ObjectInputFilter.Config#createFilter}: an exact class name ({@code com.acme.Grid}),
     * a package ({@code com.acme.*}), a package and its subpackages ({@code com.acme.**}) or a
     * prefix ({@code com.acme.Grid*}). A pattern starting with {@code !} rejects what it matches.
     * The patterns are not part of {@link #id()}: they change what can be read, not the bytes.
     *
     * @throws IllegalArgumentException if a pattern is empty or not valid filter syntax
     */
    public ForyCodec<T> allowing(String... patterns) {
        return new ForyCodec<>(type, policy.allowing(patterns));
    }

    /**
     * {@code "fory-<release>/1"}, naming the Fory release on the class path, such as
     * {@code "fory-1.6.0/1"}.
     */
    @Override
    public String id() {
        return ID;
    }

    /**
     * Writes the layout digest, then the object in Fory's format, large primitive arrays after the
     * rest of the graph (flushed, not closed).
     *
     * @throws IOException if the object cannot be serialized or is over the 2 GiB a payload holds
     */
    @Override
    public void write(T value, OutputStream out) throws IOException {
        Objects.requireNonNull(value, "value");
        MemoryBuffer inBand = MemoryBuffer.newHeapBuffer(1 << 16);
        List<BufferObject> outOfBand = new ArrayList<>();
        long[] outOfBandBytes = {0};
        BufferCallback callback = buffer -> {
            int bytes = buffer.totalBytes();
            if (bytes >= 0 && bytes < OUT_OF_BAND_BYTES) {
                return true; // small: in band
            }
            // A negative size is Fory's int product overflowing for an array over 2 GiB.
            outOfBandBytes[0] += bytes < 0 ? MAX_BODY_BYTES + 1 : bytes;
            if (outOfBandBytes[0] > MAX_BODY_BYTES) {
                throw new TooLargeException();
            }
            outOfBand.add(buffer);
            return false;
        };
        try {
            try {
                fory(MIN_GRAPH_BYTES, true).serialize(inBand, value, callback);
            } catch (RuntimeException e) {
                if (!needsInterpreter(e)) {
                    throw e;
                }
                inBand.writerIndex(0);
                outOfBand.clear();
                outOfBandBytes[0] = 0;
                fory(MIN_GRAPH_BYTES, false).serialize(inBand, value, callback);
            }
        } catch (RuntimeException e) {
            if (causedBy(e, TooLargeException.class)) {
                throw tooLarge(outOfBandBytes[0]);
            }
            throw new IOException("cannot serialize " + type.getName() + " with Fory: "
                    + rootCause(e), e);
        }
        long body = PREFIX_BYTES + 4L + inBand.writerIndex() + 4L + 8L * outOfBand.size()
                + outOfBandBytes[0];
        if (body > MAX_BODY_BYTES) {
            throw tooLarge(body);
        }
        DataOutputStream data = new DataOutputStream(out);
        data.write(policy.layoutDigest());
        data.writeInt(inBand.writerIndex());
        data.write(inBand.getHeapMemory(), 0, inBand.writerIndex()); // a heap buffer starts at 0
        data.writeInt(outOfBand.size());
        for (BufferObject buffer : outOfBand) {
            data.writeLong(buffer.totalBytes());
        }
        for (BufferObject buffer : outOfBand) {
            // One array's bytes at a time, in Fory's (little-endian) layout.
            MemoryBuffer bytes = MemoryBuffer.newHeapBuffer(buffer.totalBytes());
            buffer.writeTo(bytes);
            data.write(bytes.getHeapMemory(), 0, bytes.writerIndex());
        }
        data.flush();
    }

    private IOException tooLarge(long bytes) {
        return new IOException("a " + type.getName() + " serializes to more than the 2 GiB one"
                + " payload holds (" + (bytes > MAX_BODY_BYTES ? "over " + MAX_BODY_BYTES
                : bytes) + " bytes); split it across several cached objects, or store it with a"
                + " MappedCodec of its own");
    }

    /**
     * Decodes the payload from its mapping, through the allowlist and the limits.
     *
     * @throws InvalidClassException if the payload names a class outside the allowlist (the
     *     message names it) or was written for another layout of the cached type
     * @throws IOException if the payload holds another type or otherwise no longer decodes
     */
    @Override
    public T read(Payload payload) throws IOException {
        long length = payload.length();
        if (length < PREFIX_BYTES || length > Integer.MAX_VALUE) {
            throw new IOException("a payload of " + length + " bytes is not a Fory payload");
        }
        ByteBuffer mapped = payload.map();
        byte[] digest = new byte[PREFIX_BYTES];
        mapped.get(digest);
        if (!policy.sameLayout(digest)) {
            throw new InvalidClassException(type.getName(), "the payload was written when a class"
                    + " of its declared fields had another layout");
        }
        ByteBuffer inBand = slice(mapped, mapped.remaining() < 4 ? -1 : mapped.getInt());
        int count = mapped.remaining() < 4 ? -1 : mapped.getInt();
        if (count < 0 || count > mapped.remaining() / 8) {
            throw new IOException("damaged Fory payload: " + count + " out-of-band buffers");
        }
        long[] lengths = new long[count];
        for (int i = 0; i < count; i++) {
            lengths[i] = mapped.getLong();
        }
        List<ByteBuffer> outOfBand = new ArrayList<>(count);
        for (long bufferLength : lengths) {
            outOfBand.add(slice(mapped, bufferLength));
        }
        if (mapped.hasRemaining()) {
            throw new IOException("damaged Fory payload: " + mapped.remaining()
                    + " bytes after its last buffer");
        }
        Object value;
        try {
            try {
                value = reader(length, true).deserialize(MemoryBuffer.fromByteBuffer(inBand),
                        wrap(outOfBand));
            } catch (RuntimeException e) {
                if (!needsInterpreter(e)) {
                    throw e;
                }
                // Fresh buffers: the failed attempt may have read some of them.
                value = reader(length, false).deserialize(MemoryBuffer.fromByteBuffer(inBand),
                        wrap(outOfBand));
            }
        } catch (InsecureException e) {
            String refused = refusedClass(e);
            InvalidClassException refusal = new InvalidClassException(refused,
                    policy.refusal(refused, "ForyCodec"));
            refusal.initCause(e);
            throw refusal;
        } catch (RuntimeException e) {
            throw new IOException("payload no longer decodes with " + ID + ": " + rootCause(e),
                    e);
        } catch (StackOverflowError e) {
            throw new IOException("payload nests deeper than this thread's stack", e);
        }
        if (!type.isInstance(value)) {
            throw new IOException("payload holds a "
                    + (value == null ? "null" : value.getClass().getName()) + ", not a "
                    + type.getName());
        }
        return type.cast(value);
    }

    /** The reader whose graph budget suits a payload of {@code length} bytes. */
    private ThreadSafeFory reader(long length, boolean generated) {
        int sizeClass = 64 - Long.numberOfLeadingZeros(Math.max(1, length - 1));
        long budget = Math.max(MIN_GRAPH_BYTES, Math.min(Long.MAX_VALUE
                / GRAPH_BYTES_PER_PAYLOAD_BYTE, 1L << sizeClass) * GRAPH_BYTES_PER_PAYLOAD_BYTE);
        return fory(budget, generated);
    }

    /** The instance for this graph budget, with generated serializers unless told otherwise. */
    private ThreadSafeFory fory(long maxGraphBytes, boolean generated) {
        boolean codegenOn = generated && !codegen.equals("off");
        int slot = Long.numberOfTrailingZeros(maxGraphBytes) * 2 + (codegenOn ? 1 : 0);
        return readers.computeIfAbsent(slot, s -> build(maxGraphBytes, codegenOn));
    }

    private ThreadSafeFory build(long maxGraphBytes, boolean codegenOn) {
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader()
                : ForyCodec.class.getClassLoader();
        return Fory.builder()
                .withLanguage(Language.JAVA)
                .withCompatibleMode(CompatibleMode.SCHEMA_CONSISTENT)
                .withClassVersionCheck(true)
                .withRefTracking(true)
                .serializeEnumByName(true)
                .requireClassRegistration(false)
                .withDeserializeUnknownClass(false)
                .suppressClassRegistrationWarnings(true)
                .withTypeChecker((resolver, className) -> admits(className, loader))
                .withMaxDepth(ReadPolicy.MAX_DEPTH)
                .withMaxGraphMemoryBytes(maxGraphBytes)
                .withCodegen(codegenOn)
                .withAsyncCompilation(codegenOn && codegen.equals("async"))
                .withClassLoader(loader)
                .buildThreadSafeFory();
    }

    /** Whether Fory refused to generate a serializer that its interpreter can run. */
    private boolean needsInterpreter(Throwable failure) {
        if (codegen.equals("off")) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage())
                    .contains("Class version check should be disabled")) {
                return true;
            }
        }
        return false;
    }

    private static String codegenMode() {
        String mode = System.getProperty(CODEGEN_PROPERTY, "off").strip()
                .toLowerCase(Locale.ROOT);
        if (!mode.equals("on") && !mode.equals("off") && !mode.equals("async")) {
            // A typo in a flag must not make every factory class fail to initialize.
            System.getLogger(ForyCodec.class.getName()).log(System.Logger.Level.WARNING,
                    "-D" + CODEGEN_PROPERTY + " must be on, off or async, was '" + mode
                            + "'; using off");
            return "off";
        }
        return mode;
    }

    /** The allow rules, asked about a class by name: loaded without initializing it. */
    private boolean admits(String className, ClassLoader loader) {
        Class<?> named;
        try {
            named = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context == null || context == loader) {
                return false;
            }
            try {
                named = Class.forName(className, false, context);
            } catch (ClassNotFoundException | LinkageError again) {
                return false;
            }
        }
        try {
            return policy.admits(named, policy.patternFilter());
        } catch (IOException e) {
            return false; // a bad pattern in the system property admits nothing extra
        }
    }

    /** The next {@code length} bytes of {@code buffer} as a buffer of their own, checked. */
    private static ByteBuffer slice(ByteBuffer buffer, long length) throws IOException {
        if (length < 0 || length > buffer.remaining()) {
            throw new IOException("damaged Fory payload: a section of " + length + " bytes where "
                    + buffer.remaining() + " are left");
        }
        ByteBuffer section = buffer.slice();
        section.limit((int) length);
        buffer.position(buffer.position() + (int) length);
        return section;
    }

    private static List<MemoryBuffer> wrap(List<ByteBuffer> sections) {
        List<MemoryBuffer> buffers = new ArrayList<>(sections.size());
        for (ByteBuffer section : sections) {
            buffers.add(MemoryBuffer.fromByteBuffer(section.duplicate()));
        }
        return buffers;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Thrown through Fory by the buffer callback to stop a write over the payload limit. */
    private static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super(null, null, false, false);
        }
    }

    /** The innermost cause, briefly: Fory's outer messages can list every object read so far. */
    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.toString();
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String refusedClass(InsecureException e) {
        // "Class com.acme.Gadget is forbidden for deserialization."
        String message = String.valueOf(e.getMessage());
        String[] words = message.split(" ");
        return words.length > 1 && words[0].equals("Class") ? words[1] : message;
    }

    /** The Fory release this codec runs with, from its jar's manifest. */
    private static String foryVersion() {
        Package fory = Fory.class.getPackage();
        // A shaded jar carries another manifest: then the release the runtime was built with.
        return fory != null && "fory-core".equals(fory.getImplementationTitle())
                && fory.getImplementationVersion() != null
                ? fory.getImplementationVersion() : StoreFormat.FORY_VERSION;
    }
}
