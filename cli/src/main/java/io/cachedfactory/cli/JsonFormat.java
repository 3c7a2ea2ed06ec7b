package io.cachedfactory.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.UntypedObjectDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * The tool's JSON, written and read by Jackson, configured to keep the document the tool has
 * always printed and the strictness and messages it has always had.
 *
 * Written: one member or element a line, indented by two spaces, "name": value, empty objects and
 * arrays as {} and [], a newline at the end; members in the order of the map they come from. Every
 * character outside printable ASCII (controls, DEL, non-ASCII, each half of a surrogate pair, a
 * lone surrogate) is escaped as a lower-case \\uXXXX, so any terminal shows the output; only ",
 * \\, \n, \r and \t have two-character escapes.
 *
 * Read (by the tests that read the output; manifests are FactoryManifest's line format, not JSON):
 * strict RFC 8259, nothing more: no comments, trailing commas, single quotes, leading zeros, NaN,
 * unescaped control characters, duplicate member names, text after the value, or nesting deeper
 * than 256 levels; a leading byte order mark is skipped. Objects become LinkedHashMaps in document
 * order, arrays Lists, integers Long (BigInteger past its range), other numbers BigDecimal.
 * Jackson 2.23 refuses a member name holding an escaped lone surrogate (string values may hold
 * one).
 *
 * A malformed document fails with one line, "line L, column C: problem", Jackson's position and
 * the problem in the words of WORDINGS rather than Jackson's multi-line message.
 */

/** Writes the tool's JSON output and reads JSON documents. */
final class JsonFormat {

    private static final int MAX_DEPTH = 256;

    private static final ObjectMapper MAPPER = mapper();

    private JsonFormat() {
    }

    /** A malformed document: the message names the line, the column and the problem. */
    static final class MalformedJsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Writes {@code value} (maps with String keys, lists, strings, numbers, booleans, nulls) as
     * the tool prints it, ending with a newline.
     */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName()
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses one JSON document.
     *
     * @throws MalformedJsonException naming the line, column and problem
     */
    static Object parse(String text) {
        boolean bom = text.startsWith("\uFEFF"); // a byte order mark some editors write
        String json = bom ? text.substring(1) : text;
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String problem = problem(e.getOriginalMessage(), json,
                    at == null ? -1 : (int) at.getCharOffset());
            if (at == null) { // a limit, such as the nesting depth, has no position
                throw new MalformedJsonException(problem, e);
            }
            int line = Math.max(1, at.getLineNr());
            int column = Math.max(1, at.getColumnNr()) + (line == 1 && bom ? 1 : 0);
            throw new MalformedJsonException("line " + line + ", column " + column + ": "
                    + problem, e);
        }
    }

    private static ObjectMapper mapper() {
        JsonFactory factory = new JsonFactoryBuilder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH).build())
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                .characterEscapes(new AsciiEscapes())
                .build();
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        return JsonMapper.builder(factory)
                .addModule(new SimpleModule().addDeserializer(Object.class, new LongIntegers()))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .defaultPrettyPrinter(printer)
                .build();
    }

    /**
     * Maps, lists and scalars as Jackson reads them, but every integer a Long, or a BigInteger
     * past its range (USE_LONG_FOR_INTS would refuse those).
     */
    private static final class LongIntegers extends UntypedObjectDeserializer {
        private static final long serialVersionUID = 1L;

        LongIntegers() {
            super((JavaType) null, (JavaType) null);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context)
                throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return super.deserialize(parser, context); // which calls back for each value
            }
            return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
        }
    }

    /** JSON's escapes, but \b, \f and DEL as \\uXXXX like the other controls. */
    private static final class AsciiEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;

        private final int[] ascii = standardAsciiEscapesForJSON();

        AsciiEscapes() {
            ascii['\b'] = ESCAPE_STANDARD;
            ascii['\f'] = ESCAPE_STANDARD;
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }

    /** How Jackson 2.23 words a problem (the first line of its message), and how the tool does. */
    private record Wording(Pattern jackson, Function<MatchResult, String> tool) {

        static Wording of(String jackson, Function<MatchResult, String> tool) {
            return new Wording(Pattern.compile(jackson), tool);
        }
    }

    private static final List<Wording> WORDINGS = List.of(
            Wording.of("Unexpected character \\(.*?\\(code (\\d+).*?\\)\\)"
                    + "(?: in numeric value)?: (.*)", m -> "unexpected "
                    + character(Integer.parseInt(m.group(1))) + ", " + expected(m.group(2))),
            Wording.of("Unexpected close marker '(.)': expected '(.)'.*",
                    m -> "unexpected '" + m.group(1) + "', expected '" + m.group(2) + "'"),
            Wording.of("Unexpected end-of-input.*(?:closing quote|escape sequence).*",
                    m -> "unterminated string"),
            Wording.of("Unexpected end-of-input: expected close marker for Array.*",
                    m -> "unexpected end of input, expected ',' or ']'"),
            Wording.of("Unexpected end-of-input: expected close marker for Object.*",
                    m -> "unexpected end of input, expected ',' or '}'"),
            Wording.of("No content to map due to end-of-input.*",
                    m -> "unexpected end of input, expected a value"),
            Wording.of("Unexpected end-of-input.*", m -> "unexpected end of input"),
            Wording.of("Invalid numeric value: Leading zeroes not allowed.*",
                    m -> "leading zero in a number"),
            Wording.of("Duplicate (?:field|Object property) '(.*)'",
                    m -> "duplicate member name \"" + m.group(1) + "\""),
            Wording.of("Unrecognized character escape .*?\\(code (\\d+)\\)",
                    m -> "bad escape \"\\" + (char) Integer.parseInt(m.group(1)) + "\""),
            Wording.of("(?:Unrecognized|Non-standard) token '(.+?)'.*", m -> "unexpected "
                    + character(m.group(1).codePointAt(0)) + ", expected a value"),
            Wording.of("Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*",
                    m -> "control character U+" + hex(Integer.parseInt(m.group(1)))
                            + " in a string must be escaped"),
            Wording.of("Illegal character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*",
                    m -> "unexpected " + character(Integer.parseInt(m.group(1)))),
            Wording.of("Document nesting depth \\(\\d+\\) exceeds the maximum allowed \\((\\d+).*",
                    m -> "nested deeper than " + m.group(1) + " levels"));

    private static String problem(String message, String json, int offset) {
        String first = message.lines().findFirst().orElse("");
        if (first.startsWith("Trailing token")
                || first.matches("Unexpected close marker '.': no open .*")) {
            // A value where none may stand: after the document, or in place of it.
            boolean known = offset >= 0 && offset < json.length();
            return "unexpected " + (known ? character(json.charAt(offset)) : "value")
                    + (known && json.substring(0, offset).isBlank() ? ", expected a value"
                            : " after the document");
        }
        for (Wording wording : WORDINGS) {
            Matcher m = wording.jackson().matcher(first);
            if (m.matches()) {
                return wording.tool().apply(m);
            }
        }
        return first.isEmpty() ? "not JSON"
                : Character.toLowerCase(first.charAt(0)) + first.substring(1);
    }

    private static String expected(String jackson) {
        return switch (jackson) {
            case "was expecting double-quote to start field name" ->
                    "expected a member name in quotes";
            case "was expecting comma to separate Object entries" -> "expected ',' or '}'";
            case "was expecting comma to separate Array entries" -> "expected ',' or ']'";
            case "was expecting a colon to separate field name and value" -> "expected ':'";
            case "Decimal point not followed by a digit" -> "expected a digit after '.'";
            case "Exponent indicator not followed by a digit" -> "expected a digit in the exponent";
            case "expected a hex-digit for character escape sequence" ->
                    "expected a hex digit in a \\u escape";
            default -> jackson.startsWith("expected digit") ? "expected a digit"
                    : jackson.startsWith("expected a valid value") || jackson.contains("comment")
                            || jackson.contains("plus sign") ? "expected a value" : jackson;
        };
    }

    private static String character(int c) {
        return c < 0x20 || c > 0x7E ? "character U+" + hex(c) : "'" + (char) c + "'";
    }

    private static String hex(int c) {
        return String.format("%04X", c);
    }
}
