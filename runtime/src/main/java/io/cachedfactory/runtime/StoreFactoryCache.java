package io.cachedfactory.runtime;

import io.cachedfactory.runtime.internal.CacheRequest;
import io.cachedfactory.runtime.internal.FactoryCache;
import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/*
 * The path of one request, top-down; each step is a class of its own:
 *
 *   1. memory tier (MemoryTier), keyed by the request itself or by its key bytes: the bounded
 *      recent tier, else the canonical instance
 *   2. single flight in this JVM (SingleFlight): one thread per key goes on, the others wait for
 *      its result
 *   3. local disk (DiskLookup): the index entry and the payload file, with every check on them
 *   4. claim (Claim): an OS file lock per entry, so one process builds while the others wait;
 *      after taking it, look at the disk again, since the previous holder has usually just stored
 *      the object
 *   5. remote tier, if configured (RemoteExchange): fetch, else lease and fetch again
 *   6. build, then write the payload atomically and index it (EntryWriter), publish it (under the
 *      lease) and keep it in memory
 *
 * What every step shares (the descriptor, counters, age and invariant rules) is FactoryContext.
 * Any storage failure on the way is counted, logged once per cause, and turns into a miss or a
 * memory-only result: a get fails only when the build itself fails.
 */

/** A factory's cache in one store: the orchestrator of its requests. */
final class StoreFactoryCache<T> implements FactoryCache<T> {

    private static final int MAX_ATTEMPTS = 3;

    private final FactoryContext<T> factory;
    private final FactoryDescriptor<T> descriptor;
    private final CacheStore store;
    private final MemoryTier memory;
    private final Class<T> type;
    private final StatsCounter stats;
    private final DiskLookup<T> disk;
    private final EntryWriter<T> writer;
    private final RemoteExchange<T> remote;
    private final EntryStatus<T> status;

    StoreFactoryCache(FactoryDescriptor<T> descriptor, CacheStore store) {
        this.factory = new FactoryContext<>(descriptor, store);
        this.descriptor = descriptor;
        this.store = store;
        this.memory = store.memory();
        this.type = descriptor.type();
        this.stats = factory.stats();
        this.disk = new DiskLookup<>(factory);
        this.writer = new EntryWriter<>(factory);
        this.remote = new RemoteExchange<>(factory, disk, writer);
        this.status = new EntryStatus<>(factory, disk);
    }

    @Override
    public FactoryDescriptor<T> descriptor() {
        return descriptor;
    }

    @Override
    public FactoryStats stats() {
        return stats.snapshot();
    }

    /*
     * The memory hit is the whole of get() up to the last line, kept small (a few dozen bytecodes
     * calling small methods) so that the JIT inlines it into the generated factory's get: a hit
     * costs one Caffeine lookup, the age and requirement checks and the hit counter.
     */
    @Override
    public T get(CacheRequest<T> request, Predicate<? super T> requirement) {
        Object memoryKey = memoryKey(request);
        MemoryTier.Entry entry = memory.recent(memoryKey, factory);
        if (entry != null) {
            T value = type.cast(entry.value());
            if (servable(value, entry, requirement)) {
                stats.memoryHits.increment();
                return value;
            }
            memory.remove(memoryKey); // expired, collected or refused: checked once, not again
        }
        return getMissingFromMemory(request, memoryKey, requirement);
    }

    /**
     * The rest of a request, apart so that the memory hit above stays small enough to inline:
     * the canonical instances, then one flight per key to the disk, the remote tier or the build.
     */
    private T getMissingFromMemory(CacheRequest<T> request, Object memoryKey,
            Predicate<? super T> requirement) {
        T inMemory = fromMemory(memoryKey, requirement);
        if (inMemory != null) {
            stats.memoryHits.increment();
            return inMemory;
        }
        MemoryTier.SlotKey slotKey = slotKey(request, memoryKey);
        for (int attempt = 1; ; attempt++) {
            SingleFlight.Outcome<T> outcome = SingleFlight.run(
                    new FlightKey(store.identity(), slotKey), factory.describe(slotKey.key()),
                    () -> loadOrBuild(memoryKey, slotKey, request, requirement));
            if (outcome.led()) {
                return outcome.value();
            }
            // Waited for another thread's result: served from memory, if it suits this caller.
            if (attempt == MAX_ATTEMPTS || FactoryContext.passes(outcome.value(), requirement)) {
                stats.memoryHits.increment();
                return outcome.value();
            }
            inMemory = fromMemory(memoryKey, requirement);
            if (inMemory != null) {
                stats.memoryHits.increment();
                return inMemory;
            }
        }
    }

    private T loadOrBuild(Object memoryKey, MemoryTier.SlotKey slotKey, CacheRequest<T> request,
            Predicate<? super T> requirement) {
        T inMemory = fromMemory(memoryKey, requirement);
        if (inMemory != null) {
            stats.memoryHits.increment();
            return inMemory;
        }
        Callable<? extends T> build = request::build;
        DiskTier tier = store.disk();
        if (!descriptor.persistent() || tier == null || !tier.usable()) {
            stats.miss(MissReason.ABSENT);
            if (descriptor.persistent()) {
                stats.storageErrors.increment(); // memory-only: the directory is unusable
            }
            return buildAndRemember(memoryKey, slotKey, build, null, null, null);
        }
        RequestKey key = slotKey.key();
        EntryId id = factory.entryId(key);
        Object seen = DiskLookup.fileIdentity(tier.payloadPath(id));
        DiskLookup.Result<T> lookup = disk.load(tier, id, key, requirement);
        if (lookup.hit()) {
            return rememberHit(memoryKey, lookup, stats.diskHits);
        }
        try (Claim claim = claim(tier, id)) {
            Object now = DiskLookup.fileIdentity(tier.payloadPath(id));
            if (claim != null && now != null && !now.equals(seen)) {
                // Another process stored it while this one waited for the claim.
                DiskLookup.Result<T> stored = disk.load(tier, id, key, requirement);
                if (stored.hit()) {
                    return rememberHit(memoryKey, stored, stats.diskHits);
                }
            }
            RemoteTier shared = store.remote();
            if (shared == null) {
                return missAndBuild(memoryKey, slotKey, build, tier, id, lookup.reason(), null);
            }
            long remoteErrors = shared.errors();
            try {
                RemoteExchange.Outcome<T> outcome = remote.fetchOrLease(shared, tier, id, key,
                        requirement);
                if (outcome.fetched().hit()) {
                    return rememberHit(memoryKey, outcome.fetched(), stats.remoteHits);
                }
                return missAndBuild(memoryKey, slotKey, build, tier, id, lookup.reason(),
                        outcome.lease());
            } finally {
                // Remote trouble is skipped by the tier itself; count what this request met.
                stats.storageErrors.add(Math.max(0, shared.errors() - remoteErrors));
            }
        }
    }

    private T missAndBuild(Object memoryKey, MemoryTier.SlotKey slotKey,
            Callable<? extends T> build, DiskTier tier, EntryId id, MissReason reason,
            RemoteTier.Lease lease) {
        stats.miss(reason);
        status.logMiss(tier, slotKey.key(), reason);
        return buildAndRemember(memoryKey, slotKey, build, tier, id, lease);
    }

    /** Builds, stores (and publishes, under {@code lease}) and keeps the object in memory. */
    private T buildAndRemember(Object memoryKey, MemoryTier.SlotKey slotKey,
            Callable<? extends T> build, DiskTier tier, EntryId id, RemoteTier.Lease lease) {
        long started = System.nanoTime();
        T value;
        try {
            value = build.call();
        } catch (RuntimeException | Error e) {
            RemoteExchange.closeQuietly(lease);
            throw e;
        } catch (Exception e) {
            RemoteExchange.closeQuietly(lease);
            throw new BuildException("building " + factory.describe(slotKey.key()) + " failed", e);
        } finally {
            stats.buildNanos.add(System.nanoTime() - started);
        }
        stats.builds.increment();
        if (value == null) {
            RemoteExchange.closeQuietly(lease);
            throw new NullPointerException("the build of " + factory.describe(slotKey.key())
                    + " returned null; a cached factory must return an object");
        }
        long created = System.currentTimeMillis();
        long payloadBytes = tier == null ? -1 : writer.write(tier, id, slotKey.key(), value,
                created);
        if (lease != null) {
            remote.publish(store.remote(), tier, id, lease, payloadBytes);
        }
        factory.remember(memoryKey, value, payloadBytes, created);
        return value;
    }

    @Override
    public CacheState state(CacheRequest<T> request) {
        return state(request, memoryKey(request));
    }

    private CacheState state(CacheRequest<T> request, Object memoryKey) {
        return fromMemory(memoryKey, null) != null ? CacheState.IN_MEMORY
                : status.stateOnDisk(slotKey(request, memoryKey).key());
    }

    @Override
    public Explanation explain(CacheRequest<T> request) {
        Object memoryKey = memoryKey(request);
        CacheState state = state(request, memoryKey);
        return state != CacheState.ABSENT ? new Explanation(state, Optional.empty(), List.of())
                : status.explainAbsent(slotKey(request, memoryKey).key());
    }

    /**
     * Drops the entry from memory and deletes it from disk through {@link DiskTier#deleteEntry},
     * the one delete path (it skips an entry another process is loading or building).
     */
    @Override
    public boolean invalidate(CacheRequest<T> request) {
        Object memoryKey = memoryKey(request);
        boolean removed = memory.remove(memoryKey);
        RequestKey key = slotKey(request, memoryKey).key();
        DiskTier tier = store.disk();
        if (!descriptor.persistent() || tier == null) {
            return removed;
        }
        EntryId id = factory.entryId(key);
        try {
            PayloadHeader header = disk.header(tier, key);
            // The id's file may belong to another key after a hash collision: only delete our own.
            if (header.factory().equals(descriptor.name())
                    && Arrays.equals(header.key(), key.bytes())) {
                removed |= tier.deleteEntry(id);
            }
        } catch (NoSuchFileException e) {
            tier.useIndex(stats, index -> index.remove(id)); // nothing stored; no stale entry
        } catch (IOException e) {
            factory.storageError(tier, "cannot remove a payload", "it stays until pruned", e);
        }
        return removed;
    }

    private MemoryTier.SlotKey slotKey(RequestKey key) {
        return new MemoryTier.SlotKey(descriptor.name(), factory.version(), key);
    }

    /** The slot key of {@code request}: its memory key when memory is keyed by bytes. */
    private MemoryTier.SlotKey slotKey(CacheRequest<T> request, Object memoryKey) {
        return memoryKey instanceof MemoryTier.SlotKey bytes ? bytes : slotKey(request.key());
    }

    /**
     * The request itself when its equals agrees with its key bytes; else the bytes, encoded once
     * here and reused by the rest of the request ({@link #slotKey(CacheRequest, Object)}).
     */
    private Object memoryKey(CacheRequest<T> request) {
        Objects.requireNonNull(request, "request");
        return request.keysMemory() ? request : slotKey(request.key());
    }

    /** The object in either structure of the memory tier, if it may be served; else null. */
    private T fromMemory(Object memoryKey, Predicate<? super T> requirement) {
        MemoryTier.Entry entry = memory.get(memoryKey, factory);
        if (entry == null) {
            return null;
        }
        T value = type.cast(entry.value());
        if (!servable(value, entry, requirement)) {
            memory.remove(memoryKey);
            return null;
        }
        return value;
    }

    /** Whether an object found in memory is still there, young enough and meets the requirement. */
    private boolean servable(T value, MemoryTier.Entry entry, Predicate<? super T> requirement) {
        return value != null && !factory.expired(entry.createdMillis())
                && FactoryContext.passes(value, requirement);
    }

    private T rememberHit(Object memoryKey, DiskLookup.Result<T> hit, LongAdder counter) {
        counter.increment();
        factory.remember(memoryKey, hit.value(), hit.payloadBytes(), hit.createdMillis());
        return hit.value();
    }

    private Claim claim(DiskTier tier, EntryId id) {
        try {
            return Claim.build(tier.claimPath(id));
        } catch (IOException | RuntimeException e) {
            factory.storageError(tier, "cannot claim a build",
                    "building without a cross-process claim", e);
            return null;
        }
    }

    /** Identifies one flight: the same key of the same factory version in the same directory. */
    private record FlightKey(Object directory, MemoryTier.SlotKey slot) {
    }
}
