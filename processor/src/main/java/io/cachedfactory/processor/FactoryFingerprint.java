package io.cachedfactory.processor;

import io.cachedfactory.common.FactoryRecord;
import io.cachedfactory.common.FingerprintDigest;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The fingerprint of one factory: its named components, sorted by name, and the digest over them.
 *
 * <p>The digest rule is the runtime's {@code Fingerprint.version()}; both take it from
 * {@link FingerprintDigest}, the one definition in the internal {@code cachedfactory-common} module
 * (the processor must not depend on the runtime).
 *
 * @param components sorted by name, names unique
 * @param version hex SHA-256 of the components
 * @param namedOnly classes the build uses whose code does not count (the JDK's), for the
 *     generated Javadoc; not part of the version
 */
record FactoryFingerprint(List<Component> components, String version,
        SortedSet<String> namedOnly) {

    /**
     * One named component.
     *
     * @param name such as {@code source:com.acme.Table}
     * @param value such as {@code sha256:3f2a...}
     * @param description the component in plain words, for the generated Javadoc
     */
    record Component(String name, String value, String description) {
    }

    /** The fingerprint of {@code components}, which must be sorted by name. */
    static FactoryFingerprint of(List<Component> components) {
        return of(components, new TreeSet<>());
    }

    /** As {@link #of(List)}, naming the classes whose code does not count. */
    static FactoryFingerprint of(List<Component> components, SortedSet<String> namedOnly) {
        return new FactoryFingerprint(List.copyOf(components),
                FingerprintDigest.version(valuesByName(components)),
                Collections.unmodifiableSortedSet(new TreeSet<>(namedOnly)));
    }

    /** The components' values by name, as the runtime's {@code Fingerprint} holds them. */
    SortedMap<String, String> valuesByName() {
        return valuesByName(components);
    }

    /** {@code model}'s factory with this fingerprint, as the lock file and the manifest list it. */
    FactoryRecord record(FactoryModel model) {
        return new FactoryRecord(model.qualifiedFactoryName(),
                model.cachedType().getQualifiedName().toString(), version, valuesByName());
    }

    private static SortedMap<String, String> valuesByName(List<Component> components) {
        TreeMap<String, String> values = new TreeMap<>();
        components.forEach(c -> values.put(c.name(), c.value()));
        return values;
    }
}
