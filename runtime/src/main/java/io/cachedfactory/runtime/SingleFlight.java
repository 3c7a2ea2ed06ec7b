package io.cachedfactory.runtime;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/*
 * Within one JVM, the first thread to ask for a key leads: it loads or builds, while later threads
 * wait for its result. The map is JVM-wide (not per store) because the file-lock claims that extend
 * this across processes are JVM-wide too: two stores on one directory in one JVM must not both
 * try to lock the same claim file.
 *
 * Builds run on the calling thread, so a build that asks for its own key, directly or through other
 * factories, finds that key among the keys its own thread is leading and fails at once instead of
 * waiting for itself forever.
 */

/** One load-or-build per key at a time within this JVM. */
final class SingleFlight {

    private static final ConcurrentHashMap<Object, CompletableFuture<Object>> FLIGHTS =
            new ConcurrentHashMap<>();
    private static final ThreadLocal<ArrayDeque<Object>> LEADING =
            ThreadLocal.withInitial(ArrayDeque::new);

    private SingleFlight() {
    }

    /** The outcome of {@link #run}: the value and whether this thread produced it. */
    record Outcome<T>(T value, boolean led) {
    }

    /**
     * Runs {@code work} unless another thread already runs it for {@code flightKey}, in which case
     * waits for and returns that thread's result (or rethrows its failure).
     *
     * @throws IllegalStateException when this thread is already leading {@code flightKey}
     */
    @SuppressWarnings("unchecked")
    static <T> Outcome<T> run(Object flightKey, String description, Supplier<T> work) {
        ArrayDeque<Object> leading = LEADING.get();
        if (leading.contains(flightKey)) {
            throw new IllegalStateException("the build of " + description
                    + " asks, directly or through other factories, for its own key; "
                    + "a cached object cannot depend on itself");
        }
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> existing = FLIGHTS.putIfAbsent(flightKey, mine);
        if (existing != null) {
            return new Outcome<>((T) await(existing), false);
        }
        leading.push(flightKey);
        try {
            T value = work.get();
            mine.complete(value);
            return new Outcome<>(value, true);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            leading.pop();
            FLIGHTS.remove(flightKey, mine);
        }
    }

    private static Object await(CompletableFuture<Object> flight) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return flight.get();
                } catch (InterruptedException e) {
                    // Waiting for a shared build is not cancellable per waiter; keep the flag.
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new CompletionException(cause);
    }
}
