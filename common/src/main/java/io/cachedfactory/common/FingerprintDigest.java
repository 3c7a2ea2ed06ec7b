package io.cachedfactory.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/*
 * Design note. A factory's VERSION is computed twice: by the annotation processor, which writes it
 * into the generated source, and by the runtime's Fingerprint, from the components the generated
 * source lists (and again after the runtime re-hashes a resource). Both must give the same hex for
 * the same components, or stored entries are never found again; so the rule lives here only.
 *
 * The rule: SHA-256 over the components in ascending order of name (String.compareTo), each
 * written as its UTF-8 name, one NUL byte, its UTF-8 value and one line feed; the result in lower
 * case hex. Names hold no NUL or line feed (the runtime's Fingerprint refuses them), so the
 * encoding is unambiguous. Changing any byte of it changes every VERSION ever generated: the
 * golden in FingerprintDigestTest is there to make such a change loud.
 *
 * The comparison is the other half of the contract: the runtime explains a rebuild (and the CLI a
 * manifest diff) with it, the processor's lock file check reports a changed factory with it, and
 * users read the same words in both places.
 */

/** The fingerprint digest rule and the comparison of two fingerprints (internal). */
public final class FingerprintDigest {

    private FingerprintDigest() {
    }

    /**
     * Hex SHA-256 of {@code components}, taken in ascending order of name whatever the map's own
     * order: a factory's {@code VERSION}.
     */
    public static String version(Map<String, String> components) {
        SortedMap<String, String> sorted = components instanceof SortedMap<String, String> s
                && s.comparator() == null ? s : new TreeMap<>(components);
        MessageDigest sha256 = sha256();
        sorted.forEach((name, value) -> {
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(value.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
        });
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Lower-case hex SHA-256 of {@code bytes}; a digest value is {@code sha256:} and this. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /**
     * What changed from {@code previous} to {@code current}, one line per component, sorted by
     * name: {@code "source:com.acme.Kernel#mix(double,int) changed"},
     * {@code "version:alice 3 → 4"}, {@code "library:com.acme:lib 1.0 → 1.1"},
     * {@code "resource:tables/columns.csv added"}, {@code "version:bob removed"}. Counters and
     * library versions are short and meaningful, so they are shown; digests are not worth
     * printing. Empty when the components are equal.
     */
    public static List<String> changes(Map<String, String> previous, Map<String, String> current) {
        TreeSet<String> names = new TreeSet<>(previous.keySet());
        names.addAll(current.keySet());
        List<String> changes = new ArrayList<>();
        for (String name : names) {
            String before = previous.get(name);
            String after = current.get(name);
            if (before == null) {
                changes.add(name + " added");
            } else if (after == null) {
                changes.add(name + " removed");
            } else if (!before.equals(after)) {
                changes.add(change(name, before, after));
            }
        }
        return changes;
    }

    private static String change(String name, String before, String after) {
        if (name.startsWith(ComponentNames.VERSION)) {
            return name + " " + before + " → " + after;
        }
        if (name.startsWith(ComponentNames.LIBRARY)) {
            String beforeVersion = ComponentNames.libraryVersion(before);
            String afterVersion = ComponentNames.libraryVersion(after);
            if (!beforeVersion.equals(afterVersion)) {
                return name + " " + beforeVersion + " → " + afterVersion;
            }
        }
        return name + " changed";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
