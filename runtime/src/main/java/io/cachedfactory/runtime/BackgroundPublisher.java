package io.cachedfactory.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/*
 * How every remote tier publishes: write-behind, one upload at a time on a daemon thread behind a
 * bounded queue. The caller waits only for the payload file to be opened (so a later local
 * eviction does not matter); a full queue skips the publish (counted, warned once) rather than
 * delay a request. The lease is released after the upload, and an entry counts as published only
 * then, so whoever waits for published() finds no lease left. An entry's time to live is turned
 * into an expiry when publish is called, so time spent in the queue does not extend it. What an
 * upload is belongs to the tier.
 */

/**
 * Publishes payload files in the background for a {@link RemoteTier}: opens the file at once,
 * uploads it on a daemon thread, then releases the build lease. A building block for
 * implementations of {@link RemoteTier}; applications do not need it.
 */
public final class BackgroundPublisher {

    /** A tier's upload of one open payload file. */
    @FunctionalInterface
    public interface Upload {

        /**
         * Uploads {@code payload}; runs on the publisher's thread.
         *
         * @param expiresAt when the remote entry expires (publish time plus its time to live), if
         *     it does
         * @return whether the entry was published by this upload (false: skipped, already there,
         *     or failed and counted by the tier)
         * @throws IOException when the local file cannot be read
         */
        boolean upload(String entryId, FileChannel payload, Optional<Instant> expiresAt)
                throws IOException;
    }

    private final RemoteTierHealth health;
    private final Upload upload;
    private final Duration closeTimeout;
    private final ThreadPoolExecutor executor;
    private final AtomicLong published = new AtomicLong();

    /**
     * @param threadName the daemon thread's name
     * @param queueCapacity how many publishes may wait before more are skipped
     * @param closeTimeout how long {@link #close} waits for pending publishes
     * @param health where skipped and abandoned publishes are counted and warned about
     * @param upload the tier's upload
     */
    public BackgroundPublisher(String threadName, int queueCapacity, Duration closeTimeout,
            RemoteTierHealth health, Upload upload) {
        this.health = Objects.requireNonNull(health, "health");
        this.upload = Objects.requireNonNull(upload, "upload");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                RemoteTierSupport.daemonThreads(threadName));
    }

    /** See {@link RemoteTier#publish}: opens {@code payloadFile} now, uploads it later. */
    public void publish(String entryId, Path payloadFile, RemoteTier.Lease lease,
            Optional<Duration> ttl) {
        FileChannel channel;
        try {
            channel = FileChannel.open(payloadFile, StandardOpenOption.READ);
        } catch (IOException e) {
            lease.close();
            health.report("cannot open a payload to publish", e.toString(), "not publishing it");
            return;
        }
        Optional<Instant> expiresAt = ttl.map(Instant.now()::plus);
        try {
            executor.execute(() -> {
                boolean uploaded = false;
                try (channel; lease) {
                    uploaded = upload.upload(entryId, channel, expiresAt);
                } catch (IOException | RuntimeException e) {
                    health.report("cannot publish", e.toString(), "kept locally");
                }
                if (uploaded) {
                    published.incrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was read.
            }
            lease.close();
            health.report("the publish queue is full", null, "skipping publishes until it drains");
        }
    }

    /** Entries published since the tier was opened, each counted once its lease is released. */
    public long published() {
        return published.get();
    }

    /** Waits (at most the close timeout) for pending publishes, then abandons the rest. */
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
                health.report("publishes still pending after " + closeTimeout.toSeconds()
                        + " s at close", null, "abandoned");
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
