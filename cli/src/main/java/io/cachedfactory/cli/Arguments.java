package io.cachedfactory.cli;

import io.cachedfactory.runtime.StoredEntry;
import java.math.BigDecimal;
import java.util.List;

/*
 * The runtime hands each entry's arguments over structured (StoredEntry.Arguments: the signature
 * and each named value rendered as a Java-like literal: "quoted" strings with escapes, 'c' chars,
 * 2024L longs, 1.5f floats, (byte) 1, Enum.CONSTANT, [lists], {sets and maps}, Record[a=1]), so
 * nothing here parses a rendering. What is left is the command line's own concern: matching the
 * values a user types against those literals. The runtime abbreviates long values with "…"; such a
 * value cannot be matched exactly.
 */

/** An entry's arguments: its signature and named values, and how typed values match them. */
record Arguments(String signature, List<Argument> values) {

    /** One named argument as rendered. */
    record Argument(String name, String value) {
    }

    /** The name the runtime gives the {@code @Traits} value appended to a key. */
    static final String TRAITS = "@Traits";

    /** The arguments of a stored entry. */
    static Arguments of(StoredEntry entry) {
        StoredEntry.Arguments stored = entry.argumentList();
        return new Arguments(stored.signature(), stored.values().stream()
                .map(value -> new Argument(value.name(), value.value())).toList());
    }

    /** The values without the {@code @Traits} one: what a user passes to {@code get}. */
    List<Argument> parameters() {
        return values.stream().filter(a -> !a.name().equals(TRAITS)).toList();
    }

    /** Whether the key carries a {@code @Traits} value, which the tool cannot recompute. */
    boolean hasTraits() {
        return values.stream().anyMatch(a -> a.name().equals(TRAITS));
    }

    /** The arguments without the signature: {@code name="sales", year=2024}. */
    String valuesText() {
        StringBuilder sb = new StringBuilder();
        for (Argument argument : values) {
            sb.append(sb.length() == 0 ? "" : ", ");
            sb.append(argument.name().isEmpty() ? "" : argument.name() + "=")
                    .append(argument.value());
        }
        return sb.toString();
    }

    /**
     * Whether the parameters' values are exactly {@code given}, in order: each given string
     * matches its rendered value literally, or without quotes for strings and chars, or without
     * the {@code L}/{@code f}/{@code d} suffix or {@code (byte)}/{@code (short)} cast for numbers,
     * or by numeric value, or by the constant's name for enums.
     */
    boolean matches(List<String> given) {
        List<Argument> parameters = parameters();
        if (parameters.size() != given.size()) {
            return false;
        }
        for (int i = 0; i < given.size(); i++) {
            if (!valueMatches(parameters.get(i).value(), given.get(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean valueMatches(String rendered, String given) {
        if (rendered.equals(given)) {
            return true;
        }
        if (rendered.length() >= 2 && (rendered.startsWith("\"") && rendered.endsWith("\"")
                || rendered.startsWith("'") && rendered.endsWith("'"))) {
            return unquote(rendered).equals(given);
        }
        String number = rendered;
        if (number.startsWith("(byte) ") || number.startsWith("(short) ")) {
            number = number.substring(number.indexOf(' ') + 1);
        }
        if (number.endsWith("L") || number.endsWith("f")) {
            number = number.substring(0, number.length() - 1);
        }
        BigDecimal renderedNumber = decimal(number);
        BigDecimal givenNumber = decimal(given.endsWith("L") || given.endsWith("l")
                || given.endsWith("f") || given.endsWith("F") || given.endsWith("d")
                || given.endsWith("D") ? given.substring(0, given.length() - 1) : given);
        if (renderedNumber != null && givenNumber != null) {
            return renderedNumber.compareTo(givenNumber) == 0;
        }
        int dot = rendered.lastIndexOf('.');
        return dot > 0 && isName(rendered.substring(dot + 1)) && !rendered.contains("[")
                && !rendered.contains(" ") && rendered.substring(dot + 1).equals(given);
    }

    private static BigDecimal decimal(String text) {
        if (text.isEmpty() || !text.matches("-?[0-9][0-9.eE+-]*")) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A quoted literal's text with the runtime's escapes undone. */
    static String unquote(String quoted) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c != '\\' || i + 1 >= quoted.length() - 1) {
                sb.append(c);
                continue;
            }
            char escape = quoted.charAt(++i);
            switch (escape) {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 < quoted.length()) {
                        sb.append((char) Integer.parseInt(quoted.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> sb.append(escape);
            }
        }
        return sb.toString();
    }

    private static boolean isName(String text) {
        if (text.equals(TRAITS)) {
            return true;
        }
        if (text.isEmpty() || !Character.isJavaIdentifierStart(text.charAt(0))) {
            return false;
        }
        return text.chars().allMatch(Character::isJavaIdentifierPart);
    }
}
