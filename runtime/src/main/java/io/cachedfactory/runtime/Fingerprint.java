package io.cachedfactory.runtime;

import io.cachedfactory.common.FingerprintDigest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The named components that identify the code version a factory builds with, kept readable.
 *
 * <p>Component names are {@code source:<class>}, {@code resource:<path>}, {@code version:<owner>},
 * {@code codec:<id>} and {@code format:<n>}; values are digests or counters. {@link #version()} is
 * the hex SHA-256 over the components sorted by name, each written as its UTF-8 name, a NUL byte, its
 * UTF-8 value and a line feed. The annotation processor computes the same digest at build time and
 * writes it to the generated factory's {@code VERSION}; both take the rule, and the wording of
 * {@link #changes}, from the one internal definition they share ({@code cachedfactory-common}).
 */
public final class Fingerprint {

    private final SortedMap<String, String> components;
    private final String version;

    private Fingerprint(SortedMap<String, String> components) {
        this.components = Collections.unmodifiableSortedMap(components);
        this.version = FingerprintDigest.version(components);
    }

    /** A fingerprint of exactly these components. */
    public static Fingerprint of(Map<String, String> components) {
        TreeMap<String, String> sorted = new TreeMap<>();
        components.forEach((name, value) -> sorted.put(checkName(name), Objects.requireNonNull(
                value, () -> "value of component '" + name + "' is null")));
        return new Fingerprint(sorted);
    }

    /** Starts a fingerprint; generated factories call this. */
    public static Builder builder() {
        return new Builder();
    }

    /** The components, sorted by name. */
    public SortedMap<String, String> components() {
        return components;
    }

    /** Hex SHA-256 of the components; equal to the generated factory's {@code VERSION}. */
    public String version() {
        return version;
    }

    /**
     * What changed from {@code previous} to this fingerprint, one line per component, sorted by name:
     * {@code "source:com.acme.Kernel changed"}, {@code "version:alice 3 → 4"},
     * {@code "resource:tables/columns.csv added"}, {@code "version:bob removed"}. Empty when equal.
     */
    public List<String> changesSince(Fingerprint previous) {
        return changes(previous.components, components);
    }

    /** {@link #changesSince} for two component maps, such as two manifests' entries. */
    public static List<String> changes(Map<String, String> previous, Map<String, String> current) {
        return FingerprintDigest.changes(previous, current);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fingerprint that && components.equals(that.components);
    }

    @Override
    public int hashCode() {
        return components.hashCode();
    }

    @Override
    public String toString() {
        return version.substring(0, 12) + components;
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "component name is null");
        if (name.isBlank() || name.indexOf('\0') >= 0 || name.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("component name '" + name
                    + "' must be non-blank and contain no NUL or line feed");
        }
        return name;
    }

    /** Collects components; a name given twice is an error. */
    public static final class Builder {
        private final TreeMap<String, String> components = new TreeMap<>();

        private Builder() {
        }

        /** Adds one component. */
        public Builder add(String name, String value) {
            Objects.requireNonNull(value, () -> "value of component '" + name + "' is null");
            if (components.putIfAbsent(checkName(name), value) != null) {
                throw new IllegalArgumentException("component '" + name + "' is given twice");
            }
            return this;
        }

        /** The fingerprint of the components added so far. */
        public Fingerprint build() {
            return new Fingerprint(new TreeMap<>(components));
        }
    }
}
