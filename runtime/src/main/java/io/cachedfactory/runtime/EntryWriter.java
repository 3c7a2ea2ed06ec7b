package io.cachedfactory.runtime;

import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/*
 * An entry reaches the disk in two steps: the payload file, written atomically (PayloadFiles: temp
 * file, fsync, rename), then its index entries (the entry, and the "latest fingerprint" record that
 * explains later misses). The index is only a cache of what the payload headers say, so index
 * trouble after a successful write loses nothing: it is counted and the tier goes on without it.
 * After each stored entry the evictor is asked to keep the store within its limits.
 */

/** Stores built or fetched payloads in the local disk tier and records them in the index. */
final class EntryWriter<T> {

    private final FactoryContext<T> factory;

    EntryWriter(FactoryContext<T> factory) {
        this.factory = factory;
    }

    /** Writes {@code value}'s payload and its index entries; returns its size, or -1 when it could not. */
    long write(DiskTier disk, EntryId id, RequestKey key, T value, long createdMillis) {
        FactoryDescriptor<T> descriptor = factory.descriptor();
        PayloadHeader header = PayloadHeader.unwritten(descriptor.name(), key.bytes(),
                descriptor.fingerprint().components(), descriptor.codec().id(), createdMillis);
        long size;
        try {
            Path file = disk.payloadPathToWrite(id);
            PayloadFiles.write(file, disk.tmpDirectory(), header, descriptor.codec(), value,
                    factory.store().signer());
            size = Files.size(file);
        } catch (IOException | RuntimeException e) {
            factory.storageError(disk, "cannot write a payload",
                    "keeping the object in memory only", e);
            return -1;
        }
        factory.stats().bytesWritten.add(size);
        indexStored(disk, id, key, size, createdMillis);
        return size;
    }

    /**
     * Moves a complete payload file (fetched from a remote tier into {@code tmp/}) into place and
     * indexes it; the caller then loads it like any local payload, with every check.
     */
    void adopt(DiskTier disk, EntryId id, RequestKey key, Path fetched) throws IOException {
        Path file = disk.payloadPathToWrite(id);
        Files.move(fetched, file, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        PayloadFiles.forceDirectory(file.getParent());
        PayloadHeader header = PayloadFiles.readHeader(file);
        indexStored(disk, id, key, Files.size(file), header.createdMillis());
    }

    /** Records a newly stored payload in the index, then lets eviction keep the budget. */
    private void indexStored(DiskTier disk, EntryId id, RequestKey key, long size, long created) {
        disk.useIndex(factory.stats(), index -> {
            FaultPoints.reach("index put");
            index.put(id, new IndexEntry(size, created, System.currentTimeMillis()));
            index.putLatest(factory.latestId(key), factory.version());
        });
        disk.evictor().requestTrim(factory.store().limits());
    }
}
