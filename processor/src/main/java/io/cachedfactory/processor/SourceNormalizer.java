package io.cachedfactory.processor;

import java.util.Objects;

/*
 * Design notes.
 *
 * The fingerprint must ignore what javac ignores (comments, whitespace, line breaks, the
 * indentation of a text block) and see every token. javac's own pretty-printer is not an option:
 * its output changes between JDKs. So this is a small tokenizer of our own, in two linear passes:
 *
 * 1. Unicode escapes are translated as JLS 3.3 says: a backslash preceded by an even number of raw
 *    backslashes, one or more 'u', four hex digits. A character produced by an escape never starts
 *    another escape. A malformed escape (javac rejects it) is left as it is.
 * 2. The translated text is split into tokens as JLS 3.5-3.12 says: the longest operator wins, a
 *    string or char literal runs to its closing quote or to the end of the line, a text block
 *    becomes its content value (String.stripIndent, then String.translateEscapes, exactly as javac
 *    computes it).
 *
 * Input javac would reject (unterminated comment or literal, stray characters) never throws: it
 * gives some deterministic output, and javac reports the error anyway.
 *
 * Nothing here depends on the locale or on a JDK's regex engine. Character classification of
 * non-ASCII identifier characters uses the running JDK's Unicode tables, like javac itself; source
 * that compiles on two JDKs tokenizes the same on both.
 */

/**
 * The canonical token stream of a Java source file, the {@code source:} component of a fingerprint.
 *
 * <p>Output format, fixed because fingerprints depend on it:
 *
 * <ul>
 *   <li>Every token is followed by one {@code '\n'}; a source without tokens gives {@code ""}. No
 *       token contains {@code '\n'} or {@code '\r'}, so the lines of the output are the tokens.
 *   <li>Comments (line, block, Javadoc) and white space (space, tab, form feed, line terminators)
 *       produce nothing, wherever they are. An ASCII SUB at the very end is ignored (JLS 3.5).
 *   <li>Identifiers, keywords and numeric literals: their spelling after Unicode-escape
 *       translation. <code>&#92;u0061</code> and {@code a} are the same token, as to javac.
 *   <li>Operators and separators: longest match, as javac's scanner does ({@code a++b} is {@code
 *       a ++ b}, {@code a+ +b} is {@code a + + b}). {@code >>} and {@code >>>} are one token
 *       even where they close type arguments, so {@code List<List<T>>} and {@code List<List<T> >}
 *       differ; formatters do not produce the latter.
 *   <li>String and char literals: their spelling, quotes and escape sequences included, after
 *       Unicode-escape translation (<code>"&#92;u0061"</code> equals {@code "a"};
 *       <code>"&#92;&#92;u0061"</code> keeps its spelling). An unterminated literal ends before
 *       the line terminator.
 *   <li>Text blocks: {@code """} + the content value + {@code """}, where the content value is
 *       the string the text block denotes (incidental indentation and trailing spaces stripped,
 *       line terminators normalized to {@code \n}, escapes interpreted) written with {@code \} as
 *       {@code \\}, {@code "} as {@code \"}, LF as {@code \n} and CR as {@code \r}. No string
 *       literal token starts with three quotes, so the two never collide. An unterminated text
 *       block is {@code """} + the rest of the source written the same way, without the closing
 *       quotes.
 *   <li>An unterminated block comment is {@code /*} + the rest of the source written the same way.
 *   <li>Any other character (e.g. {@code #}, a stray backslash) is a token of its own.
 * </ul>
 */
final class SourceNormalizer {

    private static final String TEXT_BLOCK_DELIMITER = "\"\"\"";

    private final String source;
    private final int end;
    private final StringBuilder out;

    private SourceNormalizer(String source) {
        this.source = source;
        int length = source.length();
        // JLS 3.5: a SUB (control-Z) as the very last character is ignored.
        this.end = length > 0 && source.charAt(length - 1) == '\u001a' ? length - 1 : length;
        this.out = new StringBuilder(length);
    }

    /**
     * Returns the token stream of {@code javaSource} in the canonical form described on this class.
     *
     * @param javaSource the text of one compilation unit, never {@code null}
     * @return one token per {@code '\n'}-terminated line
     */
    static String normalize(CharSequence javaSource) {
        Objects.requireNonNull(javaSource, "javaSource");
        SourceNormalizer normalizer = new SourceNormalizer(translateUnicodeEscapes(javaSource));
        normalizer.tokenize();
        return normalizer.out.toString();
    }

    /** JLS 3.3: translates Unicode escapes; a produced character never starts another escape. */
    static String translateUnicodeEscapes(CharSequence in) {
        int length = in.length();
        StringBuilder translated = null;
        int copied = 0;
        int precedingBackslashes = 0; // contiguous raw backslashes right before position i
        int i = 0;
        while (i < length) {
            if (in.charAt(i) != '\\') {
                precedingBackslashes = 0;
                i++;
                continue;
            }
            int hexStart = i + 1;
            while (hexStart < length && in.charAt(hexStart) == 'u') {
                hexStart++;
            }
            int value = precedingBackslashes % 2 == 0 && hexStart > i + 1
                    ? hexValue(in, hexStart, length)
                    : -1;
            if (value < 0) {
                // Not an escape: an escaped backslash, a plain escape sequence or a malformed one.
                precedingBackslashes++;
                i++;
                continue;
            }
            if (translated == null) {
                translated = new StringBuilder(length);
            }
            translated.append(in, copied, i).append((char) value);
            i = hexStart + 4;
            copied = i;
            precedingBackslashes = 0;
        }
        if (translated == null) {
            return in.toString();
        }
        return translated.append(in, copied, length).toString();
    }

    /** The value of four ASCII hex digits at {@code start}, or -1. */
    private static int hexValue(CharSequence in, int start, int length) {
        if (start + 4 > length) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < start + 4; i++) {
            int digit = asciiHexDigit(in.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    // Character.digit would accept full-width and other non-ASCII digits; JLS 3.3 does not.
    private static int asciiHexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private void tokenize() {
        int i = 0;
        while (i < end) {
            char c = source.charAt(i);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r') {
                i++;
            } else if (c == '/' && i + 1 < end && source.charAt(i + 1) == '/') {
                i = lineEnd(i + 2);
            } else if (c == '/' && i + 1 < end && source.charAt(i + 1) == '*') {
                i = skipBlockComment(i);
            } else if (c == '"' && source.startsWith(TEXT_BLOCK_DELIMITER, i)) {
                i = textBlock(i);
            } else if (c == '"' || c == '\'') {
                i = quotedLiteral(i, c);
            } else if (isAsciiDigit(c) || c == '.' && i + 1 < end
                    && isAsciiDigit(source.charAt(i + 1))) {
                i = number(i);
            } else {
                int operator = operatorLength(i);
                if (operator > 0) {
                    i = emit(i, i + operator);
                } else {
                    int codePoint = source.codePointAt(i);
                    int next = i + Character.charCount(codePoint);
                    i = Character.isJavaIdentifierStart(codePoint) ? identifier(i, next)
                            : emit(i, Math.min(next, end));
                }
            }
        }
    }

    private int emit(int start, int stop) {
        out.append(source, start, stop).append('\n');
        return stop;
    }

    private int lineEnd(int from) {
        int i = from;
        while (i < end && source.charAt(i) != '\n' && source.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private int skipBlockComment(int start) {
        int close = source.indexOf("*/", start + 2);
        if (close < 0 || close + 2 > end) {
            out.append("/*");
            appendEscaped(source.substring(start + 2, end));
            out.append('\n');
            return end;
        }
        return close + 2;
    }

    /** A string or char literal: to the closing quote, else up to the line terminator. */
    private int quotedLiteral(int start, char quote) {
        int i = start + 1;
        while (i < end) {
            char c = source.charAt(i);
            if (c == quote) {
                i++;
                break;
            }
            if (c == '\n' || c == '\r') {
                break;
            }
            boolean escapesNext = c == '\\' && i + 1 < end
                    && source.charAt(i + 1) != '\n' && source.charAt(i + 1) != '\r';
            i += escapesNext ? 2 : 1;
        }
        return emit(start, i);
    }

    /** JLS 3.10.6: the token is the text block's content value, so indentation does not count. */
    private int textBlock(int start) {
        int afterOpening = start + TEXT_BLOCK_DELIMITER.length();
        int i = afterOpening;
        while (i < end && (source.charAt(i) == ' ' || source.charAt(i) == '\t'
                || source.charAt(i) == '\f')) {
            i++;
        }
        int contentStart;
        if (i < end && source.charAt(i) == '\r') {
            contentStart = i + 1 < end && source.charAt(i + 1) == '\n' ? i + 2 : i + 1;
        } else if (i < end && source.charAt(i) == '\n') {
            contentStart = i + 1;
        } else {
            contentStart = afterOpening; // javac rejects this; keep what follows the quotes
        }
        int close = -1;
        i = contentStart;
        while (i < end) {
            char c = source.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"' && source.startsWith(TEXT_BLOCK_DELIMITER, i)
                    && i + TEXT_BLOCK_DELIMITER.length() <= end) {
                close = i;
                break;
            } else {
                i++;
            }
        }
        out.append(TEXT_BLOCK_DELIMITER);
        if (close < 0) {
            appendEscaped(source.substring(afterOpening, end));
            out.append('\n');
            return end;
        }
        appendEscaped(contentValue(source.substring(contentStart, close)));
        out.append(TEXT_BLOCK_DELIMITER).append('\n');
        return close + TEXT_BLOCK_DELIMITER.length();
    }

    // The same two steps, in the same order, as javac's JavaTokenizer.
    private static String contentValue(String rawContent) {
        String stripped = rawContent.stripIndent();
        try {
            return stripped.translateEscapes();
        } catch (IllegalArgumentException invalidEscape) {
            return stripped; // javac reports the invalid escape
        }
    }

    private void appendEscaped(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    /*
     * JLS 3.10.1-2. A sign belongs to the literal only right after a decimal exponent marker (e/E)
     * or a hexadecimal one (p/P): in 0x1e+2 the 'e' is a hex digit and '+' an operator, so the
     * literal must not swallow it, or 0x1e+2 and 0x1e + 2 would differ. Letters, digits,
     * underscores and dots are taken greedily: valid Java never puts an identifier or a dot right
     * after a numeric literal, and invalid spellings are javac's to report.
     */
    private int number(int start) {
        boolean hex = source.charAt(start) == '0' && start + 1 < end
                && (source.charAt(start + 1) == 'x' || source.charAt(start + 1) == 'X');
        int i = hex ? start + 2 : start;
        while (i < end) {
            char c = source.charAt(i);
            if (isAsciiLetterOrDigit(c) || c == '_' || c == '.') {
                i++;
            } else if ((c == '+' || c == '-') && isExponentMarker(source.charAt(i - 1), hex)) {
                i++;
            } else {
                break;
            }
        }
        return emit(start, i);
    }

    private static boolean isExponentMarker(char c, boolean hex) {
        return hex ? c == 'p' || c == 'P' : c == 'e' || c == 'E';
    }

    private int identifier(int start, int afterFirst) {
        int i = afterFirst;
        while (i < end) {
            int codePoint = source.codePointAt(i);
            if (!Character.isJavaIdentifierPart(codePoint)) {
                break;
            }
            i += Character.charCount(codePoint);
        }
        return emit(start, Math.min(i, end));
    }

    /** JLS 3.11-3.12, longest match; 0 when the character starts no operator or separator. */
    private int operatorLength(int i) {
        char c1 = charAt(i + 1);
        switch (source.charAt(i)) {
            case '(', ')', '{', '}', '[', ']', ';', ',', '@', '~', '?':
                return 1;
            case '.':
                return c1 == '.' && charAt(i + 2) == '.' ? 3 : 1;
            case ':':
                return c1 == ':' ? 2 : 1;
            case '=', '!', '*', '/', '%', '^':
                return c1 == '=' ? 2 : 1;
            case '+':
                return c1 == '+' || c1 == '=' ? 2 : 1;
            case '-':
                return c1 == '-' || c1 == '=' || c1 == '>' ? 2 : 1;
            case '&':
                return c1 == '&' || c1 == '=' ? 2 : 1;
            case '|':
                return c1 == '|' || c1 == '=' ? 2 : 1;
            case '<':
                if (c1 == '<') {
                    return charAt(i + 2) == '=' ? 3 : 2;
                }
                return c1 == '=' ? 2 : 1;
            case '>':
                if (c1 == '>') {
                    char c2 = charAt(i + 2);
                    if (c2 == '>') {
                        return charAt(i + 3) == '=' ? 4 : 3;
                    }
                    return c2 == '=' ? 3 : 2;
                }
                return c1 == '=' ? 2 : 1;
            default:
                return 0;
        }
    }

    private char charAt(int i) {
        return i < end ? source.charAt(i) : '\0';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
