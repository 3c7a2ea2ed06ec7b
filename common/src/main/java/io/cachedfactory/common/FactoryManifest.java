package io.cachedfactory.common;

import java.util.Collection;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * Design note. The annotation processor writes the manifest into each module's class output, so it
 * ships in the jar; the command line tool reads it from jars, class directories or a copied file
 * to learn each factory's current fingerprint (stale pruning, explain, fingerprints diff). The path
 * and the format are defined here, once, for both. The body is FactoryRecords' line format (the
 * lock file's); the first line names the manifest's own format number, so that a tool meeting a
 * manifest from a newer cachedfactory says so instead of misreading it.
 */

/** The module manifest: where it lives and how it is written and read (internal). */
public final class FactoryManifest {

    /** Where a module's manifest lives inside its jar or class output directory. */
    public static final String PATH = "META-INF/cachedfactory/factories.txt";

    /** The manifest format this version writes and reads. */
    public static final int FORMAT = 1;

    private static final String FIRST_LINE = "# cachedfactory manifest, format ";
    private static final Pattern FORMAT_LINE = Pattern.compile(
            Pattern.quote(FIRST_LINE) + "([0-9]{1,9})\r?");

    /** The comment lines every manifest starts with; the first names the format. */
    static final String HEADER = FIRST_LINE + FORMAT + "\n"
            + "# Written by the cachedfactory annotation processor; read by the cachedfactory tool.\n"
            + "# One block per factory: \"<factory> <cached type> <VERSION>\", then each component\n"
            + "# of its fingerprint, \"<name> <value>\" (%XX escapes space, '%' and controls).\n";

    private FactoryManifest() {
    }

    /** The manifest text listing {@code records}, sorted by factory name. */
    public static String render(Collection<FactoryRecord> records) {
        return FactoryRecords.render(HEADER, records);
    }

    /**
     * The records of a manifest's text, by factory name.
     *
     * @throws FactoryRecords.FormatException if the first line does not name format
     *     {@value #FORMAT}, or a block is malformed
     */
    public static SortedMap<String, FactoryRecord> parse(String text)
            throws FactoryRecords.FormatException {
        int end = text.indexOf('\n');
        Matcher first = FORMAT_LINE.matcher(end < 0 ? text : text.substring(0, end));
        if (!first.matches()) {
            throw new FactoryRecords.FormatException("line 1: expected \"" + FIRST_LINE + FORMAT
                    + "\"");
        }
        int format = Integer.parseInt(first.group(1));
        if (format != FORMAT) {
            throw new FactoryRecords.FormatException("format " + format + " is not supported;"
                    + " this tool reads format " + FORMAT + " (use a matching cachedfactory)");
        }
        return FactoryRecords.parse(text);
    }
}
