package io.cachedfactory.processor;

import com.sun.source.util.Trees;
import io.cachedfactory.common.ValueEqualTypes;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides which declared types can be part of a persistent cache key, mirroring what the runtime's
 * key encoder ({@code io.cachedfactory.runtime.internal.KeyEncoder}) accepts: primitives and their
 * boxes, {@code String}, enums, records whose components are allowed, arrays,
 * {@code List}/{@code Set}/{@code Map}/{@code Optional} of allowed types, {@code UUID},
 * {@code BigInteger}, {@code BigDecimal}, the {@code java.time} values the encoder writes and
 * implementations of {@code io.cachedfactory.CacheKey}. {@code KeyTypeContractTest} holds the two
 * sides to the same {@code java.time} types.
 */
final class KeyTypes {

    private static final Set<String> VALUE_TYPES = Set.of(
            "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Character",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
            "java.lang.String", "java.util.UUID", "java.math.BigInteger", "java.math.BigDecimal");

    /**
     * The {@code java.time} types whose values the runtime encodes, one by one as in
     * {@code KeyEncoder.writeTime}; {@code Month} and {@code DayOfWeek} are enums.
     */
    private static final Set<String> TIME_TYPES = Set.of(
            "java.time.Instant", "java.time.LocalDate", "java.time.LocalTime",
            "java.time.LocalDateTime", "java.time.OffsetDateTime", "java.time.OffsetTime",
            "java.time.ZonedDateTime", "java.time.ZoneOffset", "java.time.ZoneId",
            "java.time.Duration", "java.time.Period", "java.time.Year", "java.time.YearMonth",
            "java.time.MonthDay");

    private static final List<String> CONTAINERS = List.of(
            "java.util.List", "java.util.Set", "java.util.Map", "java.util.Optional");

    private final Elements elements;
    private final Types types;
    /** javac's trees, to tell a record's own equals from the implicit one; null outside javac. */
    private final Trees trees;

    KeyTypes(Elements elements, Types types, Trees trees) {
        this.elements = elements;
        this.types = types;
        this.trees = trees;
    }

    /**
     * Whether a value declared as {@code type} has an {@code equals} that agrees with its key
     * bytes ({@link ValueEqualTypes}), so that the generated argument record can key memory.
     */
    boolean valueEqual(TypeMirror type) {
        return valueEqual(type, new HashSet<>());
    }

    private boolean valueEqual(TypeMirror type, Set<String> recordsInProgress) {
        if (type.getKind().isPrimitive()) {
            return true;
        }
        if (type.getKind() != TypeKind.DECLARED
                || !((DeclaredType) type).getTypeArguments().isEmpty()) {
            return false;
        }
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        String name = element.getQualifiedName().toString();
        if (ValueEqualTypes.valueEqual(name, element.getKind() == ElementKind.ENUM)) {
            return true;
        }
        // A record encodes as its class and components; a CacheKey record as its cacheKey().
        if (element.getKind() != ElementKind.RECORD || isCacheKey(declared)
                || declaresEqualsOrHashCode(element) || !recordsInProgress.add(name)) {
            return false; // a record that contains itself is keyed by bytes too
        }
        boolean componentsValueEqual = element.getRecordComponents().stream()
                .allMatch(component -> valueEqual(component.asType(), recordsInProgress));
        recordsInProgress.remove(name);
        return componentsValueEqual;
    }

    /**
     * Whether a record writes its own equals or hashCode instead of the implicit ones, which javac
     * lists among its members too but without a source tree. Only a record compiled from source
     * can be told apart: one from a class file counts as declaring them (keyed by bytes).
     */
    private boolean declaresEqualsOrHashCode(TypeElement record) {
        if (trees == null || trees.getTree(record) == null) {
            return true;
        }
        return ElementFilter.methodsIn(record.getEnclosedElements()).stream()
                .filter(method -> trees.getTree(method) != null)
                .anyMatch(method -> {
                    String name = method.getSimpleName().toString();
                    return name.equals("equals") && method.getParameters().size() == 1
                            || name.equals("hashCode") && method.getParameters().isEmpty();
                });
    }

    /**
     * The part of {@code type} that cannot be encoded, rendered for a message, or empty when the
     * whole type can be part of a key.
     */
    Optional<String> problem(TypeMirror type) {
        return problem(type, new HashSet<>());
    }

    private Optional<String> problem(TypeMirror type, Set<String> recordsInProgress) {
        if (type.getKind().isPrimitive() || type.getKind() == TypeKind.ERROR) {
            // Error types are reported by javac itself.
            return Optional.empty();
        }
        if (type.getKind() == TypeKind.ARRAY) {
            return problem(((ArrayType) type).getComponentType(), recordsInProgress);
        }
        if (type.getKind() != TypeKind.DECLARED) {
            return Optional.of(type.toString());
        }
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        String name = element.getQualifiedName().toString();
        if (VALUE_TYPES.contains(name) || TIME_TYPES.contains(name)
                || element.getKind() == ElementKind.ENUM
                || isCacheKey(declared)) {
            return Optional.empty();
        }
        for (String container : CONTAINERS) {
            DeclaredType view = asSupertype(declared, container);
            if (view != null) {
                return containerProblem(type, view, recordsInProgress);
            }
        }
        if (element.getKind() == ElementKind.RECORD) {
            if (!recordsInProgress.add(name)) {
                return Optional.empty();
            }
            for (RecordComponentElement component : element.getRecordComponents()) {
                ExecutableType accessor = (ExecutableType) types.asMemberOf(
                        declared, component.getAccessor());
                Optional<String> inner = problem(accessor.getReturnType(), recordsInProgress);
                if (inner.isPresent()) {
                    return Optional.of(inner.get() + " in record component '"
                            + component.getSimpleName() + "' of " + name);
                }
            }
            return Optional.empty();
        }
        return Optional.of(type.toString());
    }

    private Optional<String> containerProblem(TypeMirror type, DeclaredType view,
            Set<String> recordsInProgress) {
        if (view.getTypeArguments().isEmpty()) {
            return Optional.of("raw " + type);
        }
        for (TypeMirror argument : view.getTypeArguments()) {
            TypeMirror checked = argument;
            if (argument.getKind() == TypeKind.WILDCARD) {
                checked = ((WildcardType) argument).getExtendsBound();
                if (checked == null) {
                    return Optional.of(argument + " in " + type);
                }
            }
            Optional<String> inner = problem(checked, recordsInProgress);
            if (inner.isPresent()) {
                return inner;
            }
        }
        return Optional.empty();
    }

    private boolean isCacheKey(DeclaredType type) {
        TypeElement cacheKey = elements.getTypeElement(Mirrors.CACHE_KEY);
        return cacheKey != null && types.isAssignable(types.erasure(type), cacheKey.asType());
    }

    /** {@code type} seen as its supertype named {@code name}, with type arguments, or null. */
    DeclaredType asSupertype(DeclaredType type, String name) {
        TypeElement element = (TypeElement) type.asElement();
        if (element.getQualifiedName().contentEquals(name)) {
            return type;
        }
        for (TypeMirror supertype : types.directSupertypes(type)) {
            if (supertype.getKind() == TypeKind.DECLARED) {
                DeclaredType found = asSupertype((DeclaredType) supertype, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
