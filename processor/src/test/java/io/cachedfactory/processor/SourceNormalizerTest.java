package io.cachedfactory.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.cachedfactory.processor.SourceNormalizer.normalize;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/*
 * Sources under test are Java string literals here, so javac reads their escapes first: a raw
 * backslash in a tested source is spelled "\\" (and a raw Unicode escape "\\" + "u0061").
 */
final class SourceNormalizerTest {

    private static final String TQ = "\"\"\"";

    private static void assertSameTokens(String before, String after) {
        assertEquals(normalize(before), normalize(after));
    }

    private static void assertDifferentTokens(String before, String after) {
        assertNotEquals(normalize(before), normalize(after));
    }

    /** {@code s = """<body>""";} */
    private static String assignTextBlock(String body) {
        return "s = " + TQ + body + TQ + ";";
    }

    private static String lines(String... tokens) {
        return String.join("\n", tokens) + "\n";
    }

    // ---- the output format

    @Test
    void normalize_simpleStatement_oneTokenPerLine() {
        assertEquals(lines("int", "a", "=", "b", "+", "1", ";"),
                normalize("int a = b + 1; // the answer\n"));
    }

    @Test
    void normalize_lineComment_endsAtAnyLineTerminator() {
        assertEquals(lines("a", "b", "c", "d"), normalize("a // x\nb // y\rc // z\r\nd // end"));
    }

    @Test
    void normalize_slashStarSlash_opensBlockCommentOnly() {
        assertEquals(lines("b"), normalize("/*/ a */ b /**/"));
    }

    @Test
    void normalize_commentsAndWhitespaceOnly_emptyOutput() {
        assertEquals("", normalize("  /** doc */ // line\n\t/* block */ \r\n\f"));
        assertEquals("", normalize(""));
    }

    @Test
    void normalize_longestOperators_oneTokenEach() {
        assertEquals(lines("a", ">>>=", "b", ">>=", "c", "->", "d", "::", "e", "...", "@", "f",
                        "<<=", "g", "!=", "h", "&&", "i", "||", "j", "%=", "k", ">>>", "l", ">>",
                        "m", ">=", "n"),
                normalize("a>>>=b>>=c->d::e...@f<<=g!=h&&i||j%=k>>>l>>m>=n"));
    }

    @Test
    void normalize_numericLiterals_oneTokenEach() {
        assertEquals(lines("1_000L", "0x1.8p-3", "1.5e-3f", ".5", "0b1010", "017", "3.", "+", "2"),
                normalize("1_000L 0x1.8p-3 1.5e-3f .5 0b1010 017 3.+2"));
    }

    @Test
    void normalize_textBlock_contentValueBetweenTripleQuotes() {
        String source = assignTextBlock("\n        Hello, \"you\"\n          \\\\x   \n        ");
        assertEquals(lines("s", "=", TQ + "Hello, \\\"you\\\"\\n  \\\\x\\n" + TQ, ";"),
                normalize(source));
    }

    @Test
    void normalize_escapedQuotesInTextBlock_doNotCloseIt() {
        assertEquals(lines("s", "=", TQ + "a \\\"\\\"\\\" b\\n" + TQ, ";"),
                normalize(assignTextBlock("\n  a \\\"\"\" b\n  ")));
    }

    @Test
    void normalize_unicodeIdentifiers_oneTokenEach() {
        assertEquals(lines("naïve", "=", "変数", ";"), normalize("naïve = 変数;"));
    }

    @Test
    void normalize_subAtEndOfFile_ignored() {
        assertEquals(normalize("class A {}"), normalize("class A {}\u001a"));
    }

    // ---- edits that must not count

    @Test
    void normalize_commentOnlyEdit_sameOutput() {
        assertSameTokens(
                "class A { int x = 1; // one\n /* old */ }",
                "class A { /* new */ int x = 1; // uno, eins\n }");
    }

    @Test
    void normalize_javadocOnlyEdit_sameOutput() {
        assertSameTokens(
                "/** Old docs. */\nclass A {\n  /** Returns x. */\n  int x() { return 1; }\n}",
                "/**\n * New docs.\n * @since 2\n */\nclass A {\n  int x() { return 1; }\n}");
    }

    @Test
    void normalize_whitespaceOnlyEdit_sameOutput() {
        assertSameTokens("int a = b + c * (d - 1);", "int  a=b+c*(d-1) ;\t");
    }

    @Test
    void normalize_lineBreakChange_sameOutput() {
        assertSameTokens("class A {\n  int a;\n  int b;\n}\n", "class A {\r\n  int a; int b;\r\n}");
    }

    @Test
    void normalize_fullReformat_sameOutput() {
        String kAndR = """
                public final class Table {
                    public Table(String name, int year) {
                        if (year > 2000) {
                            load(name, year, List.of("a", "b"), true);
                        } else {
                            throw new IllegalArgumentException("year " + year);
                        }
                    }
                }
                """;
        String allman = """
                public final class Table
                {
                  public Table(String name,
                               int year)
                  {
                    if (year > 2000)
                    {
                      load(
                          name,
                          year,
                          List.of("a",
                                  "b"),
                          true
                      );
                    }
                    else
                    {
                      throw new IllegalArgumentException(
                          "year " + year);
                    }
                  }
                }""";
        assertSameTokens(kAndR, allman);
    }

    @Test
    void normalize_reindentedTextBlock_sameOutput() {
        String narrow = "String s = " + TQ + "\n    SELECT *\n      FROM t\n    " + TQ + ";";
        String wide = "String s =\n        " + TQ + "\n            SELECT *   \n"
                + "              FROM t\n            " + TQ + ";";
        assertSameTokens(narrow, wide);
    }

    @Test
    void normalize_textBlockLineTerminators_sameOutput() {
        assertSameTokens(assignTextBlock("\n  a\n  b"), assignTextBlock("\r\n  a\r\n  b"));
    }

    @Test
    void normalize_spacesAroundOperators_sameOutput() {
        assertSameTokens("a + b", "a+b");
    }

    @Test
    void normalize_hexDigitEBeforePlus_sameAsSpacedSum() {
        // In hex, 'e' is a digit, so '+' is an operator: 0x1e+2 is 0x1e + 2.
        assertSameTokens("x = 0x1e+2;", "x = 0x1e + 2;");
    }

    @Test
    void normalize_unicodeEscapeOfLetter_sameAsLetter() {
        assertSameTokens("int a = 1;", "int \\u0061 = 1;");
        assertSameTokens("int A = 1;", "int \\uuu0041 = 1;");
        assertSameTokens("s = \"a\";", "s = \"\\u0061\";");
    }

    @Test
    void normalize_unicodeEscapedCommentStart_commentSkipped() {
        // Escaped slashes are a "//" to javac: a line comment.
        assertSameTokens("int a; \\u002f\\u002f int b;", "int a;");
    }

    @Test
    void normalize_textBlockEscapedNewlineAndRealNewline_sameOutput() {
        // Equal content values: the token is the value, not its spelling.
        assertSameTokens(assignTextBlock("\n  a\\nb"), assignTextBlock("\n  a\n  b"));
    }

    // ---- edits that must count

    @Test
    void normalize_changedIdentifier_differentOutput() {
        assertDifferentTokens("int count = 1;", "int counts = 1;");
    }

    @Test
    void normalize_changedLiteral_differentOutput() {
        assertDifferentTokens("int x = 10;", "int x = 1_0;");
        assertDifferentTokens("s = \"a b\";", "s = \"a  b\";");
        assertDifferentTokens("c = 'a';", "c = 'b';");
    }

    @Test
    void normalize_changedOperator_differentOutput() {
        assertDifferentTokens("a = b - c;", "a = b + c;");
        assertDifferentTokens("a = b >> c;", "a = b >>> c;");
    }

    @Test
    void normalize_plusSpacePlusVersusIncrement_differentOutput() {
        assertDifferentTokens("x = a+ +b;", "x = a++b;");
        assertDifferentTokens("x = a- -b;", "x = a--b;");
    }

    @Test
    void normalize_decimalExponentSign_differentFromSpacedSum() {
        // 1e+2 is one literal (100.0); "1e + 2" is not even the same program.
        assertEquals(lines("1e+2"), normalize("1e+2"));
    }

    @Test
    void normalize_changedTextBlockContent_differentOutput() {
        assertDifferentTokens(assignTextBlock("\n  a\n  b"), assignTextBlock("\n  a\n   b"));
        assertDifferentTokens(assignTextBlock("\n  a\\s\n  "), assignTextBlock("\n  a\n  "));
    }

    @Test
    void normalize_textBlockVersusStringOfSameValue_differentOutput() {
        assertDifferentTokens(assignTextBlock("\n  ab"), "s = \"ab\";");
    }

    @Test
    void normalize_removedAnnotation_differentOutput() {
        assertDifferentTokens("@Override public String toString() { return \"\"; }",
                "public String toString() { return \"\"; }");
    }

    @Test
    void normalize_commentMarkersInsideString_keptAsLiteral() {
        assertEquals(lines("s", "=", "\"//not a comment\"", ";"),
                normalize("s = \"//not a comment\";"));
        assertDifferentTokens("s = \"//a\";", "s = \"//b\";");
        assertDifferentTokens("s = \"/* a \"; t = \" b */\";", "s = \"/* x \"; t = \" b */\";");
    }

    @Test
    void normalize_escapedQuoteInsideString_literalContinues() {
        assertEquals(lines("s", "=", "\"a\\\"//b\"", ";"), normalize("s = \"a\\\"//b\";"));
    }

    @Test
    void normalize_commentMarkersInCharLiterals_keptAsLiterals() {
        assertEquals(lines("c", "=", "'/'", ";", "d", "=", "'*'", ";", "e", "=", "'\"'", ";"),
                normalize("c = '/'; d = '*'; e = '\"';"));
        assertDifferentTokens("a('/', '/'); b();", "a('/', '*'); b();");
        assertEquals(lines("q", "=", "'\\''", ";", "x"), normalize("q = '\\''; /* ' */ x"));
    }

    @Test
    void normalize_escapedBackslashBeforeU_notTranslated() {
        assertEquals(lines("s", "=", "\"\\\\u0061\"", ";"), normalize("s = \"\\\\u0061\";"));
        assertDifferentTokens("s = \"a\";", "s = \"\\\\u0061\";");
    }

    @Test
    void translateUnicodeEscapes_escapedBackslash_startsNoFurtherEscape() {
        // JLS 3.3's own example: an escaped backslash followed by u005a gives six characters.
        assertEquals("\\u005a", SourceNormalizer.translateUnicodeEscapes("\\u005cu005a"));
        // The third of three raw backslashes is preceded by two: it starts an escape.
        assertEquals("\\\\Z", SourceNormalizer.translateUnicodeEscapes("\\\\\\u005a"));
    }

    // ---- input javac rejects: no exception, a deterministic result

    @Test
    void normalize_unterminatedBlockComment_remainderIsOneToken() {
        assertEquals(lines("int", "a", ";", "/* open\\nint b;"),
                normalize("int a; /* open\nint b;"));
    }

    @Test
    void normalize_unterminatedString_endsAtLineEnd() {
        assertEquals(lines("s", "=", "\"abc", "x"), normalize("s = \"abc\nx"));
        assertEquals(lines("s", "=", "\"abc\\"), normalize("s = \"abc\\"));
    }

    @Test
    void normalize_unterminatedTextBlock_remainderIsOneToken() {
        assertEquals(lines("s", "=", TQ + "\\n  a \\\"b\\\"\\n"),
                normalize("s = " + TQ + "\n  a \"b\"\n"));
    }

    @Test
    void normalize_strayCharacters_eachOneToken() {
        assertEquals(lines("a", "#", "\\", "b"), assertDoesNotThrow(() -> normalize("a#\\b")));
        assertEquals(lines("\\", "u00zz"), normalize("\\u00zz"));
    }

    // ---- a realistic class

    /** About a hundred lines using most of the language; ''' stands for a text block's quotes. */
    private static final String SAMPLE = """
            package sample;

            import java.util.ArrayList;
            import java.util.List;
            import java.util.Map;
            import java.util.TreeMap;
            import java.util.function.Function;

            /**
             * Prices per region, built once from a CSV-like table.
             */
            @SuppressWarnings({"unchecked", "rawtypes"})
            public final class PriceTable implements Comparable<PriceTable> {

                /** The header every table starts with. */
                static final String HEADER = '''
                    region;price  \\
                    ;currency
                      -- "quoted" --
                    ''';
                static final char SEPARATOR = ';', QUOTE = '\\'', SLASH = '/';
                static final String NOT_A_COMMENT = "// keep /* this */";
                private static final long MASK = 0xFFFF_FFFFL;
                private static final double EPSILON = 1.5e-9, HALF = .5, HEX = 0x1.8p-3;
                private static final int FLAGS = 0b1010 | 017;

                enum Currency { EUR, USD, GBP }

                record Price(String region, long cents, Currency currency) {
                    Price {
                        if (cents < 0) throw new IllegalArgumentException("cents < 0: " + cents);
                    }
                }

                private final Map<String, List<Price>> byRegion = new TreeMap<>();
                private final int year;

                public PriceTable(String text, int year) {
                    this.year = year;
                    for (String line : text.split("\\n")) {
                        if (line.isBlank() || line.startsWith(HEADER.substring(0, 6))) {
                            continue;
                        }
                        // a line is: region;cents[;currency]
                        String[] cells = line.split(String.valueOf(SEPARATOR));
                        long cents = Long.parseLong(cells[1].trim()) & MASK;
                        Currency currency =
                                cells.length > 2 ? Currency.valueOf(cells[2]) : Currency.EUR;
                        byRegion.computeIfAbsent(cells[0], k -> new ArrayList<>())
                                .add(new Price(cells[0], cents, currency));
                    }
                }

                @Override
                public int compareTo(PriceTable other) {
                    return Integer.compare(year, other.year);
                }

                long total(String... regions) {
                    long sum = 0;
                    int i = 0;
                    outer:
                    while (i < regions.length) {
                        for (Price p : byRegion.getOrDefault(regions[i++], List.of())) {
                            if (p.cents() == 0) continue outer;
                            sum += p.cents();
                        }
                    }
                    return sum;
                }

                int shifted(int x) {
                    int y = x;
                    y >>>= 2; // unsigned: keep the sign bit out
                    y <<= 1;
                    y >>= 1;
                    return y ^ ~x + -(-x) + FLAGS;
                }

                String describe(Object o) {
                    return switch (String.valueOf(o)) {
                        case "null" -> "none";
                        default -> o instanceof Price p && p.cents() > 100 ? "dear " + p.region()
                                : String.valueOf(o).replace('"', QUOTE).replace(SLASH, '\\\\');
                    };
                }

                static <T extends Comparable<? super T>> T max(List<? extends T> items,
                        Function<? super T, ? extends T> f) {
                    T best = null;
                    for (T item : items) {
                        T mapped = f.apply(item);
                        if (best == null || mapped.compareTo(best) > 0) best = mapped;
                    }
                    return best;
                }

                double ratio(long a, long b) {
                    return b == 0 ? Double.NaN : (double) a / b * (1 + EPSILON) - HALF * HEX;
                }
            }
            """.replace("'''", TQ);

    @Test
    void normalize_sampleClass_tokensRejoinedCompileToSameTokens() {
        Compilation original = javac().compile(JavaFileObjects.forSourceString(
                "sample.PriceTable", SAMPLE));
        assertThat(original).succeeded();

        String rejoined = normalize(SAMPLE).lines()
                .map(SourceNormalizerTest::asSource)
                .collect(Collectors.joining(" "));
        Compilation fromTokens = javac().compile(JavaFileObjects.forSourceString(
                "sample.PriceTable", rejoined));

        assertThat(fromTokens).succeeded();
        assertEquals(normalize(SAMPLE), normalize(rejoined));
    }

    @Test
    void normalize_sampleClassReindentedWithCrLf_sameOutput() {
        StringBuilder edited = new StringBuilder();
        boolean inTextBlock = false;
        for (String line : SAMPLE.lines().toList()) {
            boolean delimiter = line.contains(TQ);
            // A comment would be content inside a text block, and is not allowed after its opening.
            String comment = inTextBlock || delimiter ? "" : " // edited";
            edited.append(line.replace("    ", "\t  ")).append(comment).append("\r\n");
            inTextBlock ^= delimiter;
        }
        assertSameTokens(SAMPLE, edited.toString());
    }

    @Test
    void normalize_sampleClassOneTokenChanged_differentOutput() {
        for (List<String> edit : List.of(
                List.of("y >>>= 2;", "y >>= 2;"),
                List.of("y <<= 1;", "y <<= 2;"),
                List.of("-- \"quoted\" --", "-- \"quoted\"  --"),
                List.of("\"// keep /* this */\"", "\"// keep /* that */\""),
                List.of("@Override\n", "\n"),
                List.of("0xFFFF_FFFFL", "0xFFFF_FFFEL"))) {
            String edited = SAMPLE.replace(edit.get(0), edit.get(1));
            assertNotEquals(SAMPLE, edited, "edit applies: " + edit);
            assertDifferentTokens(SAMPLE, edited);
        }
    }

    /** Writes a token back as Java source; a text block token becomes a text block again. */
    private static String asSource(String token) {
        if (token.length() < 6 || !token.startsWith(TQ) || !token.endsWith(TQ)) {
            return token;
        }
        StringBuilder block = new StringBuilder(TQ).append('\n');
        String encoded = token.substring(3, token.length() - 3);
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '\\') {
                char next = encoded.charAt(++i);
                block.append(switch (next) {
                    case 'n' -> "\n";
                    case 'r' -> "\\r";
                    case '"' -> "\\\"";
                    default -> "\\\\";
                });
            } else if (c == ' ') {
                block.append("\\s"); // escaped, so no space is incidental or trailing
            } else if (c == '\t') {
                block.append("\\t");
            } else {
                block.append(c);
            }
        }
        return block.append(TQ).toString();
    }
}
