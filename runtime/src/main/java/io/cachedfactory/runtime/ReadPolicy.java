package io.cachedfactory.runtime;

import java.io.IOException;
import java.io.ObjectInputFilter;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/*
 * Both built-in codecs read payloads a stranger may have written, so both follow the same rules,
 * kept here once:
 *
 * - Which classes a payload may name. The cached type and its package, every class its
 *   declaration reaches (superclasses and instance field types, with type arguments and array
 *   components, recursively: the "declared graph"), JDK value types and collections, arrays of
 *   those, and the user's patterns (the codec's and the system property's, in ObjectInputFilter
 *   syntax). Java serialization asks through an ObjectInputFilter, Fory through its TypeChecker;
 *   both ask before the class is initialized.
 *
 * - How deep a payload may nest (-Dcachedfactory.serialization.maxDepth, 2,000 by default).
 *
 * - The layout digest: a hash of the declared graph's layout (each class's kind, superclass,
 *   fields in declaration order with their generic types, record components, enum constants in
 *   order), written first in every payload and compared before anything is decoded. Both
 *   serializers match fields by name and fill what is missing with defaults (Java serialization
 *   does so for records and for classes with an explicit serialVersionUID), and Fory writes enums
 *   by ordinal, so a class change would otherwise load as a wrong object. With the digest, any
 *   change to a field, component or constant of the declared graph is a miss (INCOMPATIBLE);
 *   classes outside it (an implementation held in an interface-typed field) rely on the
 *   serializer's own check.
 */

/** What a built-in codec admits when it reads a payload of one cached type. */
final class ReadPolicy {

    /** System property with extra patterns admitted by both built-in codecs. */
    static final String ALLOW_PROPERTY = "cachedfactory.serialization.allow";

    /** Object graphs nested deeper than this are refused. */
    static final int MAX_DEPTH = Integer.getInteger("cachedfactory.serialization.maxDepth", 2_000);

    /** Bytes of the layout digest at the start of every payload. */
    static final int DIGEST_BYTES = 16;

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

    private final Class<?> type;
    private final List<String> patterns;
    private volatile Set<Class<?>> declared;
    private volatile byte[] layoutDigest;

    private ReadPolicy(Class<?> type, List<String> patterns) {
        this.type = type;
        this.patterns = patterns;
    }

    /** The rules for {@code type}, with no extra patterns. */
    static ReadPolicy forType(Class<?> type) {
        return new ReadPolicy(Objects.requireNonNull(type, "type"), List.of());
    }

    /**
     * These rules, also admitting {@code patterns} (validated here).
     *
     * @throws IllegalArgumentException if a pattern is empty or not valid filter syntax
     */
    ReadPolicy allowing(String... patterns) {
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
        return new ReadPolicy(type, List.copyOf(all));
    }

    Class<?> type() {
        return type;
    }

    /** The codec's and the system property's patterns as one filter; null if there are none. */
    ObjectInputFilter patternFilter() throws IOException {
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

    /**
     * Whether {@code serialClass} may be read: a pattern decides first (a {@code !} pattern
     * rejects), then the default rules on its element type.
     */
    boolean admits(Class<?> serialClass, ObjectInputFilter.Status byPattern) {
        if (byPattern == ObjectInputFilter.Status.ALLOWED) {
            return true;
        }
        return byPattern == ObjectInputFilter.Status.UNDECIDED
                && admitsByDefault(elementType(serialClass));
    }

    /** {@link #admits(Class, ObjectInputFilter.Status)}, asking {@code patterns} about the class. */
    boolean admits(Class<?> serialClass, ObjectInputFilter patterns) {
        ObjectInputFilter.Status byPattern = patterns == null ? ObjectInputFilter.Status.UNDECIDED
                : patterns.checkInput(new ClassOnly(serialClass));
        return admits(serialClass, byPattern);
    }

    /** What a refusal says: the class, and the two ways to admit it. */
    String refusal(String className, String codec) {
        return className + " is not admitted by the deserialization allowlist of the cache of "
                + type.getName() + "; if it belongs in the cached value, admit it with " + codec
                + ".forType(" + type.getSimpleName() + ".class).allowing(\"" + className
                + "\") or -D" + ALLOW_PROPERTY + "=" + className;
    }

    static Class<?> elementType(Class<?> serialClass) {
        Class<?> element = serialClass;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return element;
    }

    private boolean admitsByDefault(Class<?> element) {
        if (element.isPrimitive() || element == type
                || element.getPackageName().equals(type.getPackageName())
                || declaredGraph().contains(element)) {
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
     * instance fields with their type arguments, recursively, outside {@code java.*}. A payload
     * naming any other application class is refused, so a gadget that merely ships with the
     * application is not admitted.
     */
    Set<Class<?>> declaredGraph() {
        Set<Class<?>> result = declared;
        if (result == null) {
            result = new HashSet<>();
            ArrayDeque<Type> pending = new ArrayDeque<>();
            pending.add(type);
            while (!pending.isEmpty()) {
                Type next = pending.poll();
                if (next instanceof ParameterizedType parameterized) {
                    pending.add(parameterized.getRawType());
                    pending.addAll(Arrays.asList(parameterized.getActualTypeArguments()));
                } else if (next instanceof GenericArrayType array) {
                    pending.add(array.getGenericComponentType());
                } else if (next instanceof WildcardType wildcard) {
                    pending.addAll(Arrays.asList(wildcard.getUpperBounds()));
                } else if (next instanceof Class<?> clazz) {
                    clazz = elementType(clazz);
                    if (clazz.isPrimitive() || clazz.getName().startsWith("java.")
                            || !result.add(clazz)) {
                        continue;
                    }
                    if (clazz.getSuperclass() != null) {
                        pending.add(clazz.getGenericSuperclass());
                    }
                    for (Field field : instanceFields(clazz)) {
                        pending.add(field.getGenericType());
                    }
                }
            }
            declared = result;
        }
        return result;
    }

    /**
     * The layout digest of the declared graph: its classes in name order, each with its kind,
     * superclass, fields in declaration order (name and generic type), record components and enum
     * constants in order.
     */
    byte[] layoutDigest() {
        byte[] digest = layoutDigest;
        if (digest == null) {
            StringBuilder layout = new StringBuilder();
            List<Class<?>> classes = new ArrayList<>(declaredGraph());
            classes.sort(Comparator.comparing(Class::getName));
            for (Class<?> clazz : classes) {
                layout.append(clazz.isRecord() ? "record " : clazz.isEnum() ? "enum " : "class ")
                        .append(clazz.getName()).append(" extends ")
                        .append(clazz.getGenericSuperclass()).append('{');
                if (clazz.isRecord()) {
                    for (RecordComponent component : clazz.getRecordComponents()) {
                        layout.append(component.getGenericType().getTypeName()).append(' ')
                                .append(component.getName()).append(';');
                    }
                } else if (clazz.isEnum()) {
                    for (Object constant : clazz.getEnumConstants()) {
                        layout.append(((Enum<?>) constant).name()).append(',');
                    }
                }
                for (Field field : instanceFields(clazz)) {
                    layout.append(field.getGenericType().getTypeName()).append(' ')
                            .append(field.getName()).append(';');
                }
                layout.append("}\n");
            }
            try {
                digest = Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                        .digest(layout.toString().getBytes(StandardCharsets.UTF_8)), DIGEST_BYTES);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
            layoutDigest = digest;
        }
        return digest.clone();
    }

    /** Whether {@code written} is this type's layout digest now. */
    boolean sameLayout(byte[] written) {
        if (layoutDigest == null) {
            layoutDigest();
        }
        return MessageDigest.isEqual(layoutDigest, written);
    }

    /** Declared non-static, non-transient fields, in declaration order. */
    private static List<Field> instanceFields(Class<?> clazz) {
        List<Field> fields = new ArrayList<>();
        for (Field field : clazz.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)
                    && !field.isSynthetic()) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** A filter question about a class alone, for patterns asked outside a stream. */
    private record ClassOnly(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {
        @Override
        public long arrayLength() {
            return -1;
        }

        @Override
        public long depth() {
            return 1;
        }

        @Override
        public long references() {
            return 0;
        }

        @Override
        public long streamBytes() {
            return 0;
        }
    }
}
