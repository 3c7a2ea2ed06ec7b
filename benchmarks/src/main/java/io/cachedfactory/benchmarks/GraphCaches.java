package io.cachedfactory.benchmarks;

import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.Fingerprint;
import io.cachedfactory.runtime.JavaSerializationCodec;
import io.cachedfactory.runtime.internal.FactoryCache;
import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ways the benchmarks keep a {@link Graph} besides {@code GraphFactory} (the generated factory,
 * with the store's default codec): the store with Java serialization chosen explicitly, as
 * {@code @CachedFactory(codec = JavaSerializationCodec.class)} would, and the hand-rolled cache, an
 * {@code ObjectOutputStream} file. Shared by the disk-hit benchmarks and the cold-process child.
 */
final class GraphCaches {

    private static final Fingerprint FINGERPRINT = Fingerprint.builder()
            .add("source:io.cachedfactory.benchmarks.Graph", "1").build();

    /**
     * With the generated factory's memory policy; one instance, so that its codec stays warm
     * across stores, as the generated factory's does.
     */
    static final FactoryDescriptor<Graph> JAVA_SERIALIZATION =
            javaSerialization(MemoryPolicy.WEAK);

    private GraphCaches() {
    }

    /** A descriptor of the graph with Java serialization and {@code memory}. */
    static FactoryDescriptor<Graph> javaSerialization(MemoryPolicy memory) {
        return FactoryDescriptor.builder(Graph.class, "bench.Graph", FINGERPRINT)
                .codec(JavaSerializationCodec.forType(Graph.class)).memory(memory).build();
    }

    /** The key of a graph of {@code nodes} nodes. */
    static RequestKey key(int nodes) {
        return RequestKey.builder("Graph(int)").arg("nodes", nodes).build();
    }

    /** The stored graph of {@code nodes} nodes; fails rather than build it. */
    static Graph load(FactoryCache<Graph> cache, int nodes) {
        return cache.get(key(nodes), () -> {
            throw new IllegalStateException("the graph of " + nodes + " nodes was not on disk");
        }, null);
    }

    /** Stores {@code graph} in {@code store} through {@link #JAVA_SERIALIZATION}. */
    static void store(CacheStore store, Graph graph) {
        store.cache(JAVA_SERIALIZATION).get(key(graph.size()), () -> graph, null);
    }

    /** The hand-rolled cache's write: {@code ObjectOutputStream} over a buffered file stream. */
    static void writeObject(Path file, Graph graph) throws IOException {
        try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(
                Files.newOutputStream(file)))) {
            out.writeObject(graph);
        }
    }

    /** The hand-rolled cache's read: {@code ObjectInputStream} over a buffered file stream. */
    static Graph readObject(Path file) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(
                Files.newInputStream(file)))) {
            return (Graph) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }
}
