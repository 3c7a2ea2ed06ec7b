package io.cachedfactory.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/*
 * The lookup of one request, in order:
 *
 *   1. memory tier (canonical instance, else the bounded recent tier)
 *   2. single flight in this JVM: one thread per key goes on, the others wait for its result
 *   3. disk: the index entry, then the payload file, whose header must name this factory, these
 *      exact key bytes, this fingerprint and this codec, whose body checksum must hold, whose age
 *      must be within maxAge, and whose object must pass the invariants and the caller's requirement
 *   4. claim: an OS file lock per entry, so one process builds while the others wait; after taking
 *      it, look at the disk again, since the previous holder has usually just stored the object
 *   5. build, then write the payload atomically and update the index
 *
 * Any storage failure on the way is counted, logged once per cause, and turns into a miss or a
 * memory-only result: a get fails only when the build itself fails.
 */

/** A factory's cache in one store. */
final class StoreFactoryCache<T> implements FactoryCache<T> {

    private static final System.Logger LOG = StorageWarnings.log();
    private static final long UNKNOWN_WEIGHT = 1L << 20;
    private static final long TOUCH_INTERVAL_MILLIS = 100;
    private static final int MAX_ATTEMPTS = 3;

    private final FactoryDescriptor<T> descriptor;
    private final CacheStore store;
    private final String version;
    private final StatsCounter stats = new StatsCounter();

    StoreFactoryCache(FactoryDescriptor<T> descriptor, CacheStore store) {
        this.descriptor = descriptor;
        this.store = store;
        this.version = descriptor.fingerprint().version();
    }

    @Override
    public FactoryDescriptor<T> descriptor() {
        return descriptor;
    }

    @Override
    public FactoryStats stats() {
        return stats.snapshot();
    }

    @Override
    public T get(RequestKey key, Callable<? extends T> build, Predicate<? super T> requirement) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(build, "build");
        MemoryTier.SlotKey slotKey = new MemoryTier.SlotKey(descriptor.name(), version, key);
        for (int attempt = 1; ; attempt++) {
            T inMemory = fromMemory(slotKey, requirement);
            if (inMemory != null) {
                stats.memoryHits.increment();
                return inMemory;
            }
            SingleFlight.Outcome<T> outcome = SingleFlight.run(
                    new FlightKey(store.identity(), slotKey), describe(key),
                    () -> loadOrBuild(slotKey, build, requirement));
            if (outcome.led()) {
                return outcome.value();
            }
            // Waited for another thread's result: served from memory, if it suits this caller.
            if (attempt == MAX_ATTEMPTS || passes(outcome.value(), requirement)) {
                stats.memoryHits.increment();
                return outcome.value();
            }
        }
    }

    @Override
    public CacheState state(RequestKey key) {
        MemoryTier.SlotKey slotKey = new MemoryTier.SlotKey(descriptor.name(), version, key);
        if (fromMemory(slotKey, null) != null) {
            return CacheState.IN_MEMORY;
        }
        DiskTier disk = store.disk();
        if (!descriptor.persistent() || disk == null) {
            return CacheState.ABSENT;
        }
        EntryId id = entryId(key);
        try {
            Path file = disk.payloadPath(id);
            PayloadHeader header = PayloadFiles.readHeader(file);
            boolean current = header.matches(descriptor.name(), key.bytes(),
                    descriptor.fingerprint(), descriptor.codec().id())
                    && !expired(header.createdMillis());
            return current ? CacheState.ON_DISK : CacheState.ABSENT;
        } catch (IOException e) {
            return CacheState.ABSENT;
        }
    }

    @Override
    public Explanation explain(RequestKey key) {
        Objects.requireNonNull(key, "key");
        CacheState state = state(key);
        if (state != CacheState.ABSENT) {
            return new Explanation(state, Optional.empty(), List.of());
        }
        DiskTier disk = store.disk();
        if (!descriptor.persistent() || disk == null || !disk.usable()) {
            return absent(MissReason.ABSENT, List.of());
        }
        try {
            PayloadHeader header = PayloadFiles.readHeader(disk.payloadPath(entryId(key)));
            if (header.matches(descriptor.name(), key.bytes(), descriptor.fingerprint(),
                    descriptor.codec().id())) {
                return absent(MissReason.EXPIRED, List.of()); // state() said ABSENT: too old
            }
        } catch (NoSuchFileException e) {
            // Not stored under this fingerprint; maybe under another.
        } catch (IOException e) {
            return absent(MissReason.CORRUPT, List.of());
        }
        return otherFingerprintChanges(disk, key)
                .map(changes -> absent(MissReason.OTHER_FINGERPRINT, changes))
                .orElseGet(() -> absent(MissReason.ABSENT, List.of()));
    }

    private static Explanation absent(MissReason reason, List<String> changes) {
        return new Explanation(CacheState.ABSENT, Optional.of(reason), changes);
    }

    /**
     * When these arguments were last stored under another fingerprint, what differs from it; read
     * from that entry's payload header, which keeps its fingerprint's components.
     */
    private Optional<List<String>> otherFingerprintChanges(DiskTier disk, RequestKey key) {
        Optional<DiskIndex> index = disk.index();
        if (index.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<String> latest = index.get().latest(
                    EntryId.latestOf(store.hasher(), descriptor.name(), key.bytes()));
            if (latest.isEmpty() || latest.get().equals(version)) {
                return Optional.empty();
            }
            EntryId other = EntryId.of(store.hasher(), descriptor.name(), latest.get(), key.bytes());
            PayloadHeader header = PayloadFiles.readHeader(disk.payloadPath(other));
            if (!java.util.Arrays.equals(header.key(), key.bytes())) {
                return Optional.empty();
            }
            return Optional.of(Fingerprint.changes(header.fingerprint(),
                    descriptor.fingerprint().components()));
        } catch (IOException | RuntimeException e) {
            // The other entry is gone or unreadable: all that is known is that it existed.
            return Optional.of(List.of());
        }
    }

    @Override
    public boolean invalidate(RequestKey key) {
        MemoryTier.SlotKey slotKey = new MemoryTier.SlotKey(descriptor.name(), version, key);
        boolean removed = store.memory().remove(slotKey);
        DiskTier disk = store.disk();
        if (!descriptor.persistent() || disk == null) {
            return removed;
        }
        EntryId id = entryId(key);
        Path file = disk.payloadPath(id);
        try {
            PayloadHeader header = PayloadFiles.readHeader(file);
            // The id's file may belong to another key after a hash collision: only delete our own.
            if (header.factory().equals(descriptor.name())
                    && java.util.Arrays.equals(header.key(), key.bytes())) {
                removed |= Files.deleteIfExists(disk.payloadPathToWrite(id)); // never via a link
            }
        } catch (NoSuchFileException e) {
            // Nothing stored.
        } catch (IOException e) {
            storageError(disk, "cannot remove a payload", "it stays until pruned", e);
        }
        disk.index().ifPresent(index -> {
            try {
                index.remove(id);
            } catch (RuntimeException e) {
                stats.storageErrors.increment();
                disk.abandonIndex(e);
            }
        });
        return removed;
    }

    private T fromMemory(MemoryTier.SlotKey slotKey, Predicate<? super T> requirement) {
        MemoryTier.Slot slot = store.memory().get(slotKey);
        if (slot == null) {
            return null;
        }
        T value = descriptor.type().cast(slot.value());
        if (value == null || expired(slot.createdMillis()) || !passes(value, requirement)) {
            store.memory().remove(slotKey);
            return null;
        }
        return value;
    }

    private T loadOrBuild(MemoryTier.SlotKey slotKey, Callable<? extends T> build,
            Predicate<? super T> requirement) {
        T inMemory = fromMemory(slotKey, requirement);
        if (inMemory != null) {
            stats.memoryHits.increment();
            return inMemory;
        }
        DiskTier disk = store.disk();
        if (!descriptor.persistent()) {
            stats.miss(MissReason.ABSENT);
            return buildAndRemember(slotKey, build, null, null, null);
        }
        if (disk == null || !disk.usable()) {
            stats.miss(MissReason.ABSENT);
            stats.storageErrors.increment();
            return buildAndRemember(slotKey, build, null, null, null);
        }
        EntryId id = entryId(slotKey.key());
        Path file = disk.payloadPath(id);
        Object seen = fileIdentity(file);
        Lookup<T> lookup = load(disk, id, slotKey.key(), requirement);
        if (lookup.value() != null) {
            return remember(slotKey, lookup);
        }
        try (Claim claim = claim(disk, id)) {
            Object now = fileIdentity(file);
            if (claim != null && now != null && !now.equals(seen)) {
                // Another process stored it while this one waited for the claim.
                Lookup<T> stored = load(disk, id, slotKey.key(), requirement);
                if (stored.value() != null) {
                    return remember(slotKey, stored);
                }
            }
            RemoteTier remote = store.remote();
            if (remote == null) {
                stats.miss(lookup.reason());
                logMiss(disk, slotKey.key(), lookup.reason());
                return buildAndRemember(slotKey, build, disk, id, null);
            }
            return fetchOrBuild(remote, slotKey, build, requirement, disk, id, lookup.reason());
        }
    }

    /**
     * With the local claim held: the remote tier, else a build under a remote lease, published in
     * the background after the local write.
     */
    private T fetchOrBuild(RemoteTier remote, MemoryTier.SlotKey slotKey,
            Callable<? extends T> build, Predicate<? super T> requirement, DiskTier disk,
            EntryId id, MissReason localReason) {
        long remoteErrors = remote.errors();
        try {
            return fetchOrBuildCounted(remote, slotKey, build, requirement, disk, id, localReason);
        } finally {
            // Remote trouble is skipped by the tier itself; count what this request met.
            stats.storageErrors.add(Math.max(0, remote.errors() - remoteErrors));
        }
    }

    private T fetchOrBuildCounted(RemoteTier remote, MemoryTier.SlotKey slotKey,
            Callable<? extends T> build, Predicate<? super T> requirement, DiskTier disk,
            EntryId id, MissReason localReason) {
        Lookup<T> fetched = fetchRemote(remote, disk, id, slotKey.key(), requirement);
        if (fetched.value() != null) {
            return rememberRemote(slotKey, fetched);
        }
        RemoteTier.Lease lease = RemoteTier.Lease.NONE;
        try {
            lease = remote.lease(id.hex());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // build without a lease rather than fail
        }
        try {
            fetched = fetchRemote(remote, disk, id, slotKey.key(), requirement);
            if (fetched.value() != null) {
                return rememberRemote(slotKey, fetched);
            }
            stats.miss(localReason);
            logMiss(disk, slotKey.key(), localReason);
            RemoteTier.Lease held = lease;
            lease = null; // from here on, buildAndRemember hands it to publish or releases it
            return buildAndRemember(slotKey, build, disk, id, held);
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    private T rememberRemote(MemoryTier.SlotKey slotKey, Lookup<T> lookup) {
        stats.remoteHits.increment();
        store.memory().put(slotKey, lookup.value(), descriptor.memoryPolicy(),
                weight(lookup.value(), lookup.payloadBytes()), lookup.createdMillis());
        return lookup.value();
    }

    /** Fetches a payload into the local store and loads it, verified like any local payload. */
    private Lookup<T> fetchRemote(RemoteTier remote, DiskTier disk, EntryId id, RequestKey key,
            Predicate<? super T> requirement) {
        Path tmp = null;
        try {
            tmp = disk.tmpDirectory().resolve(id.hex() + ".cfp." + ProcessHandle.current().pid()
                    + "." + Long.toHexString(System.nanoTime()) + ".remote.tmp");
            if (!remote.fetch(id.hex(), tmp)) {
                return Lookup.miss(MissReason.ABSENT);
            }
            Path file = disk.payloadPathToWrite(id);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            PayloadFiles.forceDirectory(file.getParent());
            PayloadHeader header = PayloadFiles.readHeader(file);
            indexStored(disk, id, key, Files.size(file), header.createdMillis());
        } catch (IOException | RuntimeException e) {
            storageError(disk, "cannot store a payload fetched from the remote tier",
                    "building instead", e);
            return Lookup.miss(MissReason.ABSENT);
        } finally {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // A stray temp file is an orphan that prune removes.
            }
        }
        return load(disk, id, key, requirement);
    }

    /**
     * With {@code -Dcachedfactory.debug=true} (or the logger at DEBUG), says why a request builds,
     * naming the fingerprint components that changed, as Gradle's build-cache debug log does.
     */
    private void logMiss(DiskTier disk, RequestKey key, MissReason reason) {
        boolean debug = Boolean.getBoolean("cachedfactory.debug");
        if (!debug && !LOG.isLoggable(System.Logger.Level.DEBUG)) {
            return;
        }
        String why = reason.toString();
        if (reason == MissReason.OTHER_FINGERPRINT) {
            why += otherFingerprintChanges(disk, key).filter(changes -> !changes.isEmpty())
                    .map(changes -> ": " + String.join(", ", changes)).orElse("");
        }
        LOG.log(debug ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                "cachedfactory miss " + describe(key) + " (" + why + "), building");
    }

    private T remember(MemoryTier.SlotKey slotKey, Lookup<T> lookup) {
        stats.diskHits.increment();
        store.memory().put(slotKey, lookup.value(), descriptor.memoryPolicy(),
                weight(lookup.value(), lookup.payloadBytes()), lookup.createdMillis());
        return lookup.value();
    }

    private T buildAndRemember(MemoryTier.SlotKey slotKey, Callable<? extends T> build,
            DiskTier disk, EntryId id, RemoteTier.Lease lease) {
        long started = System.nanoTime();
        T value;
        try {
            value = build.call();
        } catch (RuntimeException | Error e) {
            closeQuietly(lease);
            throw e;
        } catch (Exception e) {
            closeQuietly(lease);
            throw new BuildException("building " + describe(slotKey.key()) + " failed", e);
        } finally {
            stats.buildNanos.add(System.nanoTime() - started);
        }
        stats.builds.increment();
        if (value == null) {
            closeQuietly(lease);
            throw new NullPointerException("the build of " + describe(slotKey.key())
                    + " returned null; a cached factory must return an object");
        }
        long created = System.currentTimeMillis();
        long payloadBytes = disk == null ? -1 : store(disk, id, slotKey.key(), value, created);
        if (lease != null) {
            try {
                if (payloadBytes >= 0) {
                    store.remote().publish(id.hex(), disk.payloadPath(id), lease,
                            descriptor.maxAge());
                } else {
                    lease.close();
                }
            } catch (RuntimeException e) {
                closeQuietly(lease);
                storageError(disk, "cannot publish to the remote tier", "kept locally", e);
            }
        }
        store.memory().put(slotKey, value, descriptor.memoryPolicy(), weight(value, payloadBytes),
                created);
        return value;
    }

    /** Writes a payload and its index entries; returns its size, or -1 when it could not. */
    private long store(DiskTier disk, EntryId id, RequestKey key, T value, long created) {
        PayloadHeader header = PayloadHeader.unwritten(descriptor.name(), key.bytes(),
                descriptor.fingerprint().components(), descriptor.codec().id(), created);
        long size;
        try {
            Path file = disk.payloadPathToWrite(id);
            PayloadFiles.write(file, disk.tmpDirectory(), header, descriptor.codec(), value,
                    store.signer());
            size = Files.size(file);
        } catch (IOException | RuntimeException e) {
            storageError(disk, "cannot write a payload", "keeping the object in memory only", e);
            return -1;
        }
        stats.bytesWritten.add(size);
        indexStored(disk, id, key, size, created);
        return size;
    }

    /** Records a newly stored payload in the index, then lets eviction keep the budget. */
    private void indexStored(DiskTier disk, EntryId id, RequestKey key, long size, long created) {
        disk.index().ifPresent(index -> {
            try {
                FaultPoints.reach("index put");
                index.put(id, new IndexEntry(size, created, System.currentTimeMillis()));
                index.putLatest(EntryId.latestOf(store.hasher(), descriptor.name(), key.bytes()),
                        version);
            } catch (RuntimeException e) {
                stats.storageErrors.increment();
                disk.abandonIndex(e);
            }
        });
        disk.evictor().requestTrim(store.limits());
    }

    private static void closeQuietly(RemoteTier.Lease lease) {
        if (lease != null) {
            try {
                lease.close();
            } catch (RuntimeException ignored) {
                // An expired or lost lease needs no release.
            }
        }
    }

    private Lookup<T> load(DiskTier disk, EntryId id, RequestKey key,
            Predicate<? super T> requirement) {
        Optional<IndexEntry> entry = Optional.empty();
        Optional<DiskIndex> index = disk.index();
        if (index.isPresent()) {
            try {
                entry = index.get().get(id);
                if (entry.isEmpty() && !Files.exists(disk.payloadPath(id))) {
                    return Lookup.miss(absenceReason(index.get(), key));
                }
                if (entry.isPresent() && expired(entry.get().createdMillis())) {
                    return Lookup.miss(MissReason.EXPIRED);
                }
            } catch (RuntimeException e) {
                stats.storageErrors.increment();
                disk.abandonIndex(e);
            }
        }
        long started = System.nanoTime();
        Path file = disk.payloadPath(id);
        PayloadFiles.Loaded loaded;
        try {
            loaded = readGuarded(disk, id, file);
        } catch (NoSuchFileException e) {
            if (entry.isEmpty()) {
                return Lookup.miss(MissReason.ABSENT);
            }
            removeIndexEntry(disk, id);
            storageError(disk, "a payload is missing behind its index entry", "rebuilding it", null);
            return Lookup.miss(MissReason.CORRUPT);
        } catch (UntrustedPayloadException e) {
            storageError(disk, "an unsigned or wrongly signed payload",
                    "not decoding it; rebuilding", e);
            return Lookup.miss(MissReason.CORRUPT);
        } catch (CorruptPayloadException e) {
            storageError(disk, "a corrupt payload", "rebuilding it", e);
            return Lookup.miss(MissReason.CORRUPT);
        } catch (IOException | RuntimeException e) {
            storageError(disk, "cannot read a payload", "rebuilding it", e);
            return Lookup.miss(MissReason.CORRUPT);
        }
        PayloadHeader header = loaded.header();
        if (!header.factory().equals(descriptor.name())
                || !java.util.Arrays.equals(header.key(), key.bytes())) {
            // With SHA-256 ids, another key's payload here was misplaced or planted.
            storageError(disk, "a payload holds another key's entry", "rebuilding it", null);
            return Lookup.miss(MissReason.CORRUPT);
        }
        if (!header.matches(descriptor.name(), key.bytes(), descriptor.fingerprint(),
                descriptor.codec().id())) {
            return Lookup.miss(MissReason.OTHER_FINGERPRINT);
        }
        if (expired(header.createdMillis())) {
            return Lookup.miss(MissReason.EXPIRED);
        }
        T value;
        try {
            Object decoded = descriptor.codec().read(loaded.body());
            if (!descriptor.type().isInstance(decoded)) {
                return Lookup.miss(MissReason.INCOMPATIBLE);
            }
            value = descriptor.type().cast(decoded);
        } catch (Exception | LinkageError | StackOverflowError e) {
            disk.warnings().warnOnce("a payload of " + descriptor.name() + " no longer decodes",
                    "rebuilding it", e);
            return Lookup.miss(MissReason.INCOMPATIBLE);
        } finally {
            stats.loadNanos.add(System.nanoTime() - started);
        }
        stats.bytesRead.add(loaded.body().length());
        if (!passesInvariants(value) || !passes(value, requirement)) {
            return Lookup.miss(MissReason.INVARIANT_FAILED);
        }
        touch(disk, id, entry, header);
        return new Lookup<>(value, null, loaded.body().length(), header.createdMillis());
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
        try {
            Object before = fileIdentity(file);
            boolean trusted = disk.verifiedAs(id, before);
            PayloadFiles.Loaded loaded = PayloadFiles.read(file, store.signer(), trusted);
            Object after = fileIdentity(file);
            if (after == null || !after.equals(before)) {
                // Replaced while being opened: which file was read is unknown, so verify it.
                return trusted ? PayloadFiles.read(file, store.signer(), false) : loaded;
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
        Optional<String> latest = index.latest(
                EntryId.latestOf(store.hasher(), descriptor.name(), key.bytes()));
        return latest.isPresent() && !latest.get().equals(version)
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
        disk.index().ifPresent(index -> {
            try {
                index.put(id, touched);
            } catch (RuntimeException e) {
                stats.storageErrors.increment();
                disk.abandonIndex(e);
            }
        });
    }

    private void removeIndexEntry(DiskTier disk, EntryId id) {
        disk.index().ifPresent(index -> {
            try {
                index.remove(id);
            } catch (RuntimeException e) {
                stats.storageErrors.increment();
                disk.abandonIndex(e);
            }
        });
    }

    /**
     * Which file is at {@code path} now: the inode and modification time, which an atomic rename
     * always changes; null when there is none.
     */
    private static Object fileIdentity(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Object inode = attributes.fileKey();
            return List.of(inode == null ? "" : inode, attributes.lastModifiedTime(),
                    attributes.size());
        } catch (IOException e) {
            return null;
        }
    }

    private Claim claim(DiskTier disk, EntryId id) {
        try {
            return Claim.build(disk.claimPath(id));
        } catch (IOException | RuntimeException e) {
            storageError(disk, "cannot claim a build", "building without a cross-process claim", e);
            return null;
        }
    }

    private void storageError(DiskTier disk, String cause, String consequence, Throwable error) {
        stats.storageErrors.increment();
        disk.warnings().warnOnce(cause, consequence, error);
    }

    private boolean passesInvariants(T value) {
        for (Predicate<? super T> invariant : descriptor.invariants()) {
            if (!passes(value, invariant)) {
                return false;
            }
        }
        return true;
    }

    /** A check that throws counts as failed: a stored object is served only when it surely holds. */
    private static <T> boolean passes(T value, Predicate<? super T> check) {
        if (check == null) {
            return true;
        }
        try {
            return check.test(value);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean expired(long createdMillis) {
        return descriptor.maxAge().isPresent() && EntryAge.olderThan(createdMillis,
                descriptor.maxAge().get(), System.currentTimeMillis());
    }

    private long weight(T value, long payloadBytes) {
        if (descriptor.weigher() != null) {
            return descriptor.weigher().applyAsLong(value);
        }
        return payloadBytes >= 0 ? payloadBytes : UNKNOWN_WEIGHT;
    }

    private EntryId entryId(RequestKey key) {
        return EntryId.of(store.hasher(), descriptor.name(), version, key.bytes());
    }

    private String describe(RequestKey key) {
        return descriptor.name() + " " + key;
    }

    /** Identifies one flight: the same key of the same factory version in the same directory. */
    private record FlightKey(Object directory, MemoryTier.SlotKey slot) {
    }

    /** A disk lookup's result: a value, or the reason there is none. */
    private record Lookup<T>(T value, MissReason reason, long payloadBytes, long createdMillis) {
        static <T> Lookup<T> miss(MissReason reason) {
            return new Lookup<>(null, reason, -1, 0);
        }
    }
}
