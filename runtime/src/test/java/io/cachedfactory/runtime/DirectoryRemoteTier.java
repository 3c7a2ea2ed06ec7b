package io.cachedfactory.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real {@link RemoteTier} over a shared directory (as on a network file system), for testing the
 * store's remote lookup order without a server. The Redis tier lives in its own module.
 */
final class DirectoryRemoteTier implements RemoteTier {

    private final Path directory;
    private final ExecutorService publisher = Executors.newSingleThreadExecutor();
    private final AtomicLong errors = new AtomicLong();
    volatile boolean unavailable;

    DirectoryRemoteTier(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    @Override
    public boolean fetch(String entryId, Path target) {
        if (unavailable) {
            errors.incrementAndGet();
            return false;
        }
        Path source = directory.resolve(entryId);
        try {
            Files.copy(source, target);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Lease lease(String entryId) {
        if (unavailable) {
            errors.incrementAndGet();
            return Lease.NONE;
        }
        try {
            FileChannel channel = FileChannel.open(directory.resolve(entryId + ".lease"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            return () -> {
                try {
                    lock.release();
                    channel.close();
                } catch (IOException ignored) {
                    // released with the channel
                }
            };
        } catch (IOException e) {
            errors.incrementAndGet();
            return Lease.NONE;
        }
    }

    @Override
    public void publish(String entryId, Path payloadFile, Lease lease, Optional<Duration> ttl) {
        InputStream in;
        try {
            in = Files.newInputStream(payloadFile);
        } catch (IOException e) {
            errors.incrementAndGet();
            lease.close();
            return;
        }
        publisher.execute(() -> {
            Path tmp = directory.resolve(entryId + ".tmp");
            try (in) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, directory.resolve(entryId), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                errors.incrementAndGet();
            } finally {
                lease.close();
            }
        });
    }

    @Override
    public long errors() {
        return errors.get();
    }

    @Override
    public void close() {
        publisher.shutdown();
        try {
            publisher.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
