package io.cachedfactory.runtime;

import io.cachedfactory.runtime.internal.RequestKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/*
 * The exchange with a shared remote tier, the same for every RemoteTier (Redis today), entered
 * with the local build claim held, so at most one process per host talks to the remote for a key:
 *
 *   1. fetch: the remote writes the payload into tmp/; it is moved into the local store, indexed,
 *      and then loaded through DiskLookup with every local check (header, key, checksums, the
 *      store's own signature), so the remote is never trusted more than the local disk
 *   2. otherwise take the remote lease (one builder across machines; a dead holder's lease
 *      expires), and fetch once more: the previous holder has usually just published
 *   3. otherwise the caller builds under the lease; after the local write, publish hands the
 *      payload file and the lease to the tier, which uploads in the background and then releases
 *      the lease. A build that could not be stored locally releases the lease unpublished.
 *
 * Remote trouble never fails a request: the tier skips and counts it; what a request met is added
 * to the factory's storage errors by the caller.
 */

/** Fetches from, leases on and publishes to a remote tier, for one factory. */
final class RemoteExchange<T> {

    private final FactoryContext<T> factory;
    private final DiskLookup<T> lookup;
    private final EntryWriter<T> writer;

    RemoteExchange(FactoryContext<T> factory, DiskLookup<T> lookup, EntryWriter<T> writer) {
        this.factory = factory;
        this.lookup = lookup;
        this.writer = writer;
    }

    /** What the remote tier gave: a fetched, verified object, or a lease to build under. */
    record Outcome<T>(DiskLookup.Result<T> fetched, RemoteTier.Lease lease) {
    }

    /** Fetches the entry, else leases it and fetches once more; the caller owns a returned lease. */
    Outcome<T> fetchOrLease(RemoteTier remote, DiskTier disk, EntryId id, RequestKey key,
            Predicate<? super T> requirement) {
        DiskLookup.Result<T> fetched = fetch(remote, disk, id, key, requirement);
        if (fetched.hit()) {
            return new Outcome<>(fetched, null);
        }
        RemoteTier.Lease lease = RemoteTier.Lease.NONE;
        try {
            lease = remote.lease(id.hex());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // build without a lease rather than fail
        }
        fetched = fetch(remote, disk, id, key, requirement);
        if (fetched.hit()) {
            closeQuietly(lease);
            return new Outcome<>(fetched, null);
        }
        return new Outcome<>(fetched, lease);
    }

    /**
     * Publishes a stored payload and hands over {@code lease}, or releases it when the object could
     * not be stored locally ({@code payloadBytes < 0}).
     */
    void publish(RemoteTier remote, DiskTier disk, EntryId id, RemoteTier.Lease lease,
            long payloadBytes) {
        try {
            if (payloadBytes >= 0) {
                remote.publish(id.hex(), disk.payloadPath(id), lease,
                        factory.descriptor().maxAge());
            } else {
                lease.close();
            }
        } catch (RuntimeException e) {
            closeQuietly(lease);
            factory.storageError(disk, "cannot publish to the remote tier", "kept locally", e);
        }
    }

    /** Fetches a payload into the local store and loads it, verified like any local payload. */
    private DiskLookup.Result<T> fetch(RemoteTier remote, DiskTier disk, EntryId id,
            RequestKey key, Predicate<? super T> requirement) {
        Path tmp = null;
        try {
            tmp = disk.tmpDirectory().resolve(id.hex() + ".cfp." + ProcessHandle.current().pid()
                    + "." + Long.toHexString(System.nanoTime()) + ".remote.tmp");
            if (!remote.fetch(id.hex(), tmp)) {
                return DiskLookup.Result.miss(MissReason.ABSENT);
            }
            writer.adopt(disk, id, key, tmp);
        } catch (IOException | RuntimeException e) {
            factory.storageError(disk, "cannot store a payload fetched from the remote tier",
                    "building instead", e);
            return DiskLookup.Result.miss(MissReason.ABSENT);
        } finally {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // A stray temp file is an orphan that prune removes.
            }
        }
        return lookup.load(disk, id, key, requirement);
    }

    static void closeQuietly(RemoteTier.Lease lease) {
        if (lease != null) {
            try {
                lease.close();
            } catch (RuntimeException ignored) {
                // An expired or lost lease needs no release.
            }
        }
    }
}
