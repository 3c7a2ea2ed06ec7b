package io.cachedfactory.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.runtime.internal.RequestKey;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/*
 * Two structures, one purpose each:
 *
 * - canonical: key -> weak (or soft, or strong) reference to the one instance of that object in
 *   this process. While any client holds an X, the same request returns that same instance, even if
 *   the bounded tier below has dropped it. Cleared references are purged through a ReferenceQueue.
 * - recent: a Caffeine cache bounded by estimated weight (payload bytes) that holds strong
 *   references to recently used objects, so that objects nobody holds right now survive between
 *   requests within the store's memory budget.
 *
 * A key is either a generated factory's argument record (its equals agrees with the key bytes, and
 * its class names the factory method) or a SlotKey of factory, version and key bytes. Each entry
 * remembers its owner, the one factory cache of a name and fingerprint that stored it, so that a
 * record class shared by two descriptors of one factory (other fingerprints) never serves the
 * other's object; and when its object was built, so maxAge holds in memory too.
 *
 * A hit in the bounded tier is one Caffeine lookup: its value carries the object and its build
 * time directly, with no reference to follow. That is most of the cost of a memory hit.
 *
 * Why the canonical map keeps its own references instead of Caffeine's weakValues()/softValues():
 * a Caffeine cache holds its value through the reference, so the value would have to be the object
 * itself, and its build time would need a second map kept in step with collection; wrapping object
 * and time in one value would make the wrapper, which nobody but the cache holds, the weakly
 * reachable thing, and it would be cleared while clients still hold the object, breaking the
 * one-instance-per-key promise. A WeakReference subclass that carries the build time keeps both in
 * one place; the reference strength also varies per factory (MemoryPolicy), not per cache.
 */

/** The memory tier of one store. */
final class MemoryTier {

    /** One object's identity in memory when it is keyed by bytes: factory, fingerprint, key. */
    record SlotKey(String factory, String version, RequestKey key) {
    }

    /** An object in memory and when it was built. */
    interface Entry {
        /** The object, or {@code null} once collected. */
        Object value();

        long createdMillis();

        /** The factory cache that stored it. */
        Object owner();
    }

    private final ConcurrentHashMap<Object, Slot> canonical = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();
    private final Cache<Object, Recent> recent;

    MemoryTier(long budgetBytes) {
        this.recent = Caffeine.newBuilder()
                .maximumWeight(budgetBytes)
                .weigher((Object key, Recent value) -> value.weight())
                .build();
    }

    /**
     * The object {@code owner} stored under {@code key}, if the bounded tier holds it: one probe,
     * what most hits take (apart from {@link #get}, so that it stays small enough to inline).
     */
    Entry recent(Object key, Object owner) {
        Recent recentlyUsed = recent.getIfPresent(key);
        return recentlyUsed != null && recentlyUsed.owner == owner ? recentlyUsed : null;
    }

    /** The object {@code owner} stored in memory under {@code key}, if any. */
    Entry get(Object key, Object owner) {
        // One probe for objects the bounded tier holds; the canonical map for the rest.
        Entry recentlyUsed = recent(key, owner);
        if (recentlyUsed != null) {
            return recentlyUsed;
        }
        purgeCleared();
        Slot slot = canonical.get(key);
        if (slot == null || slot.owner != owner) {
            return null;
        }
        if (slot.value() == null) {
            canonical.remove(key, slot);
            return null;
        }
        return slot;
    }

    void put(Object key, Object owner, Object value, MemoryPolicy policy, long weightBytes,
            long createdMillis) {
        if (policy == MemoryPolicy.NONE) {
            return;
        }
        purgeCleared();
        Slot slot = new Slot(key, owner, value, policy, createdMillis, cleared);
        canonical.put(key, slot);
        if (policy != MemoryPolicy.STRONG) {
            recent.put(key, new Recent(value, createdMillis, owner, (int) Math.min(
                    Integer.MAX_VALUE, Math.max(1, weightBytes))));
        }
    }

    boolean remove(Object key) {
        recent.invalidate(key);
        Slot removed = canonical.remove(key);
        return removed != null && removed.value() != null;
    }

    void clear() {
        recent.invalidateAll();
        canonical.clear();
    }

    private void purgeCleared() {
        Reference<?> reference;
        while ((reference = cleared.poll()) != null) {
            if (reference instanceof Held held) {
                canonical.remove(held.slot().key, held.slot());
            }
        }
    }

    /** What the bounded tier holds: the object itself (a strong reference) and its build time. */
    private record Recent(Object value, long createdMillis, Object owner, int weight)
            implements Entry {
    }

    /** A reference that knows its slot, so the queue can purge it. */
    private interface Held {
        Slot slot();
    }

    /** One object held in the canonical map. */
    private static final class Slot implements Entry {
        private final Object key;
        private final Object owner;
        private final long createdMillis;
        private final Object strong;
        private final Reference<Object> reference;

        private Slot(Object key, Object owner, Object value, MemoryPolicy policy,
                long createdMillis, ReferenceQueue<Object> queue) {
            this.key = key;
            this.owner = owner;
            this.createdMillis = createdMillis;
            this.strong = policy == MemoryPolicy.STRONG ? value : null;
            this.reference = switch (policy) {
                case WEAK -> new WeakHeld(value, queue, this);
                case SOFT -> new SoftHeld(value, queue, this);
                default -> null;
            };
        }

        @Override
        public Object value() {
            return strong != null ? strong : reference == null ? null : reference.get();
        }

        @Override
        public long createdMillis() {
            return createdMillis;
        }

        @Override
        public Object owner() {
            return owner;
        }
    }

    private static final class WeakHeld extends WeakReference<Object> implements Held {
        private final Slot slot;

        WeakHeld(Object value, ReferenceQueue<Object> queue, Slot slot) {
            super(value, queue);
            this.slot = slot;
        }

        @Override
        public Slot slot() {
            return slot;
        }
    }

    private static final class SoftHeld extends SoftReference<Object> implements Held {
        private final Slot slot;

        SoftHeld(Object value, ReferenceQueue<Object> queue, Slot slot) {
            super(value, queue);
            this.slot = slot;
        }

        @Override
        public Slot slot() {
            return slot;
        }
    }
}
