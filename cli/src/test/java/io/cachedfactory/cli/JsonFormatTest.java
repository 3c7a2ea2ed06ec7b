package io.cachedfactory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What the tool's {@code --json} output and its manifest reading guarantee. */
class JsonFormatTest {

    @Test
    void write_document_oneMemberALineIndentedByTwoInMapOrder() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("store", "/tmp/s");
        document.put("entries", List.of(Map.of("factory", "com.acme.TableFactory"),
                Map.of()));
        document.put("removed", List.of());
        document.put("bytes", 1024L);
        document.put("ok", true);
        document.put("stale", null);

        assertEquals("""
                {
                  "store": "/tmp/s",
                  "entries": [
                    {
                      "factory": "com.acme.TableFactory"
                    },
                    {}
                  ],
                  "removed": [],
                  "bytes": 1024,
                  "ok": true,
                  "stale": null
                }
                """, JsonFormat.write(document));
    }

    static Stream<Arguments> oddStrings() {
        return Stream.of(
                Arguments.of("quotes, backslash, slash", "a \"quoted\" \\ path/",
                        "\"a \\\"quoted\\\" \\\\ path/\""),
                Arguments.of("control characters and DEL", "\b\f\n\r\t\u0000\u001f\u007f",
                        "\"\\u0008\\u000c\\n\\r\\t\\u0000\\u001f\\u007f\""),
                Arguments.of("non-ASCII", "é→", "\"\\u00e9\\u2192\""),
                Arguments.of("surrogate pair", "😀", "\"\\ud83d\\ude00\""),
                Arguments.of("lone high surrogate", "\uD800", "\"\\ud800\""),
                Arguments.of("reversed pair between ASCII", "x\uDC00\uD800y",
                        "\"x\\udc00\\ud800y\""),
                Arguments.of("empty", "", "\"\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddStrings")
    void write_oddString_escapesAllButPrintableAsciiAndParsesBack(String what, String value,
            String escaped) {
        String text = JsonFormat.write(List.of(value));

        assertEquals("[\n  " + escaped + "\n]\n", text);
        assertEquals(List.of(value), JsonFormat.parse(text));
    }

    @Test
    void write_oddMemberNames_escapedLikeValuesAndParseBack() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("source:com.acme.Été \"x\"\t", "1");
        document.put("😀\\", "2");

        String text = JsonFormat.write(document);

        assertEquals("{\n  \"source:com.acme.\\u00c9t\\u00e9 \\\"x\\\"\\t\": \"1\",\n"
                + "  \"\\ud83d\\ude00\\\\\": \"2\"\n}\n", text);
        assertEquals(document, JsonFormat.parse(text));
    }

    @Test
    void write_thenParse_integersComeBackAsLongAndDecimalsExactly() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("int", 42);
        document.put("min", Long.MIN_VALUE);
        document.put("max", Long.MAX_VALUE);
        document.put("exponent", new BigDecimal("-2.5E+3"));
        document.put("scale", new BigDecimal("0.10"));

        String text = JsonFormat.write(document);

        assertTrue(text.contains("\"exponent\": -2.5E+3,\n  \"scale\": 0.10\n"), text);
        Map<String, Object> expected = new LinkedHashMap<>(document);
        expected.put("int", 42L);
        assertEquals(expected, JsonFormat.parse(text));
    }

    @Test
    void write_thenParse_nullsStayAsMembersAndElements() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("lastAccess", null);
        document.put("list", Arrays.asList(null, "x", null));

        Object parsed = JsonFormat.parse(JsonFormat.write(document));

        assertEquals(document, parsed);
        assertTrue(((Map<?, ?>) parsed).containsKey("lastAccess"));
    }

    @Test
    void parse_everyKindOfValue_givesMapsListsAndScalarsInDocumentOrder() {
        Object value = JsonFormat.parse("\uFEFF {\"b\": [1, -2.5e3, true, false, null],"
                + " \"a\": {\"s\": \"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u2192\\ud800\"},"
                + " \"big\": 123456789012345678901234567890, \"e\": {}, \"l\": []}\n");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(1L, new BigDecimal("-2.5e3"), true, false, null));
        expected.put("a", Map.of("s", "q\"\\/\b\f\n\r\té→\uD800"));
        expected.put("big", new BigInteger("123456789012345678901234567890"));
        expected.put("e", Map.of());
        expected.put("l", List.of());
        assertEquals(expected, value);
        assertEquals(List.of("b", "a", "big", "e", "l"),
                List.copyOf(((Map<?, ?>) value).keySet()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\": 1,}|line 1, column 9: unexpected '}', expected a member name in quotes",
        "[1, 2|line 1, column 6: unexpected end of input, expected ',' or ']'",
        "{'a': 1}|line 1, column 2: unexpected ''', expected a member name in quotes",
        "{\"a\" 1}|line 1, column 6: unexpected '1', expected ':'",
        "[1 2]|line 1, column 4: unexpected '2', expected ',' or ']'",
        "[01]|line 1, column 3: leading zero in a number",
        "[1.]|line 1, column 3: unexpected ']', expected a digit after '.'",
        "{\"a\": 1, \"a\": 2}|line 1, column 13: duplicate member name \"a\"",
        "[\"\\x\"]|line 1, column 4: bad escape \"\\x\"",
        "[\"\\u12G4\"]|line 1, column 7: unexpected 'G', expected a hex digit in a \\u escape",
        "\"abc|line 1, column 5: unterminated string",
        "[tru]|line 1, column 2: unexpected 't', expected a value",
        "{} {}|line 1, column 4: unexpected '{' after the document",
        "[1]]|line 1, column 4: unexpected ']' after the document",
        "|line 1, column 1: unexpected end of input, expected a value",
        "// comment|line 1, column 1: unexpected '/', expected a value",
        "[NaN]|line 1, column 5: unexpected 'N', expected a value",
        "[é]|line 1, column 2: unexpected character U+00E9, expected a value",
    })
    void parse_malformed_failsInOneLineNamingLineColumnAndProblem(String text, String message) {
        JsonFormat.MalformedJsonException e = assertThrows(
                JsonFormat.MalformedJsonException.class,
                () -> JsonFormat.parse(text == null ? "" : text));

        assertEquals(message, e.getMessage());
    }

    @Test
    void parse_unescapedControlCharacterOrDeepNesting_fails() {
        assertEquals("line 2, column 3: control character U+0009 in a string must be escaped",
                assertThrows(JsonFormat.MalformedJsonException.class,
                        () -> JsonFormat.parse("\n[\"\t\"]")).getMessage());
        assertEquals("nested deeper than 256 levels",
                assertThrows(JsonFormat.MalformedJsonException.class,
                        () -> JsonFormat.parse("[".repeat(257) + "]".repeat(257)))
                        .getMessage());
        JsonFormat.parse("[".repeat(256) + "]".repeat(256));
    }
}
