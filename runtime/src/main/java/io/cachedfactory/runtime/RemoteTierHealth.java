package io.cachedfactory.runtime;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/*
 * One definition, for every remote tier (Redis, S3), of what a failure does: the operation
 * becomes a miss (or a no-op lease, or a skipped publish), counts in errors(), and starts a
 * back-off during which operations are skipped without touching the network; after it, one is let
 * through as a probe. The first failure of an outage logs one warning, the first success after it
 * one line at INFO, so a dead server costs a request no more than a counter increment and the log
 * no more than two lines. Trouble that is not the server's (a local disk that cannot take a
 * fetched entry, a refused entry, a full publish queue) counts the same way and logs one warning
 * per cause, not one per request.
 */

/**
 * Counts every operation a {@link RemoteTier} skipped or failed, backs off after failures and says
 * why once per outage or cause. Thread-safe. A building block for implementations of
 * {@link RemoteTier}; applications do not need it.
 */
public final class RemoteTierHealth {

    private static final long FIRST_BACKOFF_NANOS = 250_000_000L;
    private static final long MAX_BACKOFF_NANOS = 5_000_000_000L;

    private final System.Logger logger;
    private final String subject;
    private final RemoteTierSupport.WarnOnce warnings;
    private final AtomicLong errors = new AtomicLong();
    private int failures; // guarded by this
    private long retryAtNanos; // guarded by this
    private boolean warned; // guarded by this

    /**
     * @param logger where warnings go
     * @param subject the tier and its server, e.g. {@code "cachedfactory redis tier host:6379"}
     */
    public RemoteTierHealth(System.Logger logger, String subject) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.warnings = new RemoteTierSupport.WarnOnce(logger, subject,
                "RemoteTier.errors() counts each");
    }

    /** Whether the server may be asked now: no recent failure, or the back-off has passed. */
    public synchronized boolean allows() {
        return failures == 0 || System.nanoTime() - retryAtNanos >= 0;
    }

    /** Whether the server may be asked now; when not, the operation counts as skipped. */
    public boolean allowsOrSkips() {
        if (allows()) {
            return true;
        }
        errors.incrementAndGet();
        return false;
    }

    /** The server answered: ends an outage. */
    public synchronized void succeeded() {
        if (failures == 0) {
            return;
        }
        failures = 0;
        if (warned) {
            warned = false;
            logger.log(Level.INFO, subject + ": reachable again");
        }
    }

    /**
     * A call to the server failed: counts, starts (or lengthens) the back-off, and warns if this
     * is the first failure of an outage.
     *
     * @param operation what failed, e.g. {@code "fetch"}
     */
    public void failed(String operation, Throwable error) {
        errors.incrementAndGet();
        synchronized (this) {
            failures = Math.min(failures + 1, 30);
            long backoff = Math.min(MAX_BACKOFF_NANOS,
                    FIRST_BACKOFF_NANOS << Math.min(failures - 1, 5));
            retryAtNanos = System.nanoTime() + backoff;
            if (warned) {
                return;
            }
            warned = true;
        }
        logger.log(Level.WARNING, subject + ": " + operation + " failed: " + describe(error)
                + "; skipping the remote tier and retrying with back-off (reported once per"
                + " outage; FactoryStats.storageErrors and RemoteTier.errors() count each skip)");
    }

    /** An operation was abandoned without a report of its own. */
    public void skipped() {
        errors.incrementAndGet();
    }

    /**
     * Counts an operation abandoned for {@code cause}, and warns the first time that cause
     * happens; {@code detail} is the first occurrence's.
     */
    public void report(String cause, String detail, String consequence) {
        errors.incrementAndGet();
        warnings.warn(cause, cause + (detail == null ? "" : " (" + detail + ")"), consequence);
    }

    /** Operations skipped or failed since the tier was opened. */
    public long count() {
        return errors.get();
    }

    /** The exception that says what happened, not the future or wrapper around it. */
    private static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
