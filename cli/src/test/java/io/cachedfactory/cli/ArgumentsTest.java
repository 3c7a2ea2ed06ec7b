package io.cachedfactory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgumentsTest {

    @Test
    void parse_splitsOnlyAtTopLevelCommas() {
        Arguments arguments = Arguments.parse("Table(String,List<Integer>,Point)"
                + " name=\"a, b=\\\"c\", years=[2023, 2024], at=Point[x=1, y=2], @Traits={k=v, w=[1, 2]}");

        assertEquals("Table(String,List<Integer>,Point)", arguments.signature());
        assertEquals(List.of(
                new Arguments.Argument("name", "\"a, b=\\\"c\""),
                new Arguments.Argument("years", "[2023, 2024]"),
                new Arguments.Argument("at", "Point[x=1, y=2]"),
                new Arguments.Argument("@Traits", "{k=v, w=[1, 2]}")), arguments.values());
        assertEquals(3, arguments.parameters().size());
        assertTrue(arguments.hasTraits());
    }

    @Test
    void parse_noArguments_hasOnlyASignature() {
        Arguments arguments = Arguments.parse("Table()");

        assertEquals("Table()", arguments.signature());
        assertEquals(List.of(), arguments.values());
        assertTrue(arguments.matches(List.of()));
    }

    @Test
    void matches_givenValuesInOrder_ignoringTraits() {
        Arguments arguments = Arguments.parse("Table(String,int) name=\"sales\", year=2024,"
                + " @Traits=[\"x\"]");

        assertTrue(arguments.matches(List.of("sales", "2024")));
        assertTrue(arguments.matches(List.of("\"sales\"", "2024")));
        assertFalse(arguments.matches(List.of("2024", "sales")));
        assertFalse(arguments.matches(List.of("sales")));
        assertFalse(arguments.matches(List.of("sales", "2024", "x")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"a\\tb\"|a\tb|true", "'x'|x|true", "2024L|2024|true", "1.5f|1.5|true",
        "(byte) 7|7|true", "(short) -3|-3|true", "1.0E10|1e10|true", "2.0|2|true",
        "Color.RED|RED|true", "Color.RED|Color.RED|true", "[1, 2]|[1, 2]|true",
        "\"2024\"|2024|true", "2024|2025|false", "Color.RED|BLUE|false", "\"a\"|b|false"})
    void valueMatches_literalsAsUsersTypeThem(String rendered, String given, boolean matches) {
        assertEquals(matches, Arguments.valueMatches(rendered, given.replace("\\t", "\t")));
    }
}
