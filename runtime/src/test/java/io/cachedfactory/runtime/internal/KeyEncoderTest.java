package io.cachedfactory.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.CacheKey;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyEncoderTest {

    enum Shade { DARK, LIGHT }

    /** Same constant names as {@link Shade}, declared in the other order. */
    enum ReorderedShade { LIGHT, DARK }

    enum Op {
        PLUS { int apply(int a, int b) { return a + b; } };

        abstract int apply(int a, int b);
    }

    record Point(int x, int y) { }

    record Segment(Point from, Point to, List<Point> via, String label) { }

    /** Not public, with a private nested record: still encodable. */
    private record Hidden(String name, Point at) { }

    /** An argument type that is not otherwise encodable and says how it is keyed. */
    static final class Dataset implements CacheKey {
        private final String path;
        private final Object cache = new Object(); // not part of the key

        Dataset(String path) {
            this.path = path;
        }

        @Override
        public Object cacheKey() {
            return List.of("dataset", path);
        }
    }

    /** A key that refers to itself: the encoder must stop instead of recursing forever. */
    static final class SelfKey implements CacheKey {
        @Override
        public Object cacheKey() {
            return this;
        }
    }

    /**
     * One key of every supported type. Its bytes are frozen below: when this test fails, the
     * encoding changed, which orphans every entry in every user's store. Change the encoding only
     * together with the store's format version, then update the golden.
     */
    private static RequestKey goldenKey() {
        Map<String, Integer> map = new TreeMap<>();
        map.put("b", 2);
        map.put("a", 1);
        return RequestKey.builder("Golden(...)")
                .arg("nothing", null)
                .arg("flag", true)
                .arg("b", (byte) -2)
                .arg("s", (short) 300)
                .arg("c", 'é')
                .arg("i", 42)
                .arg("l", -7L)
                .arg("f", 1.5f)
                .arg("d", -0.25)
                .arg("text", "Grüße \uD83D\uDE00")
                .arg("shade", Shade.LIGHT)
                .arg("segment", new Segment(new Point(1, 2), new Point(3, 4),
                        List.of(new Point(5, 6)), "s"))
                .arg("ints", new int[] {1, -1})
                .arg("names", new String[] {"x", null})
                .arg("list", List.of(3, 1))
                .arg("set", Set.of("q", "p"))
                .arg("map", map)
                .arg("some", Optional.of(9L))
                .arg("none", Optional.empty())
                .arg("uuid", new UUID(0x0123456789abcdefL, 0xfedcba9876543210L))
                .arg("big", new BigInteger("-123456789012345678901234567890"))
                .arg("dec", new BigDecimal("3.1400"))
                .arg("instant", Instant.ofEpochSecond(1_700_000_000L, 5))
                .arg("date", LocalDate.of(2024, 2, 29))
                .arg("time", LocalTime.of(23, 59, 58, 7))
                .arg("dateTime", LocalDateTime.of(1999, 12, 31, 12, 0))
                .arg("odt", OffsetDateTime.of(2020, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHours(-5)))
                .arg("ot", OffsetTime.of(1, 2, 3, 4, ZoneOffset.ofHoursMinutes(5, 30)))
                .arg("zdt", ZonedDateTime.of(2021, 3, 28, 3, 30, 0, 0, ZoneId.of("Europe/Paris")))
                .arg("zone", ZoneId.of("America/New_York"))
                .arg("offset", ZoneOffset.UTC)
                .arg("duration", Duration.ofSeconds(90, 1))
                .arg("period", Period.of(1, 2, 3))
                .arg("year", Year.of(2025))
                .arg("yearMonth", YearMonth.of(2025, 11))
                .arg("monthDay", MonthDay.of(12, 24))
                .arg("day", DayOfWeek.FRIDAY)
                .arg("month", Month.MARCH)
                .arg("dataset", new Dataset("/data/x.csv"))
                .traits(List.of("linux"))
                .build();
    }

    // The key names the enum, record and CacheKey classes nested in this test by binary name, so
    // these bytes changed once, when the test moved to the internal package: only those six names
    // gained ".internal" (and their lengths 9), nothing else.
    private static final String GOLDEN_HEX =
            "000b476f6c64656e282e2e2e2900076e6f7468696e67000004666c6167010100016202fe00017303"
            + "012c0001630400e9000169050000002a00016c06fffffffffffffff9000166073fc0000000016408"
            + "bfd0000000000000000474657874100000000c4772c3bcc39f6520f09f9880000573686164651100"
            + "000036696f2e636163686564666163746f72792e72756e74696d652e696e7465726e616c2e4b6579"
            + "456e636f64657254657374245368616465000000054c4947485400077365676d656e741200000038"
            + "696f2e636163686564666163746f72792e72756e74696d652e696e7465726e616c2e4b6579456e63"
            + "6f64657254657374245365676d656e74000000040000000466726f6d1200000036696f2e63616368"
            + "6564666163746f72792e72756e74696d652e696e7465726e616c2e4b6579456e636f646572546573"
            + "7424506f696e7400000002000000017805000000010000000179050000000200000002746f120000"
            + "0036696f2e636163686564666163746f72792e72756e74696d652e696e7465726e616c2e4b657945"
            + "6e636f6465725465737424506f696e74000000020000000178050000000300000001790500000004"
            + "0000000376696130000000011200000036696f2e636163686564666163746f72792e72756e74696d"
            + "652e696e7465726e616c2e4b6579456e636f6465725465737424506f696e74000000020000000178"
            + "050000000500000001790500000006000000056c6162656c1000000001730004696e747320050000"
            + "000200000001ffffffff00056e616d6573202f000000106a6176612e6c616e672e537472696e6700"
            + "0000021000000001780000046c697374300000000205000000030500000001000373657431000000"
            + "0210000000017010000000017100036d617032000000021000000001610500000001100000000162"
            + "05000000020004736f6d65330106000000000000000900046e6f6e65330000047575696440012345"
            + "6789abcdeffedcba98765432100003626967410000000dfe7116f0093c8c1f11b1c0f52e00036465"
            + "6342000000027aa8000000040007696e7374616e7450000000006553f10000000005000464617465"
            + "51000007e8021d000474696d655200004e941a196c0700086461746554696d6553000007cf0c1f00"
            + "00274a48a7800000036f647454000007e4010200000a0b9d4d3206ffffb9b000026f745500000362"
            + "d417ae0400004d5800037a647456000007e5031c00000b75aa86300000001c200000000c4575726f"
            + "70652f506172697300047a6f6e655700000010416d65726963612f4e65775f596f726b00066f6666"
            + "736574580000000000086475726174696f6e59000000000000005a000000010006706572696f645a"
            + "0000000100000002000000030004796561725b000007e90009796561724d6f6e74685c000007e90b"
            + "00086d6f6e74684461795d0c18000364617911000000136a6176612e74696d652e4461794f665765"
            + "656b0000000646524944415900056d6f6e7468110000000f6a6176612e74696d652e4d6f6e746800"
            + "0000054d415243480007646174617365741300000038696f2e636163686564666163746f72792e72"
            + "756e74696d652e696e7465726e616c2e4b6579456e636f6465725465737424446174617365743000"
            + "000002100000000764617461736574100000000b2f646174612f782e637376000740547261697473"
            + "300000000110000000056c696e7578";

    @Test
    void encode_everySupportedType_matchesGoldenBytes() {
        assertEquals(GOLDEN_HEX, HexFormat.of().formatHex(goldenKey().toByteArray()));
    }

    @Test
    void encode_otherDefaultLocaleAndTimeZone_sameBytes() {
        byte[] expected = goldenKey().toByteArray();
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        try {
            // Turkish has the dotless i; Kiritimati is UTC+14, far from any build machine.
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertArrayEquals(expected, goldenKey().toByteArray());
            Locale.setDefault(Locale.forLanguageTag("ar-SA-u-nu-arab"));
            TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
            assertArrayEquals(expected, goldenKey().toByteArray());
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void encode_setsInAnyOrderAndClass_sameBytes() {
        List<String> items = List.of("pear", "apple", "fig", "kiwi", "plum", "date");
        Set<String> hash = new HashSet<>(items);
        Set<String> tree = new TreeSet<>(items);
        Set<String> linked = new LinkedHashSet<>(items);
        List<String> reversed = new ArrayList<>(items);
        java.util.Collections.reverse(reversed);
        Set<String> linkedReversed = new LinkedHashSet<>(reversed);
        Set<String> immutable = Set.copyOf(items);

        byte[] expected = bytes(hash);
        assertArrayEquals(expected, bytes(tree));
        assertArrayEquals(expected, bytes(linked));
        assertArrayEquals(expected, bytes(linkedReversed));
        assertArrayEquals(expected, bytes(immutable));
    }

    @Test
    void encode_mapsInAnyOrderAndClass_sameBytes() {
        Map<Object, Object> linked = new LinkedHashMap<>();
        linked.put("z", List.of(1));
        linked.put(7, "seven");
        linked.put(Shade.DARK, Set.of(Point.class.getName()));
        Map<Object, Object> reversed = new LinkedHashMap<>();
        reversed.put(Shade.DARK, Set.of(Point.class.getName()));
        reversed.put(7, "seven");
        reversed.put("z", List.of(1));

        byte[] expected = bytes(linked);
        assertArrayEquals(expected, bytes(reversed));
        assertArrayEquals(expected, bytes(new HashMap<>(linked)));
        assertArrayEquals(expected, bytes(Map.copyOf(linked)));
    }

    @Test
    void encode_mapsWithOtherValue_differ() {
        assertFalse(Arrays.equals(bytes(Map.of("a", 1)), bytes(Map.of("a", 2))));
        assertFalse(Arrays.equals(bytes(Map.of("a", 1)), bytes(Map.of("b", 1))));
    }

    @Test
    void encode_listsInOtherOrder_differ() {
        assertFalse(Arrays.equals(bytes(List.of(1, 2)), bytes(List.of(2, 1))));
    }

    @Test
    void encode_listsOfAnyClass_sameBytes() {
        byte[] expected = bytes(List.of("a", "b"));
        assertArrayEquals(expected, bytes(new ArrayList<>(List.of("a", "b"))));
        assertArrayEquals(expected, bytes(new LinkedList<>(List.of("a", "b"))));
        assertArrayEquals(expected, bytes(Arrays.asList("a", "b")));
        assertArrayEquals(expected, bytes(java.util.Collections.unmodifiableList(
                new ArrayList<>(List.of("a", "b")))));
    }

    @Test
    void encode_listSetArrayOfSameElements_differ() {
        byte[] list = bytes(List.of("a"));
        byte[] set = bytes(Set.of("a"));
        byte[] array = bytes(new String[] {"a"});
        assertFalse(Arrays.equals(list, set));
        assertFalse(Arrays.equals(list, array));
        assertFalse(Arrays.equals(set, array));
    }

    @Test
    void encode_stringAndCharArray_differ() {
        assertFalse(Arrays.equals(bytes("ab"), bytes(new char[] {'a', 'b'})));
    }

    @Test
    void encode_sameNumberInOtherBoxes_differ() {
        List<byte[]> ones = List.of(bytes(1), bytes(1L), bytes((short) 1), bytes((byte) 1),
                bytes(1.0), bytes(1.0f), bytes(BigInteger.ONE), bytes(BigDecimal.ONE), bytes('1'),
                bytes("1"));
        for (int i = 0; i < ones.size(); i++) {
            for (int j = i + 1; j < ones.size(); j++) {
                assertFalse(Arrays.equals(ones.get(i), ones.get(j)), i + " vs " + j);
            }
        }
    }

    @Test
    void encode_intArrayAndIntegerArray_differ() {
        assertFalse(Arrays.equals(bytes(new int[] {1}), bytes(new Integer[] {1})));
        assertFalse(Arrays.equals(bytes(new Object[] {1}), bytes(new Integer[] {1})));
    }

    @Test
    void encode_enum_isClassAndConstantNameNotOrdinal() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        out.writeByte(0x11);
        byte[] type = Shade.class.getName().getBytes(StandardCharsets.UTF_8);
        out.writeInt(type.length);
        out.write(type);
        out.writeInt(5);
        out.write("LIGHT".getBytes(StandardCharsets.UTF_8));

        assertArrayEquals(expected.toByteArray(), bytes(Shade.LIGHT));
        assertFalse(Arrays.equals(bytes(Shade.LIGHT), bytes(Shade.DARK)));
        // Ordinal 1 in Shade is LIGHT, in ReorderedShade it is DARK: only the names count.
        assertFalse(Arrays.equals(bytes(Shade.DARK), bytes(ReorderedShade.DARK)));
    }

    @Test
    void encode_enumConstantWithBody_usesDeclaringClass() {
        String hex = HexFormat.of().formatHex(bytes(Op.PLUS));
        String declaring = HexFormat.of().formatHex(
                Op.class.getName().getBytes(StandardCharsets.UTF_8));
        assertTrue(hex.contains(declaring), hex);
        assertFalse(hex.contains(HexFormat.of().formatHex(
                Op.PLUS.getClass().getName().getBytes(StandardCharsets.UTF_8))), hex);
    }

    @Test
    void encode_nestedRecords_equalComponentsSameBytesOtherComponentsDiffer() {
        Segment a = new Segment(new Point(1, 2), new Point(3, 4), List.of(new Point(0, 0)), "a");
        Segment same = new Segment(new Point(1, 2), new Point(3, 4),
                new ArrayList<>(List.of(new Point(0, 0))), "a");
        Segment deeper = new Segment(new Point(1, 2), new Point(3, 4),
                List.of(new Point(0, 1)), "a");

        assertArrayEquals(bytes(a), bytes(same));
        assertFalse(Arrays.equals(bytes(a), bytes(deeper)));
    }

    @Test
    void encode_privateRecord_encodesComponents() {
        assertArrayEquals(bytes(new Hidden("h", new Point(1, 1))),
                bytes(new Hidden("h", new Point(1, 1))));
        assertFalse(Arrays.equals(bytes(new Hidden("h", new Point(1, 1))),
                bytes(new Hidden("h", new Point(1, 2)))));
    }

    @Test
    void encode_cacheKeyImplementor_keyedByItsCacheKey() {
        assertArrayEquals(bytes(new Dataset("/a")), bytes(new Dataset("/a")));
        assertFalse(Arrays.equals(bytes(new Dataset("/a")), bytes(new Dataset("/b"))));
        // The implementing class is part of the key: a bare list is another argument.
        assertFalse(Arrays.equals(bytes(new Dataset("/a")), bytes(List.of("dataset", "/a"))));
    }

    @Test
    void encode_floatingPoint_canonicalNaNAndSignedZero() {
        assertArrayEquals(bytes(Double.NaN), bytes(Double.longBitsToDouble(0x7ff8000000000123L)));
        assertArrayEquals(bytes(Float.NaN), bytes(Float.intBitsToFloat(0x7fc00123)));
        assertFalse(Arrays.equals(bytes(0.0), bytes(-0.0)));
    }

    @Test
    void encode_bigDecimalOfOtherScale_differs() {
        assertFalse(Arrays.equals(bytes(new BigDecimal("1.0")), bytes(new BigDecimal("1.00"))));
        assertArrayEquals(bytes(new BigDecimal("1.0")), bytes(BigDecimal.valueOf(10, 1)));
    }

    @Test
    void encode_sameInstantInOtherZones_differ() {
        ZonedDateTime paris = ZonedDateTime.of(2024, 6, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris"));
        ZonedDateTime utc = paris.withZoneSameInstant(ZoneOffset.UTC);
        assertFalse(Arrays.equals(bytes(paris), bytes(utc)));
        assertArrayEquals(bytes(paris.toInstant()), bytes(utc.toInstant()));
        assertFalse(Arrays.equals(bytes(ZoneOffset.UTC), bytes(ZoneId.of("UTC"))));
    }

    @Test
    void encode_unpairedSurrogates_stayDistinct() {
        // String.getBytes(UTF_8) maps all three to "?": a key must not.
        byte[] high = bytes("\uD800");
        byte[] low = bytes("\uDC00");
        byte[] question = bytes("?");
        assertFalse(Arrays.equals(high, low));
        assertFalse(Arrays.equals(high, question));
        assertFalse(Arrays.equals(low, question));
    }

    @Test
    void encode_wellFormedString_isStandardUtf8() {
        String text = "aé€\uD83D\uDE00";
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), KeyEncoder.utf8(text));
    }

    @Test
    void encode_stringBeyondWriteUtfLimit_encodes() {
        String a = "a".repeat(70_000);
        String b = "a".repeat(69_999) + "b";
        assertTrue(bytes(a).length > 70_000);
        assertFalse(Arrays.equals(bytes(a), bytes(b)));
    }

    @Test
    void encode_unsupportedElement_messageNamesParameterPathTypeAndAlternatives() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encode("rows", List.of(1, 2, new Thread())));
        assertEquals("parameter 'rows' (element [2]): type java.lang.Thread cannot be part of a"
                + " persistent cache key; use a primitive, String, enum, record, array,"
                + " List/Set/Map/Optional of those, UUID, BigInteger, BigDecimal, a java.time"
                + " value, or implement io.cachedfactory.CacheKey", e.getMessage());
    }

    @Test
    void encode_unsupportedDeepInside_messageGivesFullPath() {
        record Holder(List<Object> items) { }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encode("spec", Map.of("k", Optional.of(new Holder(List.of("x",
                        new StringBuilder()))))));
        assertTrue(e.getMessage().startsWith("parameter 'spec' (element {value #0}.get().items[1]):"
                + " type java.lang.StringBuilder"), e.getMessage());
    }

    @Test
    void encode_topLevelUnsupported_messageNamesParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encode("when", new java.util.Date()));
        assertTrue(e.getMessage().startsWith("parameter 'when': type java.util.Date cannot"),
                e.getMessage());
    }

    @Test
    void encode_cyclicList_throwsNamingParameter() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add("x");
        cyclic.add(cyclic);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encode("graph", cyclic));
        assertTrue(e.getMessage().startsWith("parameter 'graph' (element [1]): the value contains"
                + " itself"), e.getMessage());
    }

    @Test
    void encode_selfReferentialCacheKey_throwsNamingParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encode("key", new SelfKey()));
        assertTrue(e.getMessage().startsWith("parameter 'key' (element .cacheKey())"),
                e.getMessage());
    }

    @Test
    void encode_nestingBeyondLimit_throwsNamingParameter() {
        Object deep = "leaf";
        for (int i = 0; i < KeyFormat.MAX_DEPTH; i++) {
            deep = List.of(deep);
        }
        encode("ok", deep);
        Object tooDeep = List.of(deep);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encode("nested", tooDeep));
        assertTrue(e.getMessage().startsWith("parameter 'nested' (element [0][0]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("deeper than 64 levels"), e.getMessage());
    }

    @Test
    void encode_sameValueTwice_sameBytes() {
        Object value = Map.of(Set.of(1, 2, 3), List.of(new Point(1, 2)), "k", new int[] {4});
        assertArrayEquals(bytes(value), bytes(value));
    }

    static byte[] bytes(Object value) {
        return encode("p", value);
    }

    private static byte[] encode(String parameter, Object value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            KeyEncoder.encode(parameter, value, new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
