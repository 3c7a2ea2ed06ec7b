package io.cachedfactory.runtime;

import io.cachedfactory.runtime.internal.FactoryDescriptor;
import io.cachedfactory.runtime.internal.RequestKey;
import java.util.function.Predicate;

/*
 * What every stage of a request needs to know about the factory it serves: its descriptor, the
 * store, the fingerprint version, its counters, and the few rules all stages apply the same way
 * (an entry's age, invariants and requirements, its weight in memory, its id on disk). One place,
 * so that the memory, disk and remote stages cannot disagree on what may be served.
 */

/** One factory in one store, as the stages of its requests see it. */
final class FactoryContext<T> {

    private static final long UNKNOWN_WEIGHT = 1L << 20;

    private final FactoryDescriptor<T> descriptor;
    private final CacheStore store;
    private final String version;
    private final StatsCounter stats = new StatsCounter();

    FactoryContext(FactoryDescriptor<T> descriptor, CacheStore store) {
        this.descriptor = descriptor;
        this.store = store;
        this.version = descriptor.fingerprint().version();
    }

    FactoryDescriptor<T> descriptor() {
        return descriptor;
    }

    CacheStore store() {
        return store;
    }

    /** The fingerprint version this factory stores and serves. */
    String version() {
        return version;
    }

    StatsCounter stats() {
        return stats;
    }

    /** Whether an entry created at {@code createdMillis} is past the factory's {@code maxAge}. */
    boolean expired(long createdMillis) {
        return descriptor.maxAge().isPresent() && EntryAge.olderThan(createdMillis,
                descriptor.maxAge().get(), System.currentTimeMillis());
    }

    boolean passesInvariants(T value) {
        for (Predicate<? super T> invariant : descriptor.invariants()) {
            if (!passes(value, invariant)) {
                return false;
            }
        }
        return true;
    }

    /** A check that throws counts as failed: a stored object is served only when it surely holds. */
    static <T> boolean passes(T value, Predicate<? super T> check) {
        if (check == null) {
            return true;
        }
        try {
            return check.test(value);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The object's weight for the memory tier: the weigher's, else its payload size. */
    long weight(T value, long payloadBytes) {
        if (descriptor.weigher() != null) {
            return descriptor.weigher().applyAsLong(value);
        }
        return payloadBytes >= 0 ? payloadBytes : UNKNOWN_WEIGHT;
    }

    /** Keeps {@code value} in the memory tier under {@code memoryKey}, owned by this factory. */
    void remember(Object memoryKey, T value, long payloadBytes, long createdMillis) {
        store.memory().put(memoryKey, this, value, descriptor.memoryPolicy(),
                weight(value, payloadBytes), createdMillis);
    }

    EntryId entryId(RequestKey key) {
        return EntryId.of(store.hasher(), descriptor.name(), version, key.bytes());
    }

    /** The id under which these arguments' latest fingerprint version is recorded. */
    EntryId latestId(RequestKey key) {
        return EntryId.latestOf(store.hasher(), descriptor.name(), key.bytes());
    }

    String describe(RequestKey key) {
        return descriptor.name() + " " + key;
    }

    /** Counts a storage failure and logs it once per cause and directory. */
    void storageError(DiskTier disk, String cause, String consequence, Throwable error) {
        stats.storageErrors.increment();
        disk.warnings().warnOnce(cause, consequence, error);
    }
}
