package io.cachedfactory.s3;

import io.cachedfactory.runtime.RemoteTier.Lease;
import io.cachedfactory.runtime.RemoteTierHealth;
import io.cachedfactory.runtime.RenewingLease;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/*
 * A lease is an object written with If-None-Match: * (only one writer can create it); its body
 * names a random holder and the time it expires. The holder rewrites it with If-Match on its
 * current ETag every third of the time to live, so a holder that lost it (a pause longer than the
 * time to live) learns so instead of overwriting its successor's. A waiter reads the lease: while
 * it has not expired, it polls with back-off; once expired (the holder died), it takes it over with
 * If-Match on the ETag it read, so of many waiters exactly one succeeds. Releasing deletes it.
 *
 * Expiry compares the holder's clock with the waiter's: machines sharing a bucket need clocks
 * within a small part of the time to live (30 s by default), which NTP gives. While S3 is
 * unavailable no lease is taken (the caller builds anyway): the worst case is one more build.
 */

/** Build leases on S3 across machines: taking one (or waiting for it), renewing, releasing. */
final class BuildLeases {

    static final String FORMAT = "cachedfactory-s3-lease/1";
    private static final long POLL_FIRST_MILLIS = 50;
    private static final long POLL_MAX_MILLIS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final S3Client client;
    private final String bucket;
    private final RemoteTierHealth health;
    private final Duration ttl;
    private final ScheduledExecutorService renewer;
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong takeovers = new AtomicLong();
    private volatile boolean stopped; // no new leases; waiters give up

    BuildLeases(S3Client client, String bucket, RemoteTierHealth health, Duration ttl) {
        this.client = client;
        this.bucket = bucket;
        this.health = health;
        this.ttl = ttl;
        this.renewer = RenewingLease.renewer("cachedfactory-s3-lease");
    }

    /** Takes the lease at {@code leaseKey}, waiting while a live holder has it. */
    Lease take(String leaseKey) throws InterruptedException {
        String holder = HexFormat.of().formatHex(randomBytes());
        long sleep = POLL_FIRST_MILLIS;
        boolean waiting = false;
        while (!stopped) {
            if (!health.allowsOrSkips()) {
                return Lease.NONE;
            }
            try {
                String etag = client.putObject(b -> b.bucket(bucket).key(leaseKey)
                        .ifNoneMatch("*"), body(holder)).eTag();
                health.succeeded();
                return new S3Lease(leaseKey, holder, etag).startRenewing(renewer, ttl);
            } catch (S3Exception e) {
                if (!Conditions.failed(e)) {
                    health.failed("lease", e);
                    return Lease.NONE;
                }
            } catch (SdkException e) {
                health.failed("lease", e);
                return Lease.NONE;
            }
            // Held by someone: expired (its holder died) or not.
            try {
                Lease taken = takeOverIfExpired(leaseKey, holder);
                health.succeeded();
                if (taken != null) {
                    return taken;
                }
            } catch (SdkException e) {
                health.failed("lease", e);
                return Lease.NONE;
            }
            if (!waiting) {
                waiting = true;
                waits.incrementAndGet();
            }
            Thread.sleep(sleep);
            sleep = Math.min(POLL_MAX_MILLIS, sleep * 2);
        }
        return Lease.NONE;
    }

    /** Reads the current lease; if it has expired, replaces it with ours (If-Match its ETag). */
    private Lease takeOverIfExpired(String leaseKey, String holder) {
        String etag;
        String text;
        try {
            var current = client.getObjectAsBytes(b -> b.bucket(bucket).key(leaseKey));
            etag = current.response().eTag();
            text = current.asString(StandardCharsets.US_ASCII);
        } catch (NoSuchKeyException e) {
            return null; // released meanwhile: the next attempt creates it
        }
        if (!expired(text)) {
            return null;
        }
        try {
            String taken = client.putObject(b -> b.bucket(bucket).key(leaseKey).ifMatch(etag),
                    body(holder)).eTag();
            takeovers.incrementAndGet();
            return new S3Lease(leaseKey, holder, taken).startRenewing(renewer, ttl);
        } catch (S3Exception e) {
            if (Conditions.failed(e) || e.statusCode() == 404) {
                return null; // another waiter took it over first, or it was released
            }
            throw e;
        }
    }

    /** Whether a lease's body says it has expired; a body we cannot read counts as expired. */
    static boolean expired(String text) {
        String[] fields = text.split(" ");
        if (fields.length != 3 || !fields[0].equals(FORMAT) || !fields[2].startsWith("expires=")) {
            return true;
        }
        try {
            return System.currentTimeMillis() >= Long.parseLong(fields[2].substring(8));
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private RequestBody body(String holder) {
        return RequestBody.fromString(FORMAT + " holder=" + holder + " expires="
                + (System.currentTimeMillis() + ttl.toMillis()), StandardCharsets.US_ASCII);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Leases waited for because another holder had them. */
    long waits() {
        return waits.get();
    }

    /** Expired leases taken over from a holder that stopped renewing. */
    long takeovers() {
        return takeovers.get();
    }

    /** Takes no more leases, and makes waiters give up; held leases are still renewed. */
    void stop() {
        stopped = true;
    }

    /** Stops renewing: leases not yet released expire by themselves. */
    void close() {
        renewer.shutdownNow();
    }

    /** A held lease: renewed in the background until closed, then deleted if still ours. */
    private final class S3Lease extends RenewingLease {
        private final String leaseKey;
        private final String holder;
        private String etag; // guarded by this: renewals and the release alternate

        S3Lease(String leaseKey, String holder, String etag) {
            this.leaseKey = leaseKey;
            this.holder = holder;
            this.etag = etag;
        }

        @Override
        protected synchronized boolean renew() {
            if (!health.allows()) {
                return true; // down: the lease may expire, and someone else may build; harmless
            }
            try {
                String current = etag;
                etag = client.putObject(b -> b.bucket(bucket).key(leaseKey).ifMatch(current),
                        body(holder)).eTag();
                health.succeeded();
            } catch (S3Exception e) {
                if (Conditions.failed(e) || e.statusCode() == 404) {
                    // Taken over after a pause longer than its time to live: another machine may
                    // build too; both results are equally valid, one more build.
                    S3RemoteTier.LOG.log(Level.DEBUG, "lease " + leaseKey + " lost before its"
                            + " build finished");
                    return false;
                }
                health.failed("lease renewal", e);
            } catch (SdkException e) {
                health.failed("lease renewal", e);
            }
            return true;
        }

        @Override
        protected synchronized void release() {
            if (!health.allows()) {
                return; // it expires by itself
            }
            String current = etag;
            try {
                client.deleteObject(b -> b.bucket(bucket).key(leaseKey).ifMatch(current));
                health.succeeded();
            } catch (S3Exception e) {
                if (!Conditions.failed(e) && e.statusCode() != 404) {
                    health.failed("lease release", e);
                }
            } catch (SdkException e) {
                health.failed("lease release", e);
            }
        }
    }
}
