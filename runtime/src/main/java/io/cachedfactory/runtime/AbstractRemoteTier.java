package io.cachedfactory.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The rules every {@link RemoteTier} keeps, written once: arguments are checked; a read-only tier
 * never takes a lease and never publishes (a publish only releases its lease); a closed tier
 * fetches, leases and publishes nothing; closing happens once. Subclasses implement the protocol.
 * A building block for implementations of {@link RemoteTier}; applications do not need it.
 */
public abstract class AbstractRemoteTier implements RemoteTier {

    private final boolean readOnly;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param readOnly whether this tier only fetches */
    protected AbstractRemoteTier(boolean readOnly) {
        this.readOnly = readOnly;
    }

    @Override
    public final boolean fetch(String entryId, Path target) {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(target, "target");
        return !closed.get() && fetchEntry(entryId, target);
    }

    @Override
    public final Lease lease(String entryId) throws InterruptedException {
        Objects.requireNonNull(entryId, "entryId");
        return readOnly || closed.get() ? Lease.NONE : takeLease(entryId);
    }

    @Override
    public final void publish(String entryId, Path payloadFile, Lease lease,
            Optional<Duration> ttl) {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(payloadFile, "payloadFile");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(ttl, "ttl");
        if (readOnly || closed.get()) {
            lease.close();
            return;
        }
        publishEntry(entryId, payloadFile, lease, ttl);
    }

    /** Whether this tier never publishes nor takes leases. */
    public final boolean readOnly() {
        return readOnly;
    }

    /** Closes the tier the first time; later calls do nothing. */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            closeTier();
        }
    }

    /** {@link #fetch}, on an open tier with checked arguments. */
    protected abstract boolean fetchEntry(String entryId, Path target);

    /** {@link #lease}, on an open, writable tier. */
    protected abstract Lease takeLease(String entryId) throws InterruptedException;

    /** {@link #publish}, on an open, writable tier with checked arguments. */
    protected abstract void publishEntry(String entryId, Path payloadFile, Lease lease,
            Optional<Duration> ttl);

    /** Stops the tier's work and releases its connections; called once. */
    protected abstract void closeTier();
}
