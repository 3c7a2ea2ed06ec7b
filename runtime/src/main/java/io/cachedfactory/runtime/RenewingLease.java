package io.cachedfactory.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/*
 * The life of a build lease, the same for every remote tier: renewed every third of its time to
 * live by a daemon thread until closed; a renewal that finds the lease lost (a pause longer than
 * its time to live let another machine take it over) stops renewing, and closing releases it once,
 * with the tier's compare-and-delete, so that a holder never deletes its successor's lease. What
 * renewing and releasing mean is the tier's (a Redis script, a conditional S3 write).
 */

/**
 * A {@link RemoteTier.Lease} renewed in the background until closed. A building block for
 * implementations of {@link RemoteTier}; applications do not need it.
 */
public abstract class RenewingLease implements RemoteTier.Lease {

    private final AtomicBoolean released = new AtomicBoolean();
    private volatile ScheduledFuture<?> renewal;

    /** A scheduler for the renewals of one tier's leases, on a daemon thread named {@code name}. */
    public static ScheduledExecutorService renewer(String name) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                RemoteTierSupport.daemonThreads(name));
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    /** For subclasses; whoever creates the lease calls {@link #startRenewing} once. */
    protected RenewingLease() {
    }

    /**
     * Renews this lease every third of {@code ttl} on {@code renewer}. A renewer already shut down
     * (the tier is closing) renews nothing: the lease then simply expires.
     *
     * @return this lease
     */
    public final RenewingLease startRenewing(ScheduledExecutorService renewer, Duration ttl) {
        Objects.requireNonNull(renewer, "renewer");
        long period = Math.max(1, ttl.toMillis() / 3);
        try {
            renewal = renewer.scheduleAtFixedRate(this::renewUnlessReleased, period, period,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closing: the lease simply expires.
        }
        return this;
    }

    /**
     * Extends the lease if it is still this holder's. Runs on the renewer thread; must not throw
     * for a server in trouble (count it and try again at the next period).
     *
     * @return false when the lease was lost to another holder: renewals stop
     */
    protected abstract boolean renew();

    /** Deletes the lease if it is still this holder's; must not throw. Called once. */
    protected abstract void release();

    private void renewUnlessReleased() {
        if (!released.get() && !renew()) {
            cancelRenewal();
        }
    }

    private void cancelRenewal() {
        ScheduledFuture<?> scheduled = renewal;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    /** Stops the renewals and releases the lease, once. */
    @Override
    public final void close() {
        if (released.compareAndSet(false, true)) {
            cancelRenewal();
            release();
        }
    }
}
