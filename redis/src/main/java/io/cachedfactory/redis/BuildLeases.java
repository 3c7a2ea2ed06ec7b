package io.cachedfactory.redis;

import io.cachedfactory.runtime.RemoteTier.Lease;
import io.cachedfactory.runtime.RemoteTierHealth;
import io.cachedfactory.runtime.RenewingLease;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/*
 * Leases: SET NX PX with a random token; a daemon renews it every third of its time to live with a
 * compare-and-PEXPIRE script, and closing it runs compare-and-DEL, so a holder whose lease expired
 * (a long GC pause, a partition) never deletes its successor's. A waiter polls with a bounded
 * sleep; a dead holder stops renewing and its lease expires, and a waiter takes over.
 *
 * While Redis is unavailable no lease is taken (the caller builds anyway), renewals are skipped
 * and a release is left to the expiry: the worst case is one more build of the same entry.
 */

/** Build leases across machines: taking one (or waiting for it), renewing it, releasing it. */
final class BuildLeases {

    private static final long POLL_FIRST_MILLIS = 25;
    private static final long POLL_MAX_MILLIS = 250;

    /** KEYS[1] lease; ARGV token, ttl: extends the lease only while it is still ours. */
    private static final String RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

    /** KEYS[1] lease; ARGV token: deletes the lease only while it is still ours. */
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('DEL', KEYS[1]) else return 0 end";

    private final RedisConnections connections;
    private final RemoteTierHealth errors;
    private final Duration ttl;
    private final ScheduledExecutorService renewer;
    private final AtomicLong waits = new AtomicLong();
    private volatile boolean stopped; // no new leases; waiters give up

    BuildLeases(RedisConnections connections, RemoteTierHealth errors, Duration ttl) {
        this.connections = connections;
        this.errors = errors;
        this.ttl = ttl;
        this.renewer = RenewingLease.renewer("cachedfactory-redis-lease");
    }

    /** Takes the lease at {@code leaseKey}, waiting while another holder has it. */
    Lease take(String leaseKey) throws InterruptedException {
        byte[] token = RedisLayout.ascii(RedisLayout.randomHex());
        long sleep = POLL_FIRST_MILLIS;
        boolean waiting = false;
        while (!stopped) {
            if (!errors.allowsOrSkips()) {
                return Lease.NONE;
            }
            String reply;
            try {
                reply = connections.control().sync().set(leaseKey, token,
                        SetArgs.Builder.nx().px(ttl.toMillis()));
                errors.succeeded();
            } catch (RuntimeException e) {
                errors.failed("lease", e);
                return Lease.NONE;
            }
            if ("OK".equals(reply)) {
                return new RedisLease(leaseKey, token).startRenewing(renewer, ttl);
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

    /** Leases waited for because another holder had them. */
    long waits() {
        return waits.get();
    }

    /** Takes no more leases, and makes waiters give up; held leases are still renewed. */
    void stop() {
        stopped = true;
    }

    /** Stops renewing: leases not yet released expire by themselves. */
    void close() {
        renewer.shutdownNow();
    }

    /** A held lease: renewed in the background until closed, then released if still ours. */
    private final class RedisLease extends RenewingLease {
        private final String leaseKey;
        private final byte[] token;

        RedisLease(String leaseKey, byte[] token) {
            this.leaseKey = leaseKey;
            this.token = token;
        }

        @Override
        protected boolean renew() {
            if (!errors.allows()) {
                return true; // down: the lease may expire, and someone else may build; harmless
            }
            try {
                Long renewed = connections.control().sync().eval(RENEW, ScriptOutputType.INTEGER,
                        new String[] {leaseKey}, token, RedisLayout.ascii(ttl.toMillis()));
                errors.succeeded();
                if (renewed == null || renewed == 0) {
                    // Expired (a pause longer than its time to live, or Redis restarted): another
                    // machine may build too; both results are equally valid, one more build.
                    RedisRemoteTier.LOG.log(Level.DEBUG,
                            "lease " + leaseKey + " lost before its build finished");
                    return false;
                }
            } catch (RuntimeException e) {
                errors.failed("lease renewal", e);
            }
            return true;
        }

        @Override
        protected void release() {
            if (!errors.allows()) {
                return; // it expires by itself
            }
            try {
                connections.control().sync().eval(RELEASE, ScriptOutputType.INTEGER,
                        new String[] {leaseKey}, token);
                errors.succeeded();
            } catch (RuntimeException e) {
                errors.failed("lease release", e);
            }
        }
    }
}
