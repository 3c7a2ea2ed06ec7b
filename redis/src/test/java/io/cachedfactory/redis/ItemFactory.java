package io.cachedfactory.redis;

import io.cachedfactory.runtime.CacheState;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.Codec;
import io.cachedfactory.runtime.FactoryCache;
import io.cachedfactory.runtime.FactoryDescriptor;
import io.cachedfactory.runtime.FactoryStats;
import io.cachedfactory.runtime.Fingerprint;
import io.cachedfactory.runtime.JavaSerializationCodec;
import io.cachedfactory.runtime.Payload;
import io.cachedfactory.runtime.RequestKey;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A factory written as the annotation processor generates one, through the runtime's public API,
 * so these tests make the calls generated code makes. Its codec counts decodes, so a test can tell
 * that a refused entry never reached a codec.
 */
final class ItemFactory {

    static final Fingerprint FINGERPRINT = Fingerprint.builder()
            .add("codec:java-serialization/1", "java-serialization/1")
            .add("format:1", "1")
            .add("source:io.cachedfactory.redis.Item", "sha256:test")
            .build();

    /** Decodes in this JVM, by any {@code ItemFactory}. */
    static final AtomicInteger DECODES = new AtomicInteger();

    /** A build hook for child JVMs: runs inside a build, before the item is constructed. */
    @FunctionalInterface
    interface BeforeBuild {
        void run(String name) throws Exception;
    }

    private final FactoryCache<Item> cache;
    private final BeforeBuild beforeBuild;

    ItemFactory(CacheStore store) {
        this(store, null, name -> { });
    }

    ItemFactory(CacheStore store, Duration maxAge, BeforeBuild beforeBuild) {
        FactoryDescriptor.Builder<Item> descriptor = FactoryDescriptor.builder(Item.class,
                "io.cachedfactory.redis.ItemFactory", FINGERPRINT).codec(new CountingCodec());
        if (maxAge != null) {
            descriptor.maxAge(maxAge);
        }
        this.cache = store.cache(descriptor.build());
        this.beforeBuild = beforeBuild;
    }

    Item get(String name, int size) {
        Callable<Item> build = () -> {
            beforeBuild.run(name);
            return new Item(name, size);
        };
        return cache.get(key(name, size), build, null);
    }

    CacheState state(String name, int size) {
        return cache.state(key(name, size));
    }

    FactoryStats stats() {
        return cache.stats();
    }

    static RequestKey key(String name, int size) {
        return RequestKey.builder("Item(String,int)").arg("name", name).arg("size", size).build();
    }

    /** Java serialization, counting reads. */
    private static final class CountingCodec implements Codec<Item> {
        private final Codec<Item> delegate = JavaSerializationCodec.forType(Item.class);

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public void write(Item value, OutputStream out) throws IOException {
            delegate.write(value, out);
        }

        @Override
        public Item read(Payload payload) throws IOException {
            DECODES.incrementAndGet();
            return delegate.read(payload);
        }
    }
}
