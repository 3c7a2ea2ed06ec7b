package io.cachedfactory.benchmarks;

import java.io.File;
import java.nio.ByteBuffer;
import org.ehcache.PersistentCacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.impl.config.store.disk.OffHeapDiskStoreConfiguration;
import org.ehcache.spi.serialization.Serializer;

/** Ehcache 3 set up the way its documentation sets up a persistent disk-only cache. */
final class Ehcaches {

    private Ehcaches() {
    }

    /**
     * A persistent cache manager in {@code directory} with one disk-only cache named {@code name}
     * of {@code diskMiB}; one disk segment, so that one large value can use the whole tier.
     */
    static <V> PersistentCacheManager diskOnly(File directory, String name, Class<V> valueType,
            Serializer<V> serializer, long diskMiB) {
        CacheConfigurationBuilder<String, V> config = CacheConfigurationBuilder
                .newCacheConfigurationBuilder(String.class, valueType, ResourcePoolsBuilder
                        .newResourcePoolsBuilder().disk(diskMiB, MemoryUnit.MB, true))
                .withService(new OffHeapDiskStoreConfiguration(null,
                        OffHeapDiskStoreConfiguration.DEFAULT_WRITER_CONCURRENCY, 1));
        if (serializer != null) {
            config = config.withValueSerializer(serializer);
        }
        return CacheManagerBuilder.newCacheManagerBuilder()
                .with(CacheManagerBuilder.persistence(directory))
                .withCache(name, config)
                .build(true);
    }

    /** Writes a blob's bytes as they are: the same bytes the other contenders read. */
    static final class BlobSerializer implements Serializer<Blob> {

        /** Ehcache instantiates serializers with a class loader argument. */
        BlobSerializer(ClassLoader ignored) {
        }

        BlobSerializer() {
        }

        @Override
        public ByteBuffer serialize(Blob blob) {
            return ByteBuffer.wrap(blob.bytes());
        }

        @Override
        public Blob read(ByteBuffer binary) {
            byte[] bytes = new byte[binary.remaining()];
            binary.get(bytes);
            return new Blob(bytes);
        }

        @Override
        public boolean equals(Blob blob, ByteBuffer binary) {
            return ByteBuffer.wrap(blob.bytes()).equals(binary);
        }
    }
}
