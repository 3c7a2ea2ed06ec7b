package io.cachedfactory.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/*
 * Layout of a store directory (created readable by its owner only):
 *
 *   store.lock        every process holds a shared lock on it while the store is open; recovery
 *                     needs the exclusive lock, so it never runs beside a live process
 *   open/<pid>-<n>    one marker per process using the store, created before it opens the index
 *                     and deleted when it closes cleanly; a marker found by an open that got the
 *                     exclusive lock belongs to a process that died with the store open, maybe
 *                     holding a segment lock of the index, so that open recovers the index
 *   index.cmap        the Chronicle Map index (see DiskIndex)
 *   payloads/ab/<id>.cfp   one self-describing payload file per entry (see PayloadHeader)
 *   claims/ab/<id>.lock    per-entry build claims (see Claim)
 *   tmp/              payload files being written
 *
 * One DiskTier per directory and JVM: file locks belong to the whole JVM, so two CacheStores on the
 * same directory in one JVM share it (reference-counted). Directories are told apart by their real
 * path, so a store opened through a link and through its target is one store, with one index.
 *
 * Nothing here follows a link inside the store or deletes a file the store did not write: every
 * folder is checked and every clean-up goes through StoreDirectory. An existing index is read by
 * Chronicle only after IndexHeaderCheck accepted its header; one it refuses is moved aside by a
 * lone opener (at most IndexOpener.MAX_MOVED_ASIDE are kept) and skipped by the others, so a damaged index
 * costs an open no wait.
 *
 * Recovery: when the opener holds the exclusive lock and finds a marker in open/, Chronicle's
 * recoverPersistedTo repairs the map (and resets the segment locks a dead process held). If the index cannot be opened at all, it is moved aside
 * (never silently deleted) and rebuilt from the payload headers. If the index cannot be used for
 * any other reason (missing JVM options, a live process holding a broken index), the tier runs on
 * payload files alone: every lookup reads the payload file named by the entry id.
 */

/** The disk tier of one store directory: index, payload files, claims, and the store lock. */
final class DiskTier {

    private static final Map<Path, DiskTier> OPEN = new HashMap<>();
    private static final long LOCK_WAIT_MILLIS = 60_000;

    private final Path root;
    private final Path payloads;
    private final StorageWarnings warnings;
    private FileChannel storeLockChannel;
    private FileLock sharedLock;
    private Path openMarker;
    private volatile DiskIndex index;
    /** Why the tier runs without an index, for verify; null while it has one. */
    private volatile String indexProblem;
    private final IndexOpener indexes;
    private final Evictor evictor = new Evictor(this);
    /** Payload files this process verified in full, by entry: their identity then. */
    private final com.github.benmanes.caffeine.cache.Cache<EntryId, Object> verified =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000).build();
    private boolean usable = true;
    private int references;

    private DiskTier(Path root) {
        this.root = root;
        this.payloads = root.resolve(StoreDirectory.PAYLOADS);
        this.warnings = StorageWarnings.of(root);
        this.indexes = new IndexOpener(root, warnings);
    }

    /**
     * The tier of the store directory {@code root} (a real path that {@link StoreDirectory#locate}
     * returned and DirectoryAccess accepted), opened on first use in this JVM. Never throws.
     *
     * @param repair whether a link found where the store keeps a folder is replaced by the folder
     *     (the library) or only left unused (the command line tool, which never repairs)
     */
    static DiskTier acquire(Path root, long expectedEntries, boolean repair) {
        synchronized (OPEN) {
            DiskTier tier = OPEN.get(root);
            if (tier == null) {
                tier = new DiskTier(root);
                tier.open(expectedEntries, repair);
                OPEN.put(root, tier);
            }
            tier.references++;
            return tier;
        }
    }

    /** Releases one reference; the last one closes the index and the store lock. */
    void release() {
        synchronized (OPEN) {
            if (--references > 0) {
                return;
            }
            OPEN.remove(root);
            closeIndexAndLock();
        }
    }

    Path root() {
        return root;
    }

    StorageWarnings warnings() {
        return warnings;
    }

    /** The index, unless the tier runs on payload files alone. */
    Optional<DiskIndex> index() {
        return Optional.ofNullable(index);
    }

    /**
     * Runs {@code operation} on the index, if the tier has one. Index trouble degrades: a failing
     * operation is counted in {@code stats}, the index is dropped and the tier goes on with payload
     * files alone, and the caller gets {@code fallback}, as when there is no index.
     */
    <R> R withIndex(StatsCounter stats, R fallback,
            java.util.function.Function<DiskIndex, R> operation) {
        DiskIndex current = index;
        if (current == null) {
            return fallback;
        }
        try {
            return operation.apply(current);
        } catch (RuntimeException e) {
            stats.storageErrors.increment();
            abandonIndex(e);
            return fallback;
        }
    }

    /** {@link #withIndex} for an operation without a result. */
    void useIndex(StatsCounter stats, java.util.function.Consumer<DiskIndex> operation) {
        withIndex(stats, null, index -> {
            operation.accept(index);
            return null;
        });
    }

    /** Why the tier runs on payload files alone, if it does. */
    Optional<String> indexProblem() {
        return index == null ? Optional.ofNullable(indexProblem).or(() -> Optional.of(
                "the index is not open")) : Optional.empty();
    }

    /** Whether the directory exists and can hold payloads; false means memory-only. */
    boolean usable() {
        return usable;
    }

    Path payloadPath(EntryId id) {
        String hex = id.hex();
        return payloads.resolve(hex.substring(0, 2)).resolve(hex + ".cfp");
    }

    /**
     * Where the payload of {@code id} is written, renamed or deleted: its folder checked (and
     * created) without following a link.
     *
     * @throws java.nio.file.FileSystemException when a folder on the way is a link
     */
    Path payloadPathToWrite(EntryId id) throws IOException {
        String hex = id.hex();
        return StoreDirectory.folder(root, StoreDirectory.PAYLOADS, hex.substring(0, 2))
                .resolve(hex + ".cfp");
    }

    /** The lock file of {@code id}'s claims, its folder checked (and created) without following a link. */
    Path claimPath(EntryId id) throws IOException {
        String hex = id.hex();
        return StoreDirectory.folder(root, StoreDirectory.CLAIMS, hex.substring(0, 2))
                .resolve(hex + ".lock");
    }

    /** The folder payloads are written in, checked without following a link. */
    Path tmpDirectory() throws IOException {
        return StoreDirectory.folder(root, StoreDirectory.TMP);
    }

    Path payloadDirectory() {
        return payloads;
    }

    Evictor evictor() {
        return evictor;
    }

    /**
     * Deletes one entry's payload and index entry, unless some process is loading or building it
     * (see {@link Claim#delete}); eviction, pruning and removal all go through here.
     *
     * @return whether it was deleted
     */
    boolean deleteEntry(EntryId id) throws IOException {
        try (Claim claim = Claim.delete(claimPath(id))) {
            if (claim == null) {
                return false;
            }
            Files.deleteIfExists(payloadPathToWrite(id));
            DiskIndex current = index;
            if (current != null) {
                current.remove(id);
            }
            return true;
        }
    }

    /** Whether this process verified the payload of {@code id} when it had {@code identity}. */
    boolean verifiedAs(EntryId id, Object identity) {
        return identity != null && identity.equals(verified.getIfPresent(id));
    }

    void markVerified(EntryId id, Object identity) {
        if (identity != null) {
            verified.put(id, identity);
        }
    }

    /** Drops the index after it failed at run time; the tier goes on with payload files alone. */
    void abandonIndex(Throwable cause) {
        warnings.warnOnce("the index failed", "continuing with payload files alone", cause);
        indexProblem = "the index failed: " + cause;
        synchronized (OPEN) {
            DiskIndex failed = index;
            index = null;
            if (failed != null) {
                try {
                    failed.close();
                } catch (RuntimeException ignored) {
                    // Already broken.
                }
            }
        }
    }

    private void open(long expectedEntries, boolean repair) {
        try {
            prepareFolders(repair);
        } catch (IOException | RuntimeException e) {
            usable = false;
            warnings.warnOnce("cannot use the store directory", "building without storing", e);
            return;
        }
        boolean exclusive;
        try {
            Path lockFile = root.resolve(StoreDirectory.LOCK_FILE);
            if (Files.exists(lockFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && !StoreDirectory.isRegularFile(lockFile)) {
                throw new IOException(lockFile + " is not a regular file; not following it");
            }
            storeLockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.READ,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            FileLock exclusiveLock = storeLockChannel.tryLock();
            exclusive = exclusiveLock != null;
            if (exclusive) {
                try {
                    indexes.prepareExclusively(expectedEntries, repair);
                } finally {
                    exclusiveLock.release();
                }
            }
            sharedLock = lockShared();
        } catch (IOException | RuntimeException e) {
            warnings.warnOnce("cannot lock the store", "continuing with payload files alone", e);
            return;
        }
        try {
            openMarker = Files.createTempFile(StoreDirectory.folder(root, StoreDirectory.OPEN_MARKERS),
                    ProcessHandle.current().pid() + "-", "");
        } catch (IOException e) {
            warnings.warnOnce("cannot mark the store open", "an unclean stop may go unnoticed", e);
        }
        IndexOpener.Opened opened = indexes.open(expectedEntries, false);
        index = opened.index();
        indexProblem = opened.problem();
    }

    private FileLock lockShared() throws IOException {
        long deadline = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
        while (true) {
            FileLock lock = storeLockChannel.tryLock(0, Long.MAX_VALUE, true);
            if (lock != null) {
                return lock;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("another process held store.lock exclusively for over "
                        + LOCK_WAIT_MILLIS / 1000 + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for store.lock", e);
            }
        }
    }

    private void closeIndexAndLock() {
        evictor.close();
        if (index != null) {
            try {
                index.close();
            } catch (RuntimeException e) {
                warnings.warnOnce("cannot close the index", "it will be recovered on next open", e);
            }
            index = null;
        }
        if (storeLockChannel == null) {
            return;
        }
        try {
            if (openMarker != null) {
                Files.deleteIfExists(openMarker); // this process closed cleanly
                openMarker = null;
            }
            if (sharedLock != null) {
                sharedLock.release();
            }
            storeLockChannel.close();
        } catch (IOException e) {
            warnings.warnOnce("cannot release store.lock", "the OS releases it at exit", e);
        }
    }

    /**
     * Creates the store's folders, readable by their owner only. A link where a folder belongs is
     * never followed: with {@code repair} the link itself is removed (its target is not touched)
     * and the folder created; without, the folder stays unused and writes into it fail.
     */
    private void prepareFolders(boolean repair) throws IOException {
        PayloadFiles.createPrivateDirectory(root);
        for (String folder : StoreDirectory.FOLDERS) {
            Path path = root.resolve(folder);
            try {
                if (repair && StoreDirectory.isLink(path)) {
                    Files.delete(path); // removes the link, never what it points to
                    warnings.warnOnce(folder + "/ was a symbolic link",
                            "removed the link and created the folder", null);
                }
                StoreDirectory.folder(root, folder);
            } catch (IOException e) {
                // Writes or claims under it will fail, be counted and degrade; reads may still work.
                warnings.warnOnce("cannot use " + folder + "/", "degrading", e);
            }
        }
    }
}
