package io.cachedfactory.redis;

import io.cachedfactory.runtime.RemoteTierSupport;
import java.util.concurrent.atomic.AtomicLong;

/*
 * Failures: a failed Redis call makes the operation a miss (or a no-op lease, or a skipped
 * publish), counts in errors(), and starts a back-off during which calls are skipped without
 * touching the network (see Availability, which also logs one warning per outage). Trouble that is
 * not Redis's (a local disk that cannot take a fetched entry, a refused entry, a full publish
 * queue) counts the same way and logs one warning per cause, not one per request.
 */

/** Counts every operation the tier skipped or failed, and says why once per cause. */
final class TierErrors {

    private final Availability availability;
    private final RemoteTierSupport.WarnOnce warnings;
    private final AtomicLong errors = new AtomicLong();

    TierErrors(String server) {
        this.availability = new Availability(server);
        this.warnings = new RemoteTierSupport.WarnOnce(RedisRemoteTier.LOG,
                "cachedfactory redis tier " + server, "RemoteTier.errors() counts each");
    }

    /** Whether Redis may be asked now (no recent failure, or the back-off has passed). */
    boolean allows() {
        return availability.allows();
    }

    /** Whether Redis may be asked now; when not, the operation counts as skipped. */
    boolean allowsOrSkips() {
        if (availability.allows()) {
            return true;
        }
        errors.incrementAndGet();
        return false;
    }

    /** A Redis call answered: ends an outage. */
    void succeeded() {
        availability.succeeded();
    }

    /** A Redis call failed: counts, and starts (or lengthens) the back-off. */
    void failed(String operation, Throwable error) {
        errors.incrementAndGet();
        availability.failed(operation, error);
    }

    /** An operation was abandoned without a report of its own. */
    void skipped() {
        errors.incrementAndGet();
    }

    /**
     * Counts an operation abandoned for {@code cause}, and warns the first time that cause
     * happens; {@code detail} is the first occurrence's.
     */
    void report(String cause, String detail, String consequence) {
        errors.incrementAndGet();
        warnings.warn(cause, cause + (detail == null ? "" : " (" + detail + ")"), consequence);
    }

    /** Operations skipped or failed since the tier was opened. */
    long count() {
        return errors.get();
    }
}
