package io.cachedfactory.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cachedfactory.CacheKey;
import io.cachedfactory.runtime.StoredEntry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class KeyDecoderTest {

    enum Kind { FAST, SLOW }

    record Cell(int row, String name) { }

    record Region(String id) implements CacheKey {
        @Override
        public Object cacheKey() {
            return id.toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Test
    void render_factoryKey_showsSignatureAndArguments() {
        assertEquals("Matrix(String,int) seed=\"a\", size=3",
                RequestKey.builder("Matrix(String,int)").arg("seed", "a").arg("size", 3).build()
                        .describe());
    }

    @Test
    void renderArguments_valuesWithCommasQuotesAndEquals_stayWhole() {
        RequestKey key = RequestKey.builder("Table(String,List,Map)")
                .arg("name", "a, b=\"c\"").arg("years", List.of(2023, 2024))
                .arg("at", Map.of("k", "v, w")).build();

        StoredEntry.Arguments arguments = KeyDecoder.renderArguments(key.bytes());

        assertEquals("Table(String,List,Map)", arguments.signature());
        assertEquals(List.of(
                new StoredEntry.Argument("name", "\"a, b=\\\"c\\\"\""),
                new StoredEntry.Argument("years", "[2023, 2024]"),
                new StoredEntry.Argument("at", "{\"k\"=\"v, w\"}")), arguments.values());
        assertEquals(KeyDecoder.render(key.bytes()), arguments.signature() + " "
                + String.join(", ", arguments.values().stream()
                        .map(a -> a.name() + "=" + a.value()).toList()));
    }

    @Test
    void render_keyWithoutArguments_isTheSignature() {
        assertEquals("Clock()", RequestKey.builder("Clock()").build().describe());
    }

    @Test
    void render_manyTypes_readable() {
        RequestKey key = RequestKey.builder("Report(...)")
                .arg("kind", Kind.SLOW)
                .arg("cell", new Cell(2, "b"))
                .arg("cells", List.of(1L, 2L))
                .arg("tags", Set.of("y", "x"))
                .arg("sizes", Map.of("a", 1))
                .arg("ids", new int[] {7, 8})
                .arg("names", new String[] {"n", null})
                .arg("grid", new double[][] {{1.5}})
                .arg("maybe", Optional.empty())
                .arg("some", Optional.of('c'))
                .arg("small", (byte) -1)
                .arg("price", new BigDecimal("9.90"))
                .arg("id", new UUID(0, 1))
                .arg("day", LocalDate.of(2024, 2, 29))
                .arg("at", ZonedDateTime.of(2024, 1, 1, 8, 0, 0, 0, ZoneId.of("Asia/Tokyo")))
                .arg("region", new Region("EU"))
                .traits(List.of("x86", 1.0f))
                .build();
        assertEquals("Report(...) kind=KeyDecoderTest.Kind.SLOW,"
                + " cell=KeyDecoderTest.Cell[row=2, name=\"b\"], cells=[1L, 2L],"
                + " tags={\"x\", \"y\"}, sizes={\"a\"=1}, ids=int[]{7, 8}, names=String[]{\"n\", null},"
                + " grid=double[][]{double[]{1.5}}, maybe=Optional.empty, some=Optional['c'],"
                + " small=(byte) -1, price=9.90, id=00000000-0000-0000-0000-000000000001,"
                + " day=2024-02-29, at=2024-01-01T08:00+09:00[Asia/Tokyo],"
                + " region=KeyDecoderTest.Region(\"eu\"), @Traits=[\"x86\", 1.0f]",
                key.describe());
    }

    @Test
    void render_stringsWithQuotesAndControls_escaped() {
        assertEquals("S(String) s=\"a\\\"b\\\\c\\nd\\u0000\"",
                RequestKey.builder("S(String)").arg("s", "a\"b\\c\nd\0").build().describe());
        assertEquals("\"\\ud800x\"", KeyDecoder.renderValue(KeyEncoderTest.bytes("\uD800x")));
    }

    @Test
    void render_longStringAndBigCollections_abbreviated() {
        String text = "x".repeat(70_000);
        assertEquals("\"" + "x".repeat(64) + "\"… (70000 chars)",
                KeyDecoder.renderValue(KeyEncoderTest.bytes(text)));
        List<Integer> numbers = IntStream.range(0, 100).boxed().toList();
        assertEquals("[0, 1, 2, 3, 4, 5, 6, 7, … 92 more]",
                KeyDecoder.renderValue(KeyEncoderTest.bytes(numbers)));
        assertEquals("long[]{0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, … 2 more}",
                KeyDecoder.renderValue(KeyEncoderTest.bytes(LongStream.range(0, 10).toArray())));
    }

    @Test
    void render_hugeKey_boundedOutput() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            many.add("y".repeat(1000));
        }
        RequestKey.Builder builder = RequestKey.builder("Big()");
        for (int i = 0; i < 100; i++) {
            builder.arg("p" + i, many);
        }
        String rendered = builder.build().describe();
        assertTrue(rendered.length() <= KeyDecoder.MAX_RENDERED_CHARS + 1, rendered);
        assertTrue(rendered.endsWith("…"), rendered);
    }

    @Test
    void render_declaredLengthBeyondInput_malformedWithoutAllocating() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF("F()");
        out.writeUTF("p");
        out.writeByte(KeyFormat.LIST);
        out.writeInt(Integer.MAX_VALUE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyDecoder.render(bytes.toByteArray()));
        assertTrue(e.getMessage().startsWith("malformed key: "), e.getMessage());
    }

    @Test
    void render_nestingFarBeyondLimit_malformedNotStackOverflow() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF("F()");
        out.writeUTF("p");
        for (int i = 0; i < 100_000; i++) {
            out.writeByte(KeyFormat.LIST);
            out.writeInt(1);
        }
        out.writeByte(KeyFormat.NULL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyDecoder.render(bytes.toByteArray()));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void render_unknownTag_malformed() {
        byte[] bytes = RequestKey.builder("F()").arg("p", 1).build().toByteArray();
        bytes[bytes.length - 5] = 0x7E;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyDecoder.render(bytes));
        assertTrue(e.getMessage().startsWith("malformed key: unknown type tag 0x7e"),
                e.getMessage());
    }

    @Test
    void render_everyTruncationOfRichKey_rendersOrMalformed() {
        byte[] key = richKey();
        for (int length = 0; length < key.length; length++) {
            assertRendersOrMalformed(java.util.Arrays.copyOf(key, length));
        }
    }

    @Test
    void render_everySingleByteCorruptionOfRichKey_rendersOrMalformed() {
        byte[] key = richKey();
        byte[] replacements = {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, 0x30, 0x12};
        for (int i = 0; i < key.length; i++) {
            for (byte replacement : replacements) {
                byte[] corrupt = key.clone();
                corrupt[i] = replacement;
                assertRendersOrMalformed(corrupt);
            }
        }
    }

    @Test
    void render_seededRandomBytes_rendersOrMalformed() {
        SplittableRandom random = new SplittableRandom(20261124L);
        byte[] header = RequestKey.builder("F(Object)").build().toByteArray();
        for (int i = 0; i < 4_000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (i % 2 == 0 && bytes.length > header.length + 3) {
                // Get past the signature and a parameter name, into the value parser.
                System.arraycopy(header, 0, bytes, 0, header.length);
                bytes[header.length] = 0;
                bytes[header.length + 1] = 1;
                bytes[header.length + 2] = 'p';
                bytes[header.length + 3] = (byte) random.nextInt(0x60);
            }
            assertRendersOrMalformed(bytes);
        }
    }

    private static byte[] richKey() {
        return RequestKey.builder("Rich(...)")
                .arg("cell", new Cell(1, "é"))
                .arg("cells", Map.of(Kind.FAST, List.of(new Cell(2, "x")), Kind.SLOW, List.of()))
                .arg("ints", new int[] {1, 2})
                .arg("names", new String[] {"a"})
                .arg("maybe", Optional.of(new BigDecimal("-1.5")))
                .arg("day", LocalDate.of(2020, 1, 1))
                .arg("at", ZonedDateTime.of(2024, 1, 1, 8, 0, 0, 0, ZoneId.of("Asia/Tokyo")))
                .arg("region", new Region("x"))
                .arg("set", Set.of(1.0, 2.0f))
                .build()
                .toByteArray();
    }

    private static void assertRendersOrMalformed(byte[] bytes) {
        try {
            KeyDecoder.render(bytes);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("malformed key: ")) {
                fail("unexpected message for " + java.util.HexFormat.of().formatHex(bytes), e);
            }
        } catch (RuntimeException | Error e) {
            fail("not an IllegalArgumentException for "
                    + java.util.HexFormat.of().formatHex(bytes), e);
        }
    }
}
