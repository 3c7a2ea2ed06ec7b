package io.cachedfactory.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.common.ValueEqualTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.Year;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Holds {@link ValueEqualTypes} to its rule: for every type it names, two values are
 * {@code equals} exactly when their canonical key bytes are equal, edge cases included. A generated
 * factory keys memory by a record of such values, so a type that broke the rule would let a memory
 * hit serve another key's object (equal, different bytes) or keep two instances of one stored
 * object (different, equal bytes).
 */
class ValueEqualContractTest {

    private enum Shade { LIGHT, DARK }

    /** Values of each listed type, with the pairs most likely to break the rule side by side. */
    private static Map<String, List<Object>> samples() {
        Map<String, List<Object>> samples = new LinkedHashMap<>();
        samples.put("java.lang.Boolean", List.of(true, false, Boolean.valueOf("TRUE")));
        samples.put("java.lang.Byte", List.of((byte) 0, (byte) -1, (byte) 127, (byte) -128));
        samples.put("java.lang.Short", List.of((short) 0, (short) -1, (short) 256));
        samples.put("java.lang.Character", List.of('a', 'A', '\u0000', '\uD800', '\uFFFF'));
        samples.put("java.lang.Integer", List.of(0, -1, 1, Integer.MIN_VALUE, 1000, 1000));
        samples.put("java.lang.Long", List.of(0L, -1L, Long.MAX_VALUE, 1L << 32));
        samples.put("java.lang.Float", List.of(0.0f, -0.0f, Float.NaN,
                Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00000), 1.0f,
                Float.MIN_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY));
        samples.put("java.lang.Double", List.of(0.0, -0.0, Double.NaN,
                Double.longBitsToDouble(0x7ff8000000000001L),
                Double.longBitsToDouble(0xfff8000000000000L), 1.0, 0.1 + 0.2, 0.3,
                Double.MIN_VALUE, Double.POSITIVE_INFINITY));
        samples.put("java.lang.String", List.of("", "a", "A", "é", "e\u0301", "\uD83D\uDE00",
                "\uD800", new String(new char[] {'a', 'b'}), "ab", "\u0000"));
        samples.put("java.util.UUID", List.of(new UUID(0, 0), new UUID(1, 0), new UUID(0, 1),
                UUID.fromString("00000000-0000-0001-0000-000000000000")));
        samples.put("java.math.BigInteger", List.of(BigInteger.ZERO, BigInteger.ONE,
                BigInteger.ONE.negate(), new BigInteger("255"), new BigInteger("-256"),
                BigInteger.TWO.pow(100), new BigInteger("0255")));
        samples.put("java.math.BigDecimal", List.of(new BigDecimal("1.0"), new BigDecimal("1.00"),
                BigDecimal.ONE, new BigDecimal("10E-1"), new BigDecimal("0"),
                new BigDecimal("0.0"), new BigDecimal("-0"), new BigDecimal("1E+3"),
                new BigDecimal("1000")));
        samples.put("java.time.Instant", List.of(Instant.EPOCH, Instant.ofEpochSecond(0, 1),
                Instant.ofEpochSecond(-1, 999_999_999), Instant.ofEpochMilli(-1)));
        samples.put("java.time.LocalDate", List.of(LocalDate.of(2024, 2, 29),
                LocalDate.of(2024, 3, 1), LocalDate.MIN, LocalDate.of(2024, 2, 29)));
        samples.put("java.time.LocalTime", List.of(LocalTime.MIDNIGHT, LocalTime.of(0, 0, 0, 1),
                LocalTime.NOON, LocalTime.MAX));
        samples.put("java.time.LocalDateTime", List.of(LocalDateTime.of(2024, 1, 1, 0, 0),
                LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1), LocalDateTime.of(2023, 12, 31, 23, 59)));
        samples.put("java.time.Duration", List.of(Duration.ZERO, Duration.ofNanos(1),
                Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofSeconds(-1, 1),
                Duration.of(1, java.time.temporal.ChronoUnit.MILLIS), Duration.ofNanos(
                        TimeUnit.MILLISECONDS.toNanos(1))));
        samples.put("java.time.Year", List.of(Year.of(2024), Year.of(-1), Year.of(0)));
        samples.put("java.time.YearMonth", List.of(YearMonth.of(2024, 1), YearMonth.of(2024, 12),
                YearMonth.of(2023, 12)));
        samples.put("java.time.MonthDay", List.of(MonthDay.of(2, 29), MonthDay.of(3, 1),
                MonthDay.of(12, 31)));
        return samples;
    }

    private static byte[] bytes(Object value) {
        return RequestKey.builder("X(T)").arg("value", value).build().toByteArray();
    }

    private static void assertEqualsAgreesWithBytes(List<Object> values) {
        for (Object a : values) {
            for (Object b : values) {
                assertEquals(a.equals(b), Arrays.equals(bytes(a), bytes(b)),
                        () -> a + " (" + a.getClass().getSimpleName() + ") and " + b
                                + ": equals is " + a.equals(b) + ", equal bytes are "
                                + Arrays.equals(bytes(a), bytes(b)));
            }
        }
    }

    @Test
    void everyListedType_equalsExactlyWhenTheKeyBytesAreEqual() {
        Map<String, List<Object>> samples = samples();
        // A type added to the list without samples here would go unchecked.
        assertEquals(new TreeSet<>(ValueEqualTypes.CLASSES), new TreeSet<>(samples.keySet()));
        samples.forEach((type, values) -> {
            values.forEach(value -> assertEquals(type, value.getClass().getName()));
            assertEqualsAgreesWithBytes(values);
        });
    }

    @Test
    void enums_equalExactlyWhenTheKeyBytesAreEqual() {
        assertTrue(ValueEqualTypes.valueEqual(Shade.class.getName(), true));
        assertEqualsAgreesWithBytes(List.of(Shade.LIGHT, Shade.DARK, Shade.valueOf("LIGHT")));
    }

    private record Point(double x, String label) {
    }

    private record Segment(Point from, Point to, Shade shade) {
    }

    /**
     * Records of such values with the implicit equals: the processor lets them key memory, because
     * the implicit equals compares components the way their bytes do.
     */
    @Test
    void recordsOfListedTypes_equalExactlyWhenTheKeyBytesAreEqual() {
        double otherNaN = Double.longBitsToDouble(0x7ff8000000000001L);
        List<Object> points = List.of(new Point(0.0, "a"), new Point(-0.0, "a"),
                new Point(Double.NaN, "a"), new Point(otherNaN, "a"), new Point(1, "a"),
                new Point(1, "b"), new Point(1, null));
        assertEqualsAgreesWithBytes(points);
        assertEqualsAgreesWithBytes(List.of(
                new Segment(new Point(0.0, "a"), new Point(1, "b"), Shade.DARK),
                new Segment(new Point(-0.0, "a"), new Point(1, "b"), Shade.DARK),
                new Segment(new Point(0.0, "a"), new Point(1, "b"), Shade.LIGHT),
                new Segment(new Point(1, "b"), new Point(0.0, "a"), Shade.DARK),
                new Segment(new Point(0.0, "a"), new Point(1, "b"), Shade.DARK)));
    }

    /** Why containers and arrays are keyed by bytes: their equals disagrees with the encoding. */
    @Test
    void unlistedTypes_includeOnesWhoseEqualsDisagreesWithTheBytes() {
        assertFalse(ValueEqualTypes.valueEqual("java.util.List", false));
        double[] zero = {0.0};
        double[] sameZero = {0.0};
        assertFalse(zero.equals(sameZero), "arrays compare by identity");
        assertTrue(Arrays.equals(bytes(zero), bytes(sameZero)), "but encode by content");
    }
}
