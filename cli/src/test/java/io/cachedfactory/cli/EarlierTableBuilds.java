package io.cachedfactory.cli;

import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.Fingerprint;
import io.cachedfactory.runtime.JavaSerializationCodec;
import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entries the generated {@link TableFactory} cannot write: those of an earlier build of it, and
 * those of a factory no manifest lists. The processor generates a factory for the code being
 * compiled only, so these go through the runtime's {@link FactoryDescriptor}, with the generated
 * factory's codec, memory policy and key, under a fingerprint derived from the generated one.
 * The tests that remove or count entries under both fingerprints fail should the key drift.
 */
final class EarlierTableBuilds {

    /** The generated factory's name, as manifests and the store record it. */
    static final String TABLE = TableFactory.class.getName();
    /**
     * A second factory, which the tests' manifests do not list; its name has the length of
     * {@link #TABLE}, so that every entry's payload has one size.
     */
    static final String CHART = TableFactory.class.getPackageName() + ".ChartFactory";
    /** The component of {@link Table}'s constructor in the generated fingerprint. */
    static final String TABLE_SOURCE = "source:" + Table.class.getName() + "#Table(String,int)";

    /** The current fingerprint: the generated {@link TableFactory#FINGERPRINT}. */
    static final Fingerprint V2 = TableFactory.FINGERPRINT;
    /** {@link #V2} before Table's source changed and alice bumped her counter from 3 to 4. */
    static final Fingerprint V1 = earlier(V2);

    private EarlierTableBuilds() {
    }

    /** Builds {@code Table(name, year)} and stores it as {@code factory} of {@code fingerprint}. */
    static Table get(CacheStore store, String factory, Fingerprint fingerprint, String name,
            int year) {
        RequestKey key = RequestKey.builder("Table(String,int)").arg("name", name)
                .arg("year", year).build();
        return store.cache(FactoryDescriptor.builder(Table.class, factory, fingerprint)
                .codec(JavaSerializationCodec.forType(Table.class))
                .memory(MemoryPolicy.WEAK)
                .build()).get(key, () -> new Table(name, year), null);
    }

    private static Fingerprint earlier(Fingerprint current) {
        Map<String, String> components = new TreeMap<>(current.components());
        // A digest like the generated one: entries of both builds have payloads of one size.
        replace(components, TABLE_SOURCE, "sha256:" + sha256("Table.java before the change"));
        replace(components, "version:alice", "3");
        return Fingerprint.of(components);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void replace(Map<String, String> components, String name, String value) {
        if (components.replace(name, value) == null) {
            throw new IllegalStateException("TableFactory.FINGERPRINT has no component " + name
                    + ": " + components.keySet());
        }
    }
}
