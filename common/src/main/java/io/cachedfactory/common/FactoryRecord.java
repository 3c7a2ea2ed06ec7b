package io.cachedfactory.common;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One factory as the processor records it for tools and reviewers (internal): its name, the type
 * it caches, its {@code VERSION} and the fingerprint components that VERSION digests.
 *
 * @param factory the generated factory's qualified name
 * @param type the cached type's qualified name
 * @param version the factory's VERSION (64 lower-case hex digits)
 * @param components the fingerprint components, sorted by name
 */
public record FactoryRecord(String factory, String type, String version,
        SortedMap<String, String> components) {

    /** Copies {@code components} into an unmodifiable map sorted by name. */
    public FactoryRecord {
        components = Collections.unmodifiableSortedMap(new TreeMap<>(components));
    }
}
