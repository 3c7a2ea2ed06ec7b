package io.cachedfactory.runtime;

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
import java.util.function.Predicate;

/*
 * The path of one request, top-down; each step is a class of its own:
 *
 *   1. memory tier (MemoryTier): the canonical instance, else the bounded recent tier
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
    private final StatsCounter stats;
    private final DiskLookup<T> disk;
    private final EntryWriter<T> writer;
    private final RemoteExchange<T> remote;
    private final EntryStatus<T> status;

    StoreFactoryCache(FactoryDescriptor<T> descriptor, CacheStore store) {
        this.factory = new FactoryContext<>(descriptor, store);
        this.descriptor = descriptor;
        this.store = store;
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

    @Override
    public T get(RequestKey key, Callable<? extends T> build, Predicate<? super T> requirement) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(build, "build");
        MemoryTier.SlotKey slotKey = slotKey(key);
        for (int attempt = 1; ; attempt++) {
            T inMemory = fromMemory(slotKey, requirement);
            if (inMemory != null) {
                stats.memoryHits.increment();
                return inMemory;
            }
            SingleFlight.Outcome<T> outcome = SingleFlight.run(
                    new FlightKey(store.identity(), slotKey), factory.describe(key),
                    () -> loadOrBuild(slotKey, build, requirement));
            if (outcome.led()) {
                return outcome.value();
            }
            // Waited for another thread's result: served from memory, if it suits this caller.
            if (attempt == MAX_ATTEMPTS || FactoryContext.passes(outcome.value(), requirement)) {
                stats.memoryHits.increment();
                return outcome.value();
            }
        }
    }

    private T loadOrBuild(MemoryTier.SlotKey slotKey, Callable<? extends T> build,
            Predicate<? super T> requirement) {
        T inMemory = fromMemory(slotKey, requirement);
        if (inMemory != null) {
            stats.memoryHits.increment();
            return inMemory;
        }
        DiskTier tier = store.disk();
        if (!descriptor.persistent() || tier == null || !tier.usable()) {
            stats.miss(MissReason.ABSENT);
            if (descriptor.persistent()) {
                stats.storageErrors.increment(); // memory-only: the directory is unusable
            }
            return buildAndRemember(slotKey, build, null, null, null);
        }
        RequestKey key = slotKey.key();
        EntryId id = factory.entryId(key);
        Object seen = DiskLookup.fileIdentity(tier.payloadPath(id));
        DiskLookup.Result<T> lookup = disk.load(tier, id, key, requirement);
        if (lookup.hit()) {
            return rememberHit(slotKey, lookup, stats.diskHits);
        }
        try (Claim claim = claim(tier, id)) {
            Object now = DiskLookup.fileIdentity(tier.payloadPath(id));
            if (claim != null && now != null && !now.equals(seen)) {
                // Another process stored it while this one waited for the claim.
                DiskLookup.Result<T> stored = disk.load(tier, id, key, requirement);
                if (stored.hit()) {
                    return rememberHit(slotKey, stored, stats.diskHits);
                }
            }
            RemoteTier shared = store.remote();
            if (shared == null) {
                return missAndBuild(slotKey, build, tier, id, lookup.reason(), null);
            }
            long remoteErrors = shared.errors();
            try {
                RemoteExchange.Outcome<T> outcome = remote.fetchOrLease(shared, tier, id, key,
                        requirement);
                if (outcome.fetched().hit()) {
                    return rememberHit(slotKey, outcome.fetched(), stats.remoteHits);
                }
                return missAndBuild(slotKey, build, tier, id, lookup.reason(), outcome.lease());
            } finally {
                // Remote trouble is skipped by the tier itself; count what this request met.
                stats.storageErrors.add(Math.max(0, shared.errors() - remoteErrors));
            }
        }
    }

    private T missAndBuild(MemoryTier.SlotKey slotKey, Callable<? extends T> build, DiskTier tier,
            EntryId id, MissReason reason, RemoteTier.Lease lease) {
        stats.miss(reason);
        status.logMiss(tier, slotKey.key(), reason);
        return buildAndRemember(slotKey, build, tier, id, lease);
    }

    /** Builds, stores (and publishes, under {@code lease}) and keeps the object in memory. */
    private T buildAndRemember(MemoryTier.SlotKey slotKey, Callable<? extends T> build,
            DiskTier tier, EntryId id, RemoteTier.Lease lease) {
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
        factory.remember(slotKey, value, payloadBytes, created);
        return value;
    }

    @Override
    public CacheState state(RequestKey key) {
        return fromMemory(slotKey(key), null) != null ? CacheState.IN_MEMORY
                : status.stateOnDisk(key);
    }

    @Override
    public Explanation explain(RequestKey key) {
        Objects.requireNonNull(key, "key");
        CacheState state = state(key);
        return state != CacheState.ABSENT
                ? new Explanation(state, Optional.empty(), List.of()) : status.explainAbsent(key);
    }

    /**
     * Drops the entry from memory and deletes it from disk through {@link DiskTier#deleteEntry},
     * the one delete path (it skips an entry another process is loading or building).
     */
    @Override
    public boolean invalidate(RequestKey key) {
        boolean removed = store.memory().remove(slotKey(key));
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

    private T fromMemory(MemoryTier.SlotKey slotKey, Predicate<? super T> requirement) {
        MemoryTier.Slot slot = store.memory().get(slotKey);
        if (slot == null) {
            return null;
        }
        T value = descriptor.type().cast(slot.value());
        if (value == null || factory.expired(slot.createdMillis())
                || !FactoryContext.passes(value, requirement)) {
            store.memory().remove(slotKey);
            return null;
        }
        return value;
    }

    private T rememberHit(MemoryTier.SlotKey slotKey, DiskLookup.Result<T> hit,
            java.util.concurrent.atomic.LongAdder counter) {
        counter.increment();
        factory.remember(slotKey, hit.value(), hit.payloadBytes(), hit.createdMillis());
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
