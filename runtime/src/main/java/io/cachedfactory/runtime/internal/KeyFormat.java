package io.cachedfactory.runtime.internal;

import io.cachedfactory.CacheKey;

/*
 * The key format, shared by KeyEncoder (writes it) and KeyDecoder (reads it back for display).
 * Every value is written as a one-byte type tag followed by a self-delimiting
 * body, so the concatenation of arguments can be parsed back (KeyDecoder) and two
 * different values never share bytes. The bytes depend only on the value: never on
 * {@code hashCode()}, identity, the default charset, locale or time zone, nor on the concrete
 * collection class.
 *
 * <ul>
 *   <li>Boxes: big-endian as {@code DataOutput} writes them; {@code float}/{@code double} through
 *       {@code floatToIntBits}/{@code doubleToLongBits}, so every NaN is one value and
 *       {@code 0.0} differs from {@code -0.0}, exactly as {@code Double.equals}.
 *       {@code Integer 1} and {@code Long 1} differ (different tags).
 *   <li>Strings and names: an {@code int} byte length and UTF-8. Unpaired surrogates, which UTF-8
 *       cannot express and {@code String.getBytes} would turn into {@code '?'}, are written as
 *       three-byte sequences of their code unit (WTF-8), so distinct strings stay distinct.
 *   <li>Enums: the declaring class's binary name and the constant's name, never the ordinal, so
 *       reordering constants keeps keys.
 *   <li>Records: class name, then each component's name and value in declaration order, read
 *       through the accessors.
 *   <li>Arrays: the component type (a primitive tag, or a class name), the length, the elements.
 *   <li>{@code List}: elements in order. {@code Set}: elements sorted by their encoded bytes, so
 *       the iteration order does not matter. {@code Map}: entries sorted by encoded key bytes.
 *   <li>{@code BigDecimal}: unscaled value and scale, so {@code 1.0} and {@code 1.00} differ, as
 *       {@code BigDecimal.equals} says.
 *   <li>{@code java.time}: the fields that {@code equals} compares ({@code ZonedDateTime}: local
 *       date-time, offset and zone id). {@code Month} and {@code DayOfWeek} are plain enums.
 *   <li>{@code CacheKey}: the implementing class name and the encoding of {@code cacheKey()}; it
 *       takes precedence over the enum, record and collection encodings of the same object.
 * </ul>
 *
 * <p>Changing any of this changes every stored key: the format is covered by a golden test.
 */

/** The type tags and limits of the canonical key format: one definition for encoder and decoder. */
final class KeyFormat {

    /** Deepest nesting of containers accepted; deeper values are cycles or mistakes. */
    static final int MAX_DEPTH = 64;

    static final byte NULL = 0x00;
    static final byte BOOLEAN = 0x01;
    static final byte BYTE = 0x02;
    static final byte SHORT = 0x03;
    static final byte CHAR = 0x04;
    static final byte INT = 0x05;
    static final byte LONG = 0x06;
    static final byte FLOAT = 0x07;
    static final byte DOUBLE = 0x08;

    static final byte STRING = 0x10;
    static final byte ENUM = 0x11;
    static final byte RECORD = 0x12;
    static final byte CACHE_KEY = 0x13;

    static final byte ARRAY = 0x20;
    /** Array component marker for reference types, followed by the component's class name. */
    static final byte REFERENCE_COMPONENT = 0x2F;

    static final byte LIST = 0x30;
    static final byte SET = 0x31;
    static final byte MAP = 0x32;
    static final byte OPTIONAL = 0x33;

    static final byte UUID_TAG = 0x40;
    static final byte BIG_INTEGER = 0x41;
    static final byte BIG_DECIMAL = 0x42;

    static final byte INSTANT = 0x50;
    static final byte LOCAL_DATE = 0x51;
    static final byte LOCAL_TIME = 0x52;
    static final byte LOCAL_DATE_TIME = 0x53;
    static final byte OFFSET_DATE_TIME = 0x54;
    static final byte OFFSET_TIME = 0x55;
    static final byte ZONED_DATE_TIME = 0x56;
    static final byte ZONE_REGION = 0x57;
    static final byte ZONE_OFFSET = 0x58;
    static final byte DURATION = 0x59;
    static final byte PERIOD = 0x5A;
    static final byte YEAR = 0x5B;
    static final byte YEAR_MONTH = 0x5C;
    static final byte MONTH_DAY = 0x5D;

    static final String ALLOWED = "use a primitive, String, enum, record, array,"
            + " List/Set/Map/Optional of those, UUID, BigInteger, BigDecimal, a java.time value,"
            + " or implement " + CacheKey.class.getName();

    private KeyFormat() {
    }
}
