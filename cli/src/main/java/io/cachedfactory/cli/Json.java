package io.cachedfactory.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/*
 * A strict JSON reader (RFC 8259) and a writer, so the tool needs no JSON library. Objects become
 * LinkedHashMaps in document order, arrays Lists, numbers Long when integral and in range else
 * BigDecimal, true/false Boolean, null null. Strict means: no comments, no trailing commas, no
 * single quotes, no unescaped control characters in strings, no leading zeros, no duplicate keys,
 * nothing after the value; each error names the line and column.
 */

/** Reads and writes JSON. */
final class Json {

    private static final int MAX_DEPTH = 256;

    private final String text;
    private int position;
    private int depth;

    private Json(String text) {
        this.text = text;
    }

    /** A malformed document: the message names the line and column. */
    static final class JsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message);
        }
    }

    /** Parses one JSON document. */
    static Object parse(String text) {
        Json json = new Json(text);
        if (text.startsWith("\uFEFF")) {
            json.position = 1; // a byte order mark some editors write
        }
        json.skipWhitespace();
        Object value = json.value();
        json.skipWhitespace();
        if (json.position < text.length()) {
            throw json.error("unexpected " + json.describeNext() + " after the document");
        }
        return value;
    }

    private Object value() {
        if (position >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(position);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    yield number();
                }
                throw error("unexpected " + describeNext() + ", expected a value");
            }
        };
    }

    private Map<String, Object> object() {
        enter();
        position++; // {
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            position++;
            depth--;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describeNext() + ", expected a member name in quotes");
            }
            int keyStart = position;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = value();
            if (members.containsKey(key)) {
                position = keyStart;
                throw error("duplicate member name \"" + key + "\"");
            }
            members.put(key, value);
            skipWhitespace();
            char c = peek();
            position++;
            if (c == '}') {
                depth--;
                return members;
            }
            if (c != ',') {
                position--;
                throw error("unexpected " + describeNext() + ", expected ',' or '}'");
            }
        }
    }

    private List<Object> array() {
        enter();
        position++; // [
        List<Object> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            position++;
            depth--;
            return elements;
        }
        while (true) {
            skipWhitespace();
            elements.add(value());
            skipWhitespace();
            char c = peek();
            position++;
            if (c == ']') {
                depth--;
                return elements;
            }
            if (c != ',') {
                position--;
                throw error("unexpected " + describeNext() + ", expected ',' or ']'");
            }
        }
    }

    private String string() {
        position++; // "
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(position);
            if (c == '"') {
                position++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c)
                        + " in a string must be escaped");
            }
            if (c != '\\') {
                sb.append(c);
                position++;
                continue;
            }
            if (position + 1 >= text.length()) {
                throw error("unterminated string");
            }
            char escape = text.charAt(position + 1);
            switch (escape) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (position + 6 > text.length()) {
                        throw error("incomplete \\u escape");
                    }
                    String hex = text.substring(position + 2, position + 6);
                    if (!hex.matches("[0-9A-Fa-f]{4}")) {
                        throw error("bad \\u escape \"\\u" + hex + "\"");
                    }
                    sb.append((char) Integer.parseInt(hex, 16));
                    position += 4;
                }
                default -> throw error("bad escape \"\\" + escape + "\"");
            }
            position += 2;
        }
    }

    private Object number() {
        int start = position;
        if (peek() == '-') {
            position++;
        }
        if (peek() == '0') {
            position++;
            if (peek() >= '0' && peek() <= '9') {
                throw error("leading zero in a number");
            }
        } else {
            digits("a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            position++;
            digits("a digit after '.'");
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            position++;
            if (peek() == '+' || peek() == '-') {
                position++;
            }
            digits("a digit in the exponent");
        }
        String literal = text.substring(start, position);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooLarge) {
                // Falls through to BigDecimal.
            }
        }
        return new BigDecimal(literal);
    }

    private void digits(String expected) {
        if (peek() < '0' || peek() > '9') {
            throw error("unexpected " + describeNext() + ", expected " + expected);
        }
        while (peek() >= '0' && peek() <= '9') {
            position++;
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, position)) {
            throw error("unexpected " + describeNext() + ", expected a value");
        }
        position += word.length();
        return value;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("unexpected " + describeNext() + ", expected '" + c + "'");
        }
        position++;
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private void skipWhitespace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private String describeNext() {
        if (position >= text.length()) {
            return "end of input";
        }
        char c = text.charAt(position);
        return c < 0x20 || c > 0x7E ? "character U+" + String.format("%04X", (int) c)
                : "'" + c + "'";
    }

    private JsonException error(String message) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new JsonException("line " + line + ", column " + column + ": " + message);
    }

    /**
     * Writes {@code value} (Map with String keys, List, String, Number, Boolean or null), indented
     * by two spaces, non-ASCII characters escaped so any terminal shows it.
     */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof BigDecimal) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            String separator = "\n";
            for (Map.Entry<?, ?> member : map.entrySet()) {
                out.append(separator).append("  ".repeat(indent + 1));
                quote((String) member.getKey(), out);
                out.append(": ");
                write(member.getValue(), out, indent + 1);
                separator = ",\n";
            }
            out.append('\n').append("  ".repeat(indent)).append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            String separator = "\n";
            for (Object element : list) {
                out.append(separator).append("  ".repeat(indent + 1));
                write(element, out, indent + 1);
                separator = ",\n";
            }
            out.append('\n').append("  ".repeat(indent)).append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName()
                    + " as JSON");
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
