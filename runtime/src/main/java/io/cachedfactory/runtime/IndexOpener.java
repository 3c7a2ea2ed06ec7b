package io.cachedfactory.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/*
 * Getting a usable index for a store directory. A process that opens the store alone (the
 * exclusive store lock) prepares it: an open marker of a dead process means an unclean stop, so
 * the index is recovered (Chronicle's recoverPersistedTo, which also frees segment locks a dead
 * process held); killed writers' temp files are removed; an index that cannot be opened, or whose
 * header IndexHeaderCheck refuses, is moved aside as index.cmap.unreadable-<time> (the newest
 * MAX_MOVED_ASIDE are kept) and rebuilt from the payload headers. Every process, this one
 * included, then opens the index under the shared lock; one that cannot is told why and goes on
 * with payload files alone. Nothing here waits for a creator or throws.
 */

/** Prepares, opens, recovers and rebuilds the index of one store directory. */
final class IndexOpener {

    private static final System.Logger LOG = StorageWarnings.log();
    /** Unreadable indexes kept for inspection; older ones are deleted when another is moved aside. */
    static final int MAX_MOVED_ASIDE = 3;

    private final Path root;
    private final StorageWarnings warnings;

    IndexOpener(Path root, StorageWarnings warnings) {
        this.root = root;
        this.warnings = warnings;
    }

    /** An opened index, or null and why not. */
    record Opened(DiskIndex index, String problem) {
    }

    /** With the exclusive lock: recover after an unclean stop, or rebuild an unreadable index. */
    void prepareExclusively(long expectedEntries, boolean repair) throws IOException {
        Path indexFile = root.resolve(DiskIndex.FILE_NAME);
        boolean unclean = deleteStaleMarkers() && Files.exists(indexFile);
        deleteAbandonedTempFiles();
        if (unclean) {
            LOG.log(System.Logger.Level.INFO, "cachedfactory store " + root
                    + ": the last process did not close it cleanly; recovering the index");
        }
        DiskIndex index = open(expectedEntries, unclean).index();
        if (index == null && Files.exists(indexFile)
                && ChronicleSupport.missingJvmOptions().isEmpty() && repair) {
            // (Without repair, the command line tool: the problem is reported, the store unchanged.)
            index = moveAsideAndRebuild(indexFile, expectedEntries);
        }
        if (index != null) {
            // Closed again so that every process, this one included, opens it under a shared lock.
            index.close();
        }
    }

    /**
     * With the exclusive lock every marker in open/ is stale: its process died with the store open.
     *
     * @return whether there was any
     */
    private boolean deleteStaleMarkers() throws IOException {
        return StoreDirectory.deleteMatching(root, StoreDirectory.OPEN_MARKERS,
                StoreDirectory::isOpenMarkerName) > 0;
    }

    /** With the exclusive lock no process is writing: every temp file is a killed writer's. */
    private void deleteAbandonedTempFiles() throws IOException {
        StoreDirectory.deleteMatching(root, StoreDirectory.TMP, StoreDirectory::isTempFileName);
    }

    /** Moves an unusable index aside and builds a new one from the payloads; null if it cannot. */
    private DiskIndex moveAsideAndRebuild(Path indexFile, long expectedEntries) {
        Path aside = indexFile.resolveSibling(StoreDirectory.movedAsideIndexName(
                System.currentTimeMillis()));
        try {
            Files.move(indexFile, aside, StandardCopyOption.ATOMIC_MOVE);
            warnings.warnOnce("the index could not be opened",
                    "moved it to " + aside.getFileName() + " and rebuilt it from the payloads", null);
            deleteOldMovedAsideIndexes();
            DiskIndex index = open(expectedEntries, false).index();
            if (index != null) {
                rebuildFromPayloads(index);
            } else {
                // Creating a new index failed half-way (a full disk): with the exclusive lock the
                // half-written file is ours alone; leave none that later opens would refuse.
                deleteUnusableIndex(indexFile);
            }
            return index;
        } catch (IOException e) {
            warnings.warnOnce("cannot move the unreadable index aside",
                    "continuing with payload files alone", e);
            return null;
        }
    }

    private void deleteOldMovedAsideIndexes() throws IOException {
        java.util.List<Path> asides = StoreDirectory.movedAsideIndexes(root);
        for (Path old : asides.subList(Math.min(MAX_MOVED_ASIDE, asides.size()), asides.size())) {
            Files.deleteIfExists(old);
        }
    }

    private void deleteUnusableIndex(Path indexFile) {
        try {
            if (StoreDirectory.isRegularFile(indexFile)
                    && !DiskIndex.checkHeader(indexFile).accepted()) {
                Files.deleteIfExists(indexFile);
            }
        } catch (IOException e) {
            // The next open refuses it without waiting, and a lone open moves it aside.
        }
    }

    private void rebuildFromPayloads(DiskIndex index) throws IOException {
        for (Path file : StoreDirectory.payloadFiles(root)) {
            try {
                PayloadHeader header = PayloadFiles.readHeader(file);
                index.put(StoreDirectory.entryIdOf(file), new IndexEntry(Files.size(file),
                        header.createdMillis(), header.createdMillis()));
            } catch (IOException | IllegalArgumentException e) {
                // Unreadable payloads stay unindexed; a request for them rebuilds.
            }
        }
    }

    /** Opens (or creates) the index, or says why it could not. Never throws. */
    Opened open(long expectedEntries, boolean recover) {
        Optional<String> missingOptions = ChronicleSupport.missingJvmOptions();
        if (missingOptions.isPresent()) {
            warnings.warnOnce("cannot open the index", missingOptions.get(), null);
            return new Opened(null, "cannot open the index: " + missingOptions.get());
        }
        try {
            return new Opened(DiskIndex.open(root, expectedEntries, recover), null);
        } catch (Exception | Error e) {
            // Whatever an index file makes Chronicle do (an allocation it cannot make, a mapping
            // past the end of a file), the store goes on with payload files alone.
            warnings.warnOnce(recover ? "cannot recover the index" : "cannot open the index",
                    "continuing with payload files alone" + hint(e), e);
            return new Opened(null, "cannot open the index: " + e);
        }
    }

    /**
     * Chronicle Map compiles small classes at run time with javac, which also runs every annotation
     * processor on the class path: the cachedfactory processor there makes that compile fail.
     */
    private static String hint(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClassNotFoundException) {
                return ". If cachedfactory-processor is on the run-time class path, move it to the "
                        + "compiler's annotationProcessorPaths: Chronicle Map's run-time compiler "
                        + "runs the processors it finds there";
            }
        }
        return "";
    }
}
