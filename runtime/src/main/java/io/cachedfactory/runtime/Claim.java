package io.cachedfactory.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/*
 * A claim says "this process is building this entry". It is an OS file lock on a per-entry lock
 * file, so the kernel releases it when the holder dies, even by SIGKILL, and a waiting process then
 * takes it over. Lock files are never deleted while the store is open: deleting one would let a
 * newcomer lock a fresh inode while a waiter still waits on the old one.
 *
 * File locks are held per JVM, not per thread, so within one JVM the single-flight map guarantees
 * that at most one thread asks for a given claim at a time.
 */

/** A held build claim on one entry, across processes. */
final class Claim implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private Claim(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until this process holds the claim on {@code lockFile}. */
    static Claim acquire(Path lockFile) throws IOException {
        Files.createDirectories(lockFile.getParent());
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            return new Claim(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel releases the lock as well.
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }
}
