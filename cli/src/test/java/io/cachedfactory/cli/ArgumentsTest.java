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
    void parameters_leaveOutTheTraitsValue() {
        Arguments arguments = arguments("Table(String,int)", "name", "\"a, b\"", "year", "2024",
                "@Traits", "{k=v, w=[1, 2]}");

        assertEquals(2, arguments.parameters().size());
        assertTrue(arguments.hasTraits());
        assertEquals("name=\"a, b\", year=2024, @Traits={k=v, w=[1, 2]}", arguments.valuesText());
    }

    @Test
    void matches_noArguments_onlyNoValues() {
        Arguments arguments = arguments("Table()");

        assertTrue(arguments.matches(List.of()));
        assertFalse(arguments.matches(List.of("x")));
    }

    @Test
    void matches_givenValuesInOrder_ignoringTraits() {
        Arguments arguments = arguments("Table(String,int)", "name", "\"sales\"", "year", "2024",
                "@Traits", "[\"x\"]");

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

    /** Arguments as the runtime hands them over: a signature, then name and value pairs. */
    private static Arguments arguments(String signature, String... namesAndValues) {
        List<Arguments.Argument> values = new java.util.ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.add(new Arguments.Argument(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new Arguments(signature, values);
    }
}
