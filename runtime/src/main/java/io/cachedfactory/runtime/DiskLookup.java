package io.cachedfactory.runtime;

import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/*
 * A disk hit is served only when every check holds, in this order:
 *
 *   1. the index entry (when the tier has an index): absent and no payload file means a miss
 *      without touching the file; an entry past maxAge is a miss
 *   2. the payload file, read under its load guard (so eviction waits) without following a link;
 *      its header must check out, and its body's CRC32C and signature, once per process and file
 *   3. the header must name this factory and these exact key bytes (another key's payload here
 *      was misplaced or planted), this fingerprint and this codec, and be within maxAge
 *   4. the body must decode to the cached type, and the object pass the invariants and the
 *      caller's requirement
 *
 * Each failed check is a miss with its reason; storage trouble is counted and logged once, never
 * thrown. A served entry's last access is recorded (at most every TOUCH_INTERVAL, to spare index
 * writes), which also re-indexes a payload the index had lost.
 */

/** Looks a request up on the local disk: the index, the payload file and every check on them. */
final class DiskLookup<T> {

    private static final long TOUCH_INTERVAL_MILLIS = 100;

    private final FactoryContext<T> factory;

    DiskLookup(FactoryContext<T> factory) {
        this.factory = factory;
    }

    /** A lookup's result: a value, or the reason there is none. */
    record Result<T>(T value, MissReason reason, long payloadBytes, long createdMillis) {
        static <T> Result<T> miss(MissReason reason) {
            return new Result<>(null, reason, -1, 0);
        }

        boolean hit() {
            return value != null;
        }
    }

    Result<T> load(DiskTier disk, EntryId id, RequestKey key, Predicate<? super T> requirement) {
        StatsCounter stats = factory.stats();
        Optional<IndexEntry> entry = disk.withIndex(stats, Optional.empty(), index -> index.get(id));
        if (entry.isEmpty()) {
            Optional<MissReason> absent = disk.withIndex(stats, Optional.empty(),
                    index -> Files.exists(disk.payloadPath(id), LinkOption.NOFOLLOW_LINKS)
                            ? Optional.empty() : Optional.of(absenceReason(index, key)));
            if (absent.isPresent()) {
                return Result.miss(absent.get());
            }
        } else if (factory.expired(entry.get().createdMillis())) {
            return Result.miss(MissReason.EXPIRED);
        }
        long started = System.nanoTime();
        PayloadFiles.Loaded loaded;
        try {
            loaded = readGuarded(disk, id, disk.payloadPath(id));
        } catch (NoSuchFileException e) {
            if (entry.isEmpty()) {
                return Result.miss(MissReason.ABSENT);
            }
            disk.useIndex(stats, index -> index.remove(id));
            factory.storageError(disk, "a payload is missing behind its index entry",
                    "rebuilding it", null);
            return Result.miss(MissReason.CORRUPT);
        } catch (UntrustedPayloadException e) {
            factory.storageError(disk, "an unsigned or wrongly signed payload",
                    "not decoding it; rebuilding", e);
            return Result.miss(MissReason.CORRUPT);
        } catch (CorruptPayloadException e) {
            factory.storageError(disk, "a corrupt payload", "rebuilding it", e);
            return Result.miss(MissReason.CORRUPT);
        } catch (IOException | RuntimeException e) {
            factory.storageError(disk, "cannot read a payload", "rebuilding it", e);
            return Result.miss(MissReason.CORRUPT);
        }
        return decode(disk, id, key, requirement, entry, loaded, started);
    }

    private Result<T> decode(DiskTier disk, EntryId id, RequestKey key,
            Predicate<? super T> requirement, Optional<IndexEntry> entry,
            PayloadFiles.Loaded loaded, long started) {
        FactoryDescriptor<T> descriptor = factory.descriptor();
        PayloadHeader header = loaded.header();
        if (!header.factory().equals(descriptor.name())
                || !Arrays.equals(header.key(), key.bytes())) {
            // With SHA-256 ids, another key's payload here was misplaced or planted.
            factory.storageError(disk, "a payload holds another key's entry", "rebuilding it",
                    null);
            return Result.miss(MissReason.CORRUPT);
        }
        if (!header.matches(descriptor.name(), key.bytes(), descriptor.fingerprint(),
                descriptor.codec().id())) {
            return Result.miss(MissReason.OTHER_FINGERPRINT);
        }
        if (factory.expired(header.createdMillis())) {
            return Result.miss(MissReason.EXPIRED);
        }
        T value;
        try {
            Object decoded = descriptor.codec().read(loaded.body());
            if (!descriptor.type().isInstance(decoded)) {
                return Result.miss(MissReason.INCOMPATIBLE);
            }
            value = descriptor.type().cast(decoded);
        } catch (Exception | LinkageError | StackOverflowError e) {
            disk.warnings().warnOnce("a payload of " + descriptor.name() + " no longer decodes",
                    "rebuilding it", e);
            return Result.miss(MissReason.INCOMPATIBLE);
        } finally {
            factory.stats().loadNanos.add(System.nanoTime() - started);
        }
        factory.stats().bytesRead.add(loaded.body().length());
        if (!factory.passesInvariants(value) || !FactoryContext.passes(value, requirement)) {
            return Result.miss(MissReason.INVARIANT_FAILED);
        }
        touch(disk, id, entry, header);
        return new Result<>(value, null, loaded.body().length(), header.createdMillis());
    }

    /** The payload header stored for {@code key} under this fingerprint, for state and explain. */
    PayloadHeader header(DiskTier disk, RequestKey key) throws IOException {
        return PayloadFiles.readHeader(disk.payloadPath(factory.entryId(key)));
    }

    /**
     * When these arguments were last stored under another fingerprint, what differs from it; read
     * from that entry's payload header, which keeps its fingerprint's components.
     */
    Optional<List<String>> otherFingerprintChanges(DiskTier disk, RequestKey key) {
        Optional<DiskIndex> index = disk.index();
        if (index.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<String> latest = index.get().latest(factory.latestId(key));
            if (latest.isEmpty() || latest.get().equals(factory.version())) {
                return Optional.empty();
            }
            EntryId other = EntryId.of(factory.store().hasher(), factory.descriptor().name(),
                    latest.get(), key.bytes());
            PayloadHeader header = PayloadFiles.readHeader(disk.payloadPath(other));
            if (!Arrays.equals(header.key(), key.bytes())) {
                return Optional.empty();
            }
            return Optional.of(Fingerprint.changes(header.fingerprint(),
                    factory.descriptor().fingerprint().components()));
        } catch (IOException | RuntimeException e) {
            // The other entry is gone or unreadable: all that is known is that it existed.
            return Optional.of(List.of());
        }
    }

    /**
     * Reads a payload while holding its load guard, so that eviction waits. The body's checksum
     * (a pass over every byte, which also faults in every page of a mapped object) is checked once
     * per process and file: a file with the identity it had when verified has the same bytes.
     */
    private PayloadFiles.Loaded readGuarded(DiskTier disk, EntryId id, Path file)
            throws IOException {
        Claim guard = null;
        try {
            guard = Claim.load(disk.claimPath(id));
        } catch (IOException | RuntimeException e) {
            // Read unguarded: at worst an eviction turns this load into a miss.
        }
        PayloadSigner signer = factory.store().signer();
        try {
            Object before = fileIdentity(file);
            boolean trusted = disk.verifiedAs(id, before);
            PayloadFiles.Loaded loaded = PayloadFiles.read(file, signer, trusted);
            Object after = fileIdentity(file);
            if (after == null || !after.equals(before)) {
                // Replaced while being opened: which file was read is unknown, so verify it.
                return trusted ? PayloadFiles.read(file, signer, false) : loaded;
            }
            disk.markVerified(id, after);
            return loaded;
        } finally {
            if (guard != null) {
                guard.close();
            }
        }
    }

    private MissReason absenceReason(DiskIndex index, RequestKey key) {
        Optional<String> latest = index.latest(factory.latestId(key));
        return latest.isPresent() && !latest.get().equals(factory.version())
                ? MissReason.OTHER_FINGERPRINT : MissReason.ABSENT;
    }

    /** Records the access for eviction, and re-indexes a payload the index had lost. */
    private void touch(DiskTier disk, EntryId id, Optional<IndexEntry> entry,
            PayloadHeader header) {
        long now = System.currentTimeMillis();
        if (entry.isPresent() && now - entry.get().lastAccessMillis() < TOUCH_INTERVAL_MILLIS) {
            return; // recent enough for least-recently-used order; saves an index write per hit
        }
        IndexEntry touched = entry.map(e -> e.accessedAt(now)).orElseGet(() -> new IndexEntry(
                header.length() + header.bodyLength(), header.createdMillis(), now));
        disk.useIndex(factory.stats(), index -> index.put(id, touched));
    }

    /**
     * Which file is at {@code path} now: the inode and modification time, which an atomic rename
     * always changes; null when there is none.
     */
    static Object fileIdentity(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            Object inode = attributes.fileKey();
            return List.of(inode == null ? "" : inode, attributes.lastModifiedTime(),
                    attributes.size());
        } catch (IOException e) {
            return null;
        }
    }
}
