package io.cachedfactory.cli;

import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.FactoryCache;
import io.cachedfactory.runtime.FactoryDescriptor;
import io.cachedfactory.runtime.Fingerprint;
import io.cachedfactory.runtime.JavaSerializationCodec;
import io.cachedfactory.runtime.RequestKey;

/**
 * A factory written by hand exactly as the annotation processor generates one, with the fingerprint
 * chosen by the test, so stores hold entries of several code versions.
 */
final class TableFactory {

    static final String NAME = "com.acme.TableFactory";
    /** A second factory, which the tests' manifests do not list. */
    static final String CHART = "com.acme.ChartFactory";

    /** alice's counter 3, the source of Table and of its dependency Schema. */
    static final Fingerprint V1 = fingerprint("3", "sha256:schema-1");
    /** alice's counter 4 and a changed Schema: what V1 becomes after a change. */
    static final Fingerprint V2 = fingerprint("4", "sha256:schema-2");

    private final FactoryCache<Table> cache;
    private final int rows;

    TableFactory(CacheStore store, Fingerprint fingerprint, int rows) {
        this(store, NAME, fingerprint, rows);
    }

    /** A factory of another name, as a second generated factory would be. */
    TableFactory(CacheStore store, String name, Fingerprint fingerprint, int rows) {
        this.cache = store.cache(FactoryDescriptor.builder(Table.class, name, fingerprint)
                .codec(JavaSerializationCodec.forType(Table.class))
                .memory(MemoryPolicy.WEAK)
                .build());
        this.rows = rows;
    }

    Table get(String name, int year) {
        return cache.get(RequestKey.builder("Table(String,int)").arg("name", name)
                .arg("year", year).build(), () -> new Table(name, year, rows), null);
    }

    static Fingerprint fingerprint(String aliceCounter, String schema) {
        return Fingerprint.builder()
                .add("codec:java-serialization/1", "java-serialization/1")
                .add("format:1", "1")
                .add("source:com.acme.Schema", schema)
                .add("source:com.acme.Table", "sha256:table-1")
                .add("version:alice", aliceCounter)
                .build();
    }
}
