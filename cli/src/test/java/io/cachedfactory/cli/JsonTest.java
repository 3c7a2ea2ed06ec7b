package io.cachedfactory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @Test
    void parse_everyKindOfValue_givesMapsListsAndScalarsInDocumentOrder() {
        Object value = Json.parse(" {\"b\": [1, -2.5e3, true, false, null],"
                + " \"a\": {\"s\": \"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u2192\"},"
                + " \"big\": 123456789012345678901234567890, \"e\": {}, \"l\": []}\n");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(1L, new BigDecimal("-2.5e3"), true, false, null));
        expected.put("a", Map.of("s", "q\"\\/\b\f\n\r\té→"));
        expected.put("big", new BigDecimal("123456789012345678901234567890"));
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
        "[01]|line 1, column 3: leading zero in a number",
        "[1.]|line 1, column 4: unexpected ']', expected a digit after '.'",
        "{\"a\": 1, \"a\": 2}|line 1, column 10: duplicate member name \"a\"",
        "[\"\\x\"]|line 1, column 3: bad escape \"\\x\"",
        "[\"\\u12G4\"]|line 1, column 3: bad \\u escape \"\\u12G4\"",
        "[tru]|line 1, column 2: unexpected 't', expected a value",
        "{} {}|line 1, column 4: unexpected '{' after the document",
        "|line 1, column 1: unexpected end of input, expected a value",
        "// comment|line 1, column 1: unexpected '/', expected a value",
        "[NaN]|line 1, column 2: unexpected 'N', expected a value",
    })
    void parse_malformed_failsNamingLineColumnAndProblem(String text, String message) {
        Json.JsonException e = assertThrows(Json.JsonException.class,
                () -> Json.parse(text == null ? "" : text));

        assertEquals(message, e.getMessage());
    }

    @Test
    void parse_unescapedControlCharacterOrDeepNesting_fails() {
        assertEquals("line 2, column 3: control character U+0009 in a string must be escaped",
                assertThrows(Json.JsonException.class, () -> Json.parse("\n[\"\t\"]"))
                        .getMessage());
        assertEquals("line 1, column 257: nested deeper than 256 levels",
                assertThrows(Json.JsonException.class, () -> Json.parse("[".repeat(300)))
                        .getMessage());
    }

    @Test
    void write_thenParse_roundTripsAndEscapesNonAscii() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", "a \"quoted\" \\ path\n→");
        document.put("n", 42L);
        document.put("none", null);
        document.put("list", List.of(true, Map.of("x", new BigDecimal("1.5"))));

        String text = Json.write(document);

        assertEquals(document, Json.parse(text));
        assertEquals(-1, text.indexOf('→'));
    }
}
