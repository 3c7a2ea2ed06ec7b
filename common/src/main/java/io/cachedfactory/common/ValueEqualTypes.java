package io.cachedfactory.common;

import java.util.Set;

/*
 * Design note. A generated factory keys its memory tier by a record of its arguments, so that a
 * memory hit costs one hash lookup and no encoding. That is only sound when, for every argument,
 * equals agrees with the canonical key bytes the disk tier compares: equal values encode to equal
 * bytes (else a memory hit could serve the object of another key) and distinct values to distinct
 * bytes (else one stored object would have two instances in memory). The processor decides per
 * factory method from the declared parameter types; the runtime's ValueEqualContractTest encodes
 * sample values of every type named here, edge cases included, and holds it to this rule.
 *
 * Records count too when they keep the implicit equals and hashCode, do not implement CacheKey
 * (which encodes as its cacheKey()) and every component's declared type counts: the implicit equals
 * compares the components as the encoding writes them (class name, then each component), and a
 * record class is final. The processor checks this on the record's declaration.
 *
 * Not listed, so keyed by bytes: arrays (identity equals), collections and maps (a List equals
 * another implementation's, and their elements may be anything), records that write their own
 * equals or hashCode, other CacheKey types, Object and interfaces, and java.time types whose equals
 * also compares a zone or chronology the encoding writes differently.
 */

/** Which declared argument types have an {@code equals} that agrees with their key bytes. */
public final class ValueEqualTypes {

    /** Qualified names of the classes, besides primitives and enums, whose equals agrees. */
    public static final Set<String> CLASSES = Set.of(
            "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Character",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
            "java.lang.String", "java.util.UUID", "java.math.BigInteger", "java.math.BigDecimal",
            "java.time.Instant", "java.time.LocalDate", "java.time.LocalTime",
            "java.time.LocalDateTime", "java.time.Duration", "java.time.Year",
            "java.time.YearMonth", "java.time.MonthDay");

    private ValueEqualTypes() {
    }

    /**
     * Whether a parameter declared as the class {@code qualifiedName} (not an array, not
     * parameterized, not a record: see the note above) has an {@code equals} that agrees with its
     * key bytes.
     *
     * @param isEnum whether the class is an enum: an enum constant equals only itself, and its
     *     bytes are its class and name
     */
    public static boolean valueEqual(String qualifiedName, boolean isEnum) {
        return isEnum || CLASSES.contains(qualifiedName);
    }
}
