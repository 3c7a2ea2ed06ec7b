package io.cachedfactory.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/*
 * Each entry has a lock file with two one-byte lock regions:
 *
 *   byte 0, the build claim: held exclusively by the process building the entry. It is an OS file
 *           lock, so the kernel releases it when the holder dies, even by SIGKILL, and a waiting
 *           process then takes it over.
 *   byte 1, the load guard: held shared by every process opening the entry's payload, and
 *           exclusively (tryLock only) by eviction and pruning, which therefore never delete an
 *           entry another process is in the middle of loading.
 *
 * Lock files are never deleted while the store is open: deleting one would let a newcomer lock a
 * fresh inode while a waiter still waits on the old one.
 *
 * File locks are held per JVM, not per thread, so within one JVM the single-flight map guarantees
 * that at most one thread asks for a given claim at a time; eviction in the same JVM sees an
 * OverlappingFileLockException for an entry being loaded and treats it as busy, and a build or load
 * that meets the evictor's brief hold the same way polls until it is released, instead of going on
 * without its claim.
 */

/** A held lock region of one entry's lock file: a build claim or a load guard. */
final class Claim implements AutoCloseable {

    private static final long CLAIM_BYTE = 0;
    private static final long GUARD_BYTE = 1;

    private final FileChannel channel;
    private final FileLock[] locks;

    private Claim(FileChannel channel, FileLock... locks) {
        this.channel = channel;
        this.locks = locks;
    }

    /** Blocks until this process holds the build claim on {@code lockFile}. */
    static Claim build(Path lockFile) throws IOException {
        FileChannel channel = open(lockFile);
        try {
            return new Claim(channel, lockPatiently(channel, CLAIM_BYTE, false));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Blocks until this process may open the entry's payload without it being evicted. */
    static Claim load(Path lockFile) throws IOException {
        FileChannel channel = open(lockFile);
        try {
            return new Claim(channel, lockPatiently(channel, GUARD_BYTE, true));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The right to delete the entry: nobody builds or loads it. Never blocks.
     *
     * @return the held claim, or {@code null} when the entry is busy
     */
    static Claim delete(Path lockFile) throws IOException {
        FileChannel channel = open(lockFile);
        try {
            FileLock guard = channel.tryLock(GUARD_BYTE, 1, false);
            if (guard != null) {
                FileLock claim = channel.tryLock(CLAIM_BYTE, 1, false);
                if (claim != null) {
                    return new Claim(channel, claim, guard);
                }
                guard.release();
            }
        } catch (OverlappingFileLockException e) {
            // Another thread of this JVM is loading or building it: busy.
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return null;
    }

    /**
     * Blocks until the region is locked. POSIX locks belong to processes, not threads, so when
     * thread 1 of process A waits for a key process B holds while a thread of B waits for another
     * key A holds, the kernel sees a cycle where there is none and fails the wait with EDEADLK
     * ("Resource deadlock avoided"). Then keep waiting by polling, which the kernel never refuses.
     */
    private static FileLock lockPatiently(FileChannel channel, long position, boolean shared)
            throws IOException {
        try {
            return channel.lock(position, 1, shared);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().toLowerCase(java.util.Locale.ROOT)
                    .contains("deadlock")) {
                throw e;
            }
        } catch (OverlappingFileLockException e) {
            // This JVM's evictor or pruner holds the region for an instant (Claim.delete); the
            // kernel would not make this process wait for its own lock, so wait here.
        }
        while (true) {
            FileLock lock;
            try {
                lock = channel.tryLock(position, 1, shared);
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                return lock;
            }
            try {
                Thread.sleep(5 + java.util.concurrent.ThreadLocalRandom.current().nextInt(20));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new java.nio.channels.FileLockInterruptionException();
            }
        }
    }

    private static FileChannel open(Path lockFile) throws IOException {
        try {
            // Never through a link: a lock file planted as one would create or lock its target.
            return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            // The first lock file of its subdirectory: create it, only then (not on every load).
            PayloadFiles.createPrivateDirectory(lockFile.getParent());
            return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
    }

    @Override
    public void close() {
        for (FileLock lock : locks) {
            try {
                lock.release();
            } catch (IOException ignored) {
                // Closing the channel releases the lock as well.
            }
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }
}
