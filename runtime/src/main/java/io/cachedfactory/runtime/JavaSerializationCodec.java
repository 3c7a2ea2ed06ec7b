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
 * The default codec: Java serialization, read back through an allowlist.
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
 * <p>A payload that no longer deserializes (the class changed incompatibly, or holds another type)
 * fails with an {@link IOException}, which the store treats as a miss.
 *
 * @param <T> the cached type
 */
public final class JavaSerializationCodec<T> implements Codec<T> {

    /** System property with extra patterns admitted by every codec of this class. */
    public static final String ALLOW_PROPERTY = "cachedfactory.serialization.allow";

    private static final int BUFFER_SIZE = 64 * 1024;

    /** Object graphs nested deeper than this are refused (-Dcachedfactory.serialization.maxDepth). */
    private static final long MAX_DEPTH = Long.getLong("cachedfactory.serialization.maxDepth", 2_000);

    private static final Set<String> JDK_CLASSES = Set.of(
            "java.lang.Object", // as the element type of Object[] only: Object is not serializable
            "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Character",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
            "java.lang.String", "java.lang.Number", "java.lang.Enum", "java.lang.Record",
            "java.math.BigInteger", "java.math.BigDecimal",
            "java.util.UUID", "java.util.BitSet",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque",
            "java.util.Vector", "java.util.Stack", "java.util.PriorityQueue",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
            "java.util.Hashtable", "java.util.IdentityHashMap",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.EnumMap", "java.util.EnumSet", "java.util.RegularEnumSet",
            "java.util.JumboEnumSet", "java.util.EnumSet$SerializationProxy",
            "java.util.CollSer", "java.util.Arrays$ArrayList",
            // HashMap and HashSet check their table size as a Map.Entry[] while reading.
            "java.util.Map$Entry",
            "java.util.AbstractMap$SimpleEntry", "java.util.AbstractMap$SimpleImmutableEntry",
            "java.util.Collections$SetFromMap", "java.util.Collections$CopiesList",
            "java.util.Collections$ReverseComparator", "java.util.Collections$ReverseComparator2",
            "java.util.Comparators$NaturalOrderComparator",
            "java.util.concurrent.ConcurrentHashMap",
            // The serial form of ConcurrentHashMap still holds Java 7's segments and their locks.
            "java.util.concurrent.ConcurrentHashMap$Segment",
            "java.util.concurrent.locks.ReentrantLock",
            "java.util.concurrent.locks.ReentrantLock$Sync",
            "java.util.concurrent.locks.ReentrantLock$NonfairSync",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer",
            "java.util.concurrent.locks.AbstractOwnableSynchronizer",
            "java.util.concurrent.ConcurrentSkipListMap",
            "java.util.concurrent.ConcurrentSkipListSet",
            "java.util.concurrent.CopyOnWriteArrayList",
            "java.util.concurrent.CopyOnWriteArraySet");

    private static final List<String> JDK_PREFIXES = List.of(
            "java.time.",
            "java.util.ImmutableCollections$",
            "java.util.Collections$Unmodifiable",
            "java.util.Collections$Synchronized",
            "java.util.Collections$Empty",
            "java.util.Collections$Singleton");

    private final Class<T> type;
    private volatile Set<Class<?>> reachable;
    private final List<String> patterns;

    private JavaSerializationCodec(Class<T> type, List<String> patterns) {
        this.type = type;
        this.patterns = patterns;
    }

    /** The default codec for {@code type}: admits its own package and JDK value types. */
    public static <T> JavaSerializationCodec<T> forType(Class<T> type) {
        return new JavaSerializationCodec<>(Objects.requireNonNull(type, "type"), List.of());
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
        List<String> all = new ArrayList<>(this.patterns);
        for (String pattern : patterns) {
            Objects.requireNonNull(pattern, "pattern");
            if (pattern.isBlank() || pattern.contains(";")) {
                throw new IllegalArgumentException("pattern must be one non-empty filter pattern,"
                        + " was '" + pattern + "'");
            }
            all.add(pattern.strip());
        }
        ObjectInputFilter.Config.createFilter(String.join(";", all)); // validates
        return new JavaSerializationCodec<>(type, List.copyOf(all));
    }

    /** {@code "java-serialization/1"}, whatever the allowlist. */
    @Override
    public String id() {
        return StoreFormat.DEFAULT_CODEC_ID;
    }

    /** Serializes {@code value} into {@code out} (buffered, flushed, not closed). */
    @Override
    public void write(T value, OutputStream out) throws IOException {
        Objects.requireNonNull(value, "value");
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
        ObjectInputFilter extra = extraFilter();
        try (InputStream raw = payload.openStream();
                FilteredInput in = new FilteredInput(new BufferedInputStream(raw, BUFFER_SIZE))) {
            ObjectInputFilter filter = in.filter(extra, payload.length());
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
        InvalidClassException e = new InvalidClassException(className, "not admitted by the"
                + " deserialization allowlist of the cache of " + type.getName() + "; if it belongs"
                + " in the cached value, admit it with JavaSerializationCodec.forType("
                + type.getSimpleName() + ".class).allowing(\"" + className + "\") or -D"
                + ALLOW_PROPERTY + "=" + className);
        e.initCause(cause);
        return e;
    }

    /** The codec's and the system property's patterns as one filter; null if there are none. */
    private ObjectInputFilter extraFilter() throws IOException {
        List<String> all = new ArrayList<>(patterns);
        String property = System.getProperty(ALLOW_PROPERTY, "");
        Arrays.stream(property.split("[,;]"))
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .forEach(all::add);
        if (all.isEmpty()) {
            return null;
        }
        try {
            return ObjectInputFilter.Config.createFilter(String.join(";", all));
        } catch (IllegalArgumentException e) {
            throw new IOException("bad pattern in -D" + ALLOW_PROPERTY + "=" + property + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether a class (an array's element type) is admitted without any pattern. */
    private boolean admitsByDefault(Class<?> element) {
        if (element.isPrimitive() || element == type
                || element.getPackageName().equals(type.getPackageName())
                || reachable().contains(element)) {
            return true;
        }
        String name = element.getName();
        if (JDK_CLASSES.contains(name)) {
            return true;
        }
        for (String prefix : JDK_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The classes the cached type's declaration reaches: superclasses, and the declared types of
     * instance fields with their type arguments, recursively. A payload naming any other
     * application class is refused, so a gadget that merely ships with the application is not
     * admitted.
     */
    private Set<Class<?>> reachable() {
        Set<Class<?>> result = reachable;
        if (result == null) {
            result = new java.util.HashSet<>();
            java.util.ArrayDeque<java.lang.reflect.Type> pending = new java.util.ArrayDeque<>();
            pending.add(type);
            while (!pending.isEmpty()) {
                java.lang.reflect.Type next = pending.poll();
                if (next instanceof java.lang.reflect.ParameterizedType parameterized) {
                    pending.add(parameterized.getRawType());
                    pending.addAll(Arrays.asList(parameterized.getActualTypeArguments()));
                } else if (next instanceof java.lang.reflect.GenericArrayType array) {
                    pending.add(array.getGenericComponentType());
                } else if (next instanceof java.lang.reflect.WildcardType wildcard) {
                    pending.addAll(Arrays.asList(wildcard.getUpperBounds()));
                } else if (next instanceof Class<?> clazz) {
                    while (clazz.isArray()) {
                        clazz = clazz.getComponentType();
                    }
                    if (clazz.isPrimitive() || clazz.getName().startsWith("java.")
                            || !result.add(clazz)) {
                        continue;
                    }
                    if (clazz.getSuperclass() != null) {
                        pending.add(clazz.getGenericSuperclass());
                    }
                    for (java.lang.reflect.Field field : clazz.getDeclaredFields()) {
                        int modifiers = field.getModifiers();
                        if (!java.lang.reflect.Modifier.isStatic(modifiers)
                                && !java.lang.reflect.Modifier.isTransient(modifiers)) {
                            pending.add(field.getGenericType());
                        }
                    }
                }
            }
            reachable = result;
        }
        return result;
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
                if (info.arrayLength() > payloadLength || info.depth() > MAX_DEPTH) {
                    beyondLimits = info.arrayLength() > payloadLength
                            ? "an array of " + info.arrayLength() + " elements in a payload of "
                                    + payloadLength + " bytes"
                            : "nesting deeper than " + MAX_DEPTH;
                    return ObjectInputFilter.Status.REJECTED;
                }
                Class<?> serialClass = info.serialClass();
                ObjectInputFilter.Status byPattern = extra == null
                        ? ObjectInputFilter.Status.UNDECIDED : extra.checkInput(info);
                if (serialClass == null) {
                    return byPattern; // a depth or size check: only patterns set limits
                }
                Class<?> element = serialClass;
                while (element.isArray()) {
                    element = element.getComponentType();
                }
                if (byPattern == ObjectInputFilter.Status.ALLOWED
                        || byPattern == ObjectInputFilter.Status.UNDECIDED
                        && admitsByDefault(element)) {
                    return ObjectInputFilter.Status.ALLOWED;
                }
                rejected = element.getName();
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
