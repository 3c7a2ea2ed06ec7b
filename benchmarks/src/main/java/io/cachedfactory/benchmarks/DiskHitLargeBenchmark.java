package io.cachedfactory.benchmarks;

import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.Fingerprint;
import io.cachedfactory.runtime.JavaSerializationCodec;
import io.cachedfactory.runtime.internal.FactoryCache;
import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ehcache.Cache;
import org.ehcache.PersistentCacheManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/*
 * Issue 7, benchmark 2: a disk hit of one large array-backed object (sizeMiB), with the file in the
 * page cache (a warm disk hit; the machine has far more RAM than the largest object). Repeated
 * load, body verified before: the same key is loaded again and again from one open store, whose
 * payload checksums this process verified at setup (a mapped hit is then constant in size). The
 * first load in a process, checksum included, is DiskFirstLoadLargeBenchmark.
 *
 *   mappedCodec        the store with MappedCodec: maps the payload, wraps it
 *   javaSerialization  the store with Java serialization of a byte[] (chosen explicitly: the
 *                      default codec of issue 7)
 *   fileChannel        the page-cache limit: FileChannel.read of the same bytes into a new heap
 *                      array, 1 MiB per read
 *   ehcacheDisk        Ehcache 3's persistent disk tier with a serializer that copies the bytes
 *                      out
 *
 * The store's caches use MemoryPolicy.NONE, so that every get goes to disk. Target: mappedCodec
 * >= 0.9x fileChannel's throughput, and constant in size.
 */

/**
 * Repeated disk hit of a large array-backed object: mapped codec and Java serialization vs
 * FileChannel vs Ehcache.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class DiskHitLargeBenchmark {

    static final Fingerprint FINGERPRINT = Fingerprint.builder()
            .add("source:io.cachedfactory.benchmarks.Blob", "1").build();

    @Param({"1", "64", "512"})
    public int sizeMiB;

    private Path directory;
    private CacheStore store;
    private FactoryCache<MappedBlob> mapped;
    private FactoryCache<Blob> serialized;
    private RequestKey key;
    private Path rawFile;
    private PersistentCacheManager ehcacheManager;
    private Cache<String, Blob> ehcache;
    private boolean ehcacheHolds;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        byte[] bytes = Bench.bytes(sizeMiB * Bench.MIB);
        directory = Bench.scratch("disk-hit-large");
        store = CacheStore.open(directory.resolve("store"));
        mapped = store.cache(FactoryDescriptor.builder(MappedBlob.class, "bench.MappedBlob",
                FINGERPRINT).codec(new MappedBlob.Codec()).memory(MemoryPolicy.NONE).build());
        serialized = store.cache(FactoryDescriptor.builder(Blob.class, "bench.Blob", FINGERPRINT)
                .codec(JavaSerializationCodec.forType(Blob.class)).memory(MemoryPolicy.NONE)
                .build());
        key = RequestKey.builder("Blob(int)").arg("sizeMiB", sizeMiB).build();
        mapped.get(key, () -> new MappedBlob(ByteBuffer.wrap(bytes)), null);
        serialized.get(key, () -> new Blob(bytes), null);
        if (mappedCodec().length() != bytes.length
                || javaSerialization().length() != bytes.length) {
            throw new IllegalStateException("the store did not serve the blob");
        }
        rawFile = directory.resolve("raw.bin");
        Files.write(rawFile, bytes);

        // Ehcache's disk tier drops a value larger than a fraction of the tier (a 64 MiB value
        // is dropped by a 192 MB tier, kept by a 512 MB one): 16 times the value is plenty.
        ehcacheManager = Ehcaches.diskOnly(directory.resolve("ehcache").toFile(), "blobs",
                Blob.class, new Ehcaches.BlobSerializer(), 16L * sizeMiB + 64);
        ehcache = ehcacheManager.getCache("blobs", String.class, Blob.class);
        ehcache.put("blob", new Blob(bytes));
        Blob back = ehcache.get("blob");
        ehcacheHolds = back != null && back.length() == bytes.length;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (mapped.stats().builds() != 1 || serialized.stats().builds() != 1) {
            throw new IllegalStateException("a disk hit rebuilt: " + mapped.stats() + " "
                    + serialized.stats());
        }
        store.close();
        ehcacheManager.close();
        Bench.delete(directory);
    }

    @Benchmark
    public MappedBlob mappedCodec() {
        return mapped.get(key, () -> {
            throw new IllegalStateException("mapped blob was not on disk");
        }, null);
    }

    @Benchmark
    public Blob javaSerialization() {
        return serialized.get(key, () -> {
            throw new IllegalStateException("blob was not on disk");
        }, null);
    }

    @Benchmark
    public byte[] fileChannel() throws IOException {
        return Bench.readFile(rawFile);
    }

    @Benchmark
    public Blob ehcacheDisk() {
        if (!ehcacheHolds) {
            throw new IllegalStateException("Ehcache's disk tier did not keep a " + sizeMiB
                    + " MiB value");
        }
        return ehcache.get("blob");
    }
}
