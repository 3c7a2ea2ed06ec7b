package io.cachedfactory.redis;

import java.lang.System.Logger.Level;

/**
 * Whether Redis is worth asking now. After a failure, operations are skipped (and counted by the
 * caller) until a back-off has passed; then one is let through as a probe. The first failure of an
 * outage logs one warning, the first success after it one line at INFO, so a dead server costs a
 * request no more than a counter increment and the log no more than two lines.
 */
final class Availability {

    private static final long FIRST_BACKOFF_NANOS = 250_000_000L;
    private static final long MAX_BACKOFF_NANOS = 5_000_000_000L;

    private final String server;
    private int failures;
    private long retryAtNanos;
    private boolean warned;

    Availability(String server) {
        this.server = server;
    }

    /** Whether an operation may go to Redis now: no recent failure, or the back-off has passed. */
    synchronized boolean allows() {
        return failures == 0 || System.nanoTime() - retryAtNanos >= 0;
    }

    /** Records a failed operation and starts (or lengthens) the back-off. */
    synchronized void failed(String operation, Throwable error) {
        failures = Math.min(failures + 1, 30);
        long backoff = Math.min(MAX_BACKOFF_NANOS,
                FIRST_BACKOFF_NANOS << Math.min(failures - 1, 5));
        retryAtNanos = System.nanoTime() + backoff;
        if (!warned) {
            warned = true;
            RedisRemoteTier.LOG.log(Level.WARNING, "cachedfactory redis tier " + server + ": "
                    + operation + " failed: " + describe(error) + "; skipping the remote tier and"
                    + " retrying with back-off (reported once per outage; FactoryStats."
                    + "storageErrors and RemoteTier.errors() count each skip)");
        }
    }

    /** Records a successful operation, ending an outage. */
    synchronized void succeeded() {
        if (failures == 0) {
            return;
        }
        failures = 0;
        if (warned) {
            warned = false;
            RedisRemoteTier.LOG.log(Level.INFO, "cachedfactory redis tier " + server
                    + ": reachable again");
        }
    }

    /** The exception that says what happened, not the future or wrapper around it. */
    private static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.ExecutionException
                || cause instanceof java.util.concurrent.CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
