package io.cachedfactory.common;

import java.util.Collection;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/*
 * Design note. The processor writes two files about its factories: the lock file, committed with
 * the code so that a reviewer sees in the diff every change that makes stored objects unusable,
 * and the manifest, shipped in the jar for the command line tool. Both are this one line format,
 * read and written here only, so neither side hand-writes a second syntax (JSON would need a
 * library on javac's processor path, or hand quoting). It is line-based so that a diff shows
 * exactly the components that changed, and deterministic (UTF-8, LF, factories and components
 * sorted, a blank line between blocks) so that the same factories give the same bytes everywhere:
 *
 *   # comment lines: a header saying what the file is
 *
 *   com.acme.TableFactory com.acme.Table 3f2a...(VERSION, 64 hex digits)
 *     codec:java-serialization/1 java-serialization/1
 *     format:1 1
 *     source:com.acme.Table sha256:...
 *     version:alice 3
 *
 * A block starts with a line "<factory> <cached type> <VERSION>" at column 0, followed by one line
 * per fingerprint component, "  <name> <value>" (two spaces of indentation). Fields are separated
 * by one space. Component values never hold spaces today, but names may (a resource path, a
 * @Version owner), so every field escapes '%', space and control characters as %XX: the format
 * stays unambiguous whatever the names hold. The cached type is recorded so that the lock file
 * check can tell a removed factory from one that a partial compile did not see. A reader accepts
 * CRLF line ends (a checkout may convert them).
 */

/** Reads and writes blocks of {@link FactoryRecord}s in the processor's line format (internal). */
public final class FactoryRecords {

    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{64}");

    private FactoryRecords() {
    }

    /** Text that cannot be read; the message names the line and what is wrong. */
    public static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param message names the line and what is wrong with it */
        public FormatException(String message) {
            super(message);
        }
    }

    /**
     * {@code header} (comment lines, each starting with '#', ending with a line feed) followed by
     * one block per record, sorted by factory name.
     */
    public static String render(String header, Collection<FactoryRecord> records) {
        TreeMap<String, FactoryRecord> sorted = new TreeMap<>();
        records.forEach(record -> sorted.put(record.factory(), record));
        StringBuilder text = new StringBuilder(header);
        for (FactoryRecord record : sorted.values()) {
            text.append('\n').append(escape(record.factory())).append(' ')
                    .append(escape(record.type())).append(' ').append(escape(record.version()))
                    .append('\n');
            record.components().forEach((name, value) -> text.append("  ").append(escape(name))
                    .append(' ').append(escape(value)).append('\n'));
        }
        return text.toString();
    }

    /** The records of {@code text}, by factory name; blank and '#' lines are skipped. */
    public static SortedMap<String, FactoryRecord> parse(String text) throws FormatException {
        TreeMap<String, FactoryRecord> records = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        String factory = null;
        String type = null;
        String version = null;
        TreeMap<String, String> components = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") // a checkout with CRLF line ends
                    ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int number = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("  ") && !Character.isWhitespace(line.charAt(2))) {
                if (factory == null) {
                    throw new FormatException("line " + number
                            + ": a component before the first factory line");
                }
                String[] fields = fields(line.substring(2), 2, number,
                        "\"  <component name> <value>\"");
                if (components.put(fields[0], fields[1]) != null) {
                    throw new FormatException("line " + number + ": component " + fields[0]
                            + " is listed twice for " + factory);
                }
            } else if (!Character.isWhitespace(line.charAt(0))) {
                if (factory != null) {
                    records.put(factory, new FactoryRecord(factory, type, version, components));
                }
                String[] fields = fields(line, 3, number,
                        "\"<factory> <cached type> <VERSION>\"");
                factory = fields[0];
                type = fields[1];
                version = fields[2];
                components = new TreeMap<>();
                if (!VERSION.matcher(version).matches()) {
                    throw new FormatException("line " + number + ": VERSION of " + factory
                            + " is not 64 hexadecimal digits: " + version);
                }
                if (records.containsKey(factory)) {
                    throw new FormatException("line " + number + ": factory " + factory
                            + " is listed twice");
                }
            } else {
                throw new FormatException("line " + number + ": expected a factory line at the"
                        + " start of the line or a component line indented by two spaces");
            }
        }
        if (factory != null) {
            records.put(factory, new FactoryRecord(factory, type, version, components));
        }
        return records;
    }

    private static String[] fields(String line, int count, int number, String expected)
            throws FormatException {
        String[] fields = line.split(" ", -1);
        if (fields.length != count) {
            throw new FormatException("line " + number + ": expected " + expected + ", found \""
                    + line + "\"");
        }
        for (int i = 0; i < count; i++) {
            if (fields[i].isEmpty()) {
                throw new FormatException("line " + number + ": expected " + expected
                        + ", found \"" + line + "\"");
            }
            fields[i] = unescape(fields[i], number);
        }
        return fields;
    }

    /** {@code field} with '%', space and control characters written as %XX. */
    static String escape(String field) {
        StringBuilder escaped = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '%' || c <= ' ' || c == 0x7f) {
                escaped.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Undoes {@link #escape}: each %XX is the ASCII character XX. */
    private static String unescape(String field, int number) throws FormatException {
        if (field.indexOf('%') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '%') {
                text.append(c);
                continue;
            }
            if (i + 2 >= field.length() || !isHex(field.charAt(i + 1))
                    || !isHex(field.charAt(i + 2))
                    || HexFormat.fromHexDigits(field, i + 1, i + 3) > 0x7f) {
                throw new FormatException("line " + number + ": '%' not followed by two"
                        + " hexadecimal digits of an ASCII character in \"" + field + "\"");
            }
            text.append((char) HexFormat.fromHexDigits(field, i + 1, i + 3));
            i += 2;
        }
        return text.toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
