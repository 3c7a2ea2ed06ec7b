package io.cachedfactory.runtime;

import io.cachedfactory.common.StoreFormat;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.CompatibleMode;
import org.apache.fory.config.Language;
import org.apache.fory.exception.InsecureException;
import org.apache.fory.memory.MemoryBuffer;

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
 * - The body is read straight from the store's read-only mapping of the payload file: strings
 *   and primitive arrays are copied once, from the page cache into the object, with no
 *   intermediate heap buffer.
 * - The id names the Fory release on the class path, so payloads written by another release are
 *   misses rather than guesses.
 * - Code generation (JIT serializers) is on by default; -Dcachedfactory.fory.codegen=off|async
 *   trades the first load's compile time against later loads' speed (see the README's
 *   benchmarks). Fory 1.6.0 generates the serializer of a class with its own writeObject or
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
 * <p>A serialized object is at most 2 GiB (one payload file's limit); a larger one is kept in
 * memory only, with a warning, and never fails a {@code get}.
 *
 * @param <T> the cached type
 */
public final class ForyCodec<T> implements Codec<T> {

    /** System property: {@code on} (the default), {@code off} or {@code async} code generation. */
    public static final String CODEGEN_PROPERTY = "cachedfactory.fory.codegen";

    private static final long MIN_GRAPH_BYTES = 64L << 20;
    private static final int GRAPH_BYTES_PER_PAYLOAD_BYTE = 64;
    /** Bytes before Fory's output: the layout digest. */
    private static final int PREFIX_BYTES = ReadPolicy.DIGEST_BYTES;

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

    /** Writes the layout digest, then the object in Fory's format (flushed, not closed). */
    @Override
    public void write(T value, OutputStream out) throws IOException {
        Objects.requireNonNull(value, "value");
        MemoryBuffer buffer = MemoryBuffer.newHeapBuffer(1 << 16);
        try {
            try {
                fory(MIN_GRAPH_BYTES, true).serialize(buffer, value);
            } catch (RuntimeException e) {
                if (!needsInterpreter(e)) {
                    throw e;
                }
                buffer.writerIndex(0);
                fory(MIN_GRAPH_BYTES, false).serialize(buffer, value);
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot serialize " + type.getName() + " with Fory: " + e, e);
        }
        int length = buffer.writerIndex();
        if (length < 0 || length > Integer.MAX_VALUE - PREFIX_BYTES) {
            throw new IOException("a " + type.getName() + " serializes to more than the 2 GiB a"
                    + " payload holds");
        }
        out.write(policy.layoutDigest());
        byte[] heap = buffer.getHeapMemory();
        if (heap != null) {
            out.write(heap, 0, length); // a heap buffer of Fory's starts at index 0
        } else {
            out.write(buffer.getBytes(0, length));
        }
        out.flush();
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
        ByteBuffer body = mapped.slice();
        Object value;
        try {
            try {
                value = reader(length, true).deserialize(MemoryBuffer.fromByteBuffer(body));
            } catch (RuntimeException e) {
                if (!needsInterpreter(e)) {
                    throw e;
                }
                value = reader(length, false).deserialize(MemoryBuffer.fromByteBuffer(body));
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
        String mode = System.getProperty(CODEGEN_PROPERTY, "on").strip().toLowerCase(Locale.ROOT);
        if (!mode.equals("on") && !mode.equals("off") && !mode.equals("async")) {
            // A typo in a flag must not make every factory class fail to initialize.
            System.getLogger(ForyCodec.class.getName()).log(System.Logger.Level.WARNING,
                    "-D" + CODEGEN_PROPERTY + " must be on, off or async, was '" + mode
                            + "'; using on");
            return "on";
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
