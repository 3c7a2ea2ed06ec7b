package io.cachedfactory.runtime;

import java.time.Duration;

/**
 * How old a stored entry is, for {@code maxAge}, the store's age limit and {@code prune
 * --older-than}. An entry whose creation time lies in the future (a clock set back, a planted or
 * damaged header) has no age that can be trusted, so it counts as older than any limit: otherwise
 * it would never expire.
 */
final class EntryAge {

    /** Creation times this far ahead are clock differences between machines, not the future. */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(1);

    private EntryAge() {
    }

    /** Whether an entry created at {@code createdMillis} is older than {@code limit} at {@code nowMillis}. */
    static boolean olderThan(long createdMillis, Duration limit, long nowMillis) {
        if (inFuture(createdMillis, nowMillis)) {
            return true;
        }
        long age;
        try {
            age = Math.subtractExact(nowMillis, createdMillis);
        } catch (ArithmeticException e) {
            age = Long.MAX_VALUE; // created before any clock could say
        }
        return age > saturatedMillis(limit);
    }

    /** Whether {@code createdMillis} lies in the future beyond clock differences. */
    static boolean inFuture(long createdMillis, long nowMillis) {
        return createdMillis > nowMillis + CLOCK_TOLERANCE.toMillis();
    }

    private static long saturatedMillis(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
