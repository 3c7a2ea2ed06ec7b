package io.cachedfactory.runtime;

import io.cachedfactory.common.StoreFormat;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Java serialization, read back through an allowlist: the codec for cached types that need their
 * own {@code writeObject}/{@code readObject}, selected with
 * {@code @CachedFactory(codec = JavaSerializationCodec.class)} ({@link ForyCodec} is the default).
 *
 * <p>Reading admits only
 * <ul>
 *   <li>the cached type and every class of its package (which includes its nested classes);
 *   <li>every class the cached type's declaration reaches: its superclasses and the types of its
 *       instance fields (with their type arguments and array component types), recursively, such
 *       as an enum of another package used in a field;
 *   <li>JDK value types: the boxes, {@code String}, {@code Number}, {@code Enum}; the
 *       {@code java.util} collection implementations (including the ones behind {@code List.of},
 *       {@code Collections.unmodifiableList}, {@code Arrays.asList} and {@code EnumSet}) and
 *       {@code java.util.concurrent}'s maps, sets and lists; {@code UUID}, {@code BitSet};
 *       {@code BigInteger}, {@code BigDecimal}; everything in {@code java.time} and below;
 *   <li>arrays of primitives and of admitted classes;
 *   <li>the patterns given to {@link #allowing(String...)};
 *   <li>the patterns in the system property {@value #ALLOW_PROPERTY} (separated by commas or
 *       semicolons), which apply to every codec of this class and are read at each read.
 * </ul>
 * Every other class in the stream is rejected by an {@link ObjectInputFilter} as soon as its
 * descriptor is read, before the class is initialized and before any of its code (static
 * initializer, {@code readObject}, {@code readResolve}) runs; the read then fails with an
 * {@link InvalidClassException} naming the class and how to admit it. A JVM-wide filter
 * ({@code -Djdk.serialFilter}) still applies on top and may reject more. Field types from other
 * libraries need {@link #allowing(String...)} or the system property.
 *
 * <p>Classes are resolved with the cached type's class loader first, then the thread's context
 * class loader, so the codec works when the library and the application use different loaders.
 *
 * <p>Every payload starts with a digest of the layout of the cached type's declared graph (fields
 * in order with their types, record components, enum constants), so a payload written before a
 * field was added, removed, renamed, retyped or reordered is refused before it is decoded, even
 * where serialization itself would fill the gap with a default (records, classes with an explicit
 * {@code serialVersionUID}). A payload that no longer deserializes (the class changed
 * incompatibly, or holds another type) fails with an {@link IOException}, which the store treats
 * as a miss.
 *
 * @param <T> the cached type
 */
public final class JavaSerializationCodec<T> implements Codec<T> {

    /** System property with extra patterns admitted by every built-in codec. */
    public static final String ALLOW_PROPERTY = ReadPolicy.ALLOW_PROPERTY;

    private static final int BUFFER_SIZE = 64 * 1024;

    private final Class<T> type;
    private final ReadPolicy policy;

    private JavaSerializationCodec(Class<T> type, ReadPolicy policy) {
        this.type = type;
        this.policy = policy;
    }

    /** The codec for {@code type}: admits its declared graph, its package and JDK value types. */
    public static <T> JavaSerializationCodec<T> forType(Class<T> type) {
        return new JavaSerializationCodec<>(type, ReadPolicy.forType(type));
    }

    /**
     * A codec that also admits classes matching {@code patterns}, in the syntax of
     * {@link ObjectInputFilter.Config#createFilter}: an exact class name ({@code com.acme.Grid}),
     * a package ({@code com.acme.*}), a package and its subpackages ({@code com.acme.**}) or a
     * prefix ({@code com.acme.Grid*}). A pattern starting with {@code !} rejects what it matches,
     * even a class this codec would otherwise admit. The patterns are not part of {@link #id()}:
     * they change what can be read, not the bytes.
     *
     * @throws IllegalArgumentException if a pattern is empty or not valid filter syntax
     */
    public JavaSerializationCodec<T> allowing(String... patterns) {
        return new JavaSerializationCodec<>(type, policy.allowing(patterns));
    }

    /** {@code "java-serialization/2"}, whatever the allowlist. */
    @Override
    public String id() {
        return StoreFormat.JAVA_SERIALIZATION_CODEC_ID;
    }

    /**
     * Writes the layout digest of the cached type's declared graph, then serializes {@code value}
     * (buffered, flushed, not closed).
     */
    @Override
    public void write(T value, OutputStream out) throws IOException {
        Objects.requireNonNull(value, "value");
        out.write(policy.layoutDigest());
        ObjectOutputStream objects = new ObjectOutputStream(new BufferedOutputStream(out,
                BUFFER_SIZE));
        objects.writeObject(value);
        // Not closed: the stream belongs to the store, which adds the checksum and renames.
        objects.flush();
    }

    /**
     * Deserializes the payload through the allowlist.
     *
     * @throws InvalidClassException if the payload holds a class outside the allowlist (the
     *     message names it) or a class that changed incompatibly
     * @throws IOException if the payload holds another type or otherwise no longer deserializes
     */
    @Override
    public T read(Payload payload) throws IOException {
        ObjectInputFilter extra = policy.patternFilter();
        try (InputStream raw = payload.openStream()) {
            if (!policy.sameLayout(raw.readNBytes(ReadPolicy.DIGEST_BYTES))) {
                throw new InvalidClassException(type.getName(), "the payload was written when a"
                        + " class of its declared fields had another layout");
            }
            return readObject(new BufferedInputStream(raw, BUFFER_SIZE), extra,
                    payload.length() - ReadPolicy.DIGEST_BYTES);
        }
    }

    private T readObject(InputStream raw, ObjectInputFilter extra, long payloadLength)
            throws IOException {
        try (FilteredInput in = new FilteredInput(raw)) {
            ObjectInputFilter filter = in.filter(extra, payloadLength);
            // Keep a JVM-wide filter (-Djdk.serialFilter), which setObjectInputFilter replaces.
            in.setObjectInputFilter(ObjectInputFilter.merge(filter, in.getObjectInputFilter()));
            Object value;
            try {
                value = in.readObject();
            } catch (InvalidClassException e) {
                if (in.beyondLimits != null) {
                    throw new IOException("payload refused: " + in.beyondLimits, e);
                }
                throw in.rejected == null ? e : rejection(in.rejected, e);
            } catch (ClassNotFoundException e) {
                throw new IOException("payload refers to a class that is not on the class path: "
                        + e.getMessage(), e);
            } catch (RuntimeException e) {
                // A readObject or constructor of a changed class that fails is a miss too.
                throw new IOException("payload no longer deserializes: " + e, e);
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
    }

    private InvalidClassException rejection(String className, InvalidClassException cause) {
        InvalidClassException e = new InvalidClassException(className,
                policy.refusal(className, "JavaSerializationCodec"));
        e.initCause(cause);
        return e;
    }

    /** Resolves through the cached type's loader and records what the filter rejected. */
    private final class FilteredInput extends ObjectInputStream {
        String rejected;
        String beyondLimits;

        FilteredInput(InputStream in) throws IOException {
            super(in);
        }

        ObjectInputFilter filter(ObjectInputFilter extra, long payloadLength) {
            return info -> {
                // Every array element takes at least one byte of the stream, and nesting this
                // deep is an attack, not an object: refuse before anything is allocated.
                if (info.arrayLength() > payloadLength || info.depth() > ReadPolicy.MAX_DEPTH) {
                    beyondLimits = info.arrayLength() > payloadLength
                            ? "an array of " + info.arrayLength() + " elements in a payload of "
                                    + payloadLength + " bytes"
                            : "nesting deeper than " + ReadPolicy.MAX_DEPTH;
                    return ObjectInputFilter.Status.REJECTED;
                }
                Class<?> serialClass = info.serialClass();
                ObjectInputFilter.Status byPattern = extra == null
                        ? ObjectInputFilter.Status.UNDECIDED : extra.checkInput(info);
                if (serialClass == null) {
                    return byPattern; // a depth or size check: only patterns set limits
                }
                if (policy.admits(serialClass, byPattern)) {
                    return ObjectInputFilter.Status.ALLOWED;
                }
                rejected = ReadPolicy.elementType(serialClass).getName();
                return ObjectInputFilter.Status.REJECTED;
            };
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc)
                throws IOException, ClassNotFoundException {
            String name = desc.getName();
            ClassLoader own = type.getClassLoader();
            try {
                // false: resolving must not initialize; the filter has not seen the class yet.
                return Class.forName(name, false, own);
            } catch (ClassNotFoundException e) {
                ClassLoader context = Thread.currentThread().getContextClassLoader();
                if (context != null && context != own) {
                    try {
                        return Class.forName(name, false, context);
                    } catch (ClassNotFoundException ignored) {
                        // fall through to the default, which also knows primitive names
                    }
                }
                return super.resolveClass(desc);
            }
        }
    }
}
