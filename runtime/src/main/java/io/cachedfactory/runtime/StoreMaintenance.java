package io.cachedfactory.runtime;

import io.cachedfactory.runtime.internal.KeyDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/*
 * Maintenance runs beside live processes: every deletion holds the entry's delete claim (both lock
 * regions, see Claim), so an entry some process is loading or building is skipped, never torn away.
 * A payload without an index entry counts as an orphan only when nobody holds its build claim,
 * which also covers the instant between a writer's rename and its index update.
 */

/**
 * Listing, pruning, verifying and removing the entries of a store, a view on it that
 * {@link CacheStore#maintenance()} gives: what the {@code cachedfactory} command line tool does.
 * Safe to run while other processes use the store.
 */
public final class StoreMaintenance {

    /** Temporary files older than this are orphans even if a process with their pid runs. */
    private static final Duration TMP_FILE_MAX_AGE = Duration.ofHours(24);

    private final CacheStore store;

    /** The maintenance view of {@code store}; see {@link CacheStore#maintenance()}. */
    StoreMaintenance(CacheStore store) {
        this.store = store;
    }

    /** What {@link #prune} removed, or would remove in a dry run. */
    public record PruneReport(List<StoredEntry> removed, List<Path> orphans, long bytesFreed,
            int busy) {
        /** Copies the lists. */
        public PruneReport {
            removed = List.copyOf(removed);
            orphans = List.copyOf(orphans);
        }
    }

    /**
     * What {@link #verify} found.
     *
     * @param payloadsChecked payload files read in full
     * @param problems what did not check out, one line each
     * @param signedPayloads payloads that carry a signature
     * @param signaturesChecked whether the store had the signing key, so signatures were verified
     */
    public record VerifyReport(int payloadsChecked, List<String> problems, int signedPayloads,
            boolean signaturesChecked) {
        /** Copies the list. */
        public VerifyReport {
            problems = List.copyOf(problems);
        }

        /** Whether every payload, signature and index entry that could be checked checked out. */
        public boolean ok() {
            return problems.isEmpty();
        }

        /** Whether some payloads are signed but their signatures could not be checked (no key). */
        public boolean signaturesUnchecked() {
            return signedPayloads > 0 && !signaturesChecked;
        }
    }

    /** Every entry with a readable header, sorted by factory and arguments. */
    public List<StoredEntry> list() throws IOException {
        return found(store).stream().map(Found::entry).toList();
    }

    /** Removes one entry unless a process is loading or building it; returns whether it did. */
    public boolean remove(StoredEntry entry) throws IOException {
        DiskTier disk = usableDisk(store);
        return delete(disk, StoreDirectory.entryIdOf(entry.file()));
    }

    /** Removes what {@code options} select. */
    public PruneReport prune(PruneOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        DiskTier disk = usableDisk(store);
        List<Found> all = found(store);
        Map<EntryId, Found> selected = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (Found found : all) {
            StoredEntry entry = found.entry();
            boolean stale = options.currentVersions()
                    .map(current -> current.get(entry.factory()))
                    .map(versions -> !versions.contains(entry.fingerprintVersion()))
                    .orElse(false);
            boolean old = options.olderThan()
                    .map(age -> EntryAge.olderThan(entry.created().toEpochMilli(), age, now))
                    .orElse(false);
            if (stale || old) {
                selected.put(found.id(), found);
            }
        }
        if (options.maxBytes().isPresent()) {
            long total = all.stream().filter(f -> !selected.containsKey(f.id()))
                    .mapToLong(f -> f.entry().payloadBytes()).sum();
            List<Found> byAge = new ArrayList<>(all);
            byAge.sort(Comparator.comparing((Found f) -> f.entry().lastAccess()
                    .orElse(f.entry().created())));
            for (Found found : byAge) {
                if (total <= options.maxBytes().getAsLong()) {
                    break;
                }
                if (selected.putIfAbsent(found.id(), found) == null) {
                    total -= found.entry().payloadBytes();
                }
            }
        }

        List<StoredEntry> removed = new ArrayList<>();
        long freed = 0;
        int busy = 0;
        for (Found found : selected.values()) {
            if (options.dryRun() || delete(disk, found.id())) {
                removed.add(found.entry());
                freed += found.entry().payloadBytes();
            } else {
                busy++;
            }
        }
        List<Path> orphans = new ArrayList<>();
        if (options.orphans()) {
            for (Path orphan : orphans(disk, all)) {
                long size = sizeOf(orphan);
                if (options.dryRun() || deleteOrphan(disk, orphan)) {
                    orphans.add(orphan);
                    freed += size;
                } else {
                    busy++;
                }
            }
        }
        return new PruneReport(removed, orphans, freed, busy);
    }

    /**
     * Reads every payload in full and checks its header checksum, body checksum and file name
     * against its content, and that index and payloads agree.
     */
    public VerifyReport verify() throws IOException {
        DiskTier disk = usableDisk(store);
        List<String> problems = new ArrayList<>();
        disk.indexProblem().ifPresent(problem -> problems.add("index: " + problem));
        Set<EntryId> payloadIds = new HashSet<>();
        int checked = 0;
        int signed = 0;
        for (Path file : StoreDirectory.payloadFiles(disk.root())) {
            checked++;
            Path relative = disk.root().relativize(file);
            EntryId id;
            try {
                id = StoreDirectory.entryIdOf(file);
            } catch (IllegalArgumentException e) {
                problems.add(relative + ": not a payload file name");
                continue;
            }
            payloadIds.add(id);
            try {
                if (!java.util.Arrays.equals(PayloadFiles.readHeader(file).signature(),
                        PayloadHeader.UNSIGNED)) {
                    signed++; // counted before the check, so a wrong key still counts it
                }
                PayloadHeader header = PayloadFiles.read(file, store.signer()).header();
                EntryId expected = EntryId.of(store.hasher(), header.factory(),
                        Fingerprint.of(header.fingerprint()).version(), header.key());
                if (!expected.equals(id)) {
                    problems.add(relative + ": holds the entry of another key or fingerprint");
                }
                if (disk.index().isPresent() && disk.index().get().get(id).isEmpty()) {
                    problems.add(relative + ": no index entry");
                }
            } catch (NoSuchFileException e) {
                payloadIds.remove(id); // removed meanwhile
                checked--;
            } catch (IOException e) {
                problems.add(relative + ": " + e.getMessage());
            }
        }
        disk.index().ifPresent(index -> index.forEachEntry((id, entry) -> {
            if (!payloadIds.contains(id) && Files.notExists(disk.payloadPath(id))) {
                problems.add("index entry " + id.hex().substring(0, 16) + "…: no payload file");
            }
        }));
        return new VerifyReport(checked, problems, signed, store.signer() != null);
    }

    private record Found(EntryId id, StoredEntry entry) {
    }

    private static List<Found> found(CacheStore store) throws IOException {
        DiskTier disk = usableDisk(store);
        List<Found> found = new ArrayList<>();
        for (Path file : StoreDirectory.payloadFiles(disk.root())) {
            try {
                EntryId id = StoreDirectory.entryIdOf(file);
                PayloadHeader header = PayloadFiles.readHeader(file);
                Optional<Instant> lastAccess = disk.index()
                        .flatMap(index -> index.get(id))
                        .map(entry -> Instant.ofEpochMilli(entry.lastAccessMillis()));
                found.add(new Found(id, new StoredEntry(header.factory(),
                        readable(header.key()), structured(header.key()), header.fingerprint(),
                        header.codecId(),
                        Files.size(file), Instant.ofEpochMilli(header.createdMillis()),
                        lastAccess, file)));
            } catch (IOException | IllegalArgumentException e) {
                // Unreadable payloads are orphans for prune and problems for verify.
            }
        }
        found.sort(Comparator.comparing((Found f) -> f.entry().factory())
                .thenComparing(f -> f.entry().arguments()));
        return found;
    }

    private static List<Path> orphans(DiskTier disk, List<Found> readable) throws IOException {
        List<Path> orphans = new ArrayList<>();
        Set<EntryId> readableIds = new HashSet<>();
        readable.forEach(f -> readableIds.add(f.id()));
        Optional<DiskIndex> index = disk.index();
        for (Path file : StoreDirectory.payloadFiles(disk.root())) {
            EntryId id;
            try {
                id = StoreDirectory.entryIdOf(file);
            } catch (IllegalArgumentException e) {
                orphans.add(file);
                continue;
            }
            boolean unreadable = !readableIds.contains(id);
            boolean unindexed = index.isPresent() && index.get().get(id).isEmpty();
            if (unreadable || unindexed) {
                orphans.add(file);
            }
        }
        index.ifPresent(i -> i.forEachEntry((id, entry) -> {
            if (Files.notExists(disk.payloadPath(id), LinkOption.NOFOLLOW_LINKS)) {
                orphans.add(disk.payloadPath(id)); // stands for the index entry
            }
        }));
        Path tmp = disk.root().resolve(StoreDirectory.TMP);
        StoreDirectory.list(tmp, StoreDirectory::isTempFileName).stream()
                .filter(StoreMaintenance::abandonedTmpFile).forEach(orphans::add);
        orphans.addAll(StoreDirectory.movedAsideIndexes(disk.root()));
        return orphans;
    }

    /** A temporary file whose writer died: its pid is gone, or it is older than a day. */
    private static boolean abandonedTmpFile(Path file) {
        try {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(file,
                    LinkOption.NOFOLLOW_LINKS).toMillis();
            if (age > TMP_FILE_MAX_AGE.toMillis()) {
                return true;
            }
            return StoreDirectory.tempFileWriter(file.getFileName().toString())
                    .map(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true))
                    .orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Deletes an orphan: only files the store writes, in folders that are not links. */
    private static boolean deleteOrphan(DiskTier disk, Path orphan) throws IOException {
        String name = orphan.getFileName().toString();
        Path parent = orphan.getParent();
        if (parent.equals(disk.root().resolve(StoreDirectory.TMP))) {
            return StoreDirectory.isTempFileName(name) && StoreDirectory.isRegularFile(orphan)
                    && Files.deleteIfExists(disk.tmpDirectory().resolve(name));
        }
        if (parent.equals(disk.root())) {
            return StoreDirectory.isMovedAsideIndexName(name)
                    && StoreDirectory.isRegularFile(orphan) && Files.deleteIfExists(orphan);
        }
        try {
            return delete(disk, StoreDirectory.entryIdOf(orphan));
        } catch (IllegalArgumentException e) {
            // A .cfp file with a name the store never writes: in payloads/xx/, never via a link.
            Path folder = StoreDirectory.folder(disk.root(), StoreDirectory.PAYLOADS,
                    parent.getFileName().toString());
            return parent.equals(folder) && StoreDirectory.isRegularFile(orphan)
                    && Files.deleteIfExists(orphan);
        }
    }

    private static boolean delete(DiskTier disk, EntryId id) throws IOException {
        return disk.deleteEntry(id);
    }

    private static StoredEntry.Arguments structured(byte[] key) {
        try {
            return KeyDecoder.renderArguments(key);
        } catch (IllegalArgumentException e) {
            return new StoredEntry.Arguments("<unreadable key>", List.of());
        }
    }

    private static String readable(byte[] key) {
        try {
            return KeyDecoder.render(key);
        } catch (IllegalArgumentException e) {
            return "<unreadable key>";
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static DiskTier usableDisk(CacheStore store) throws IOException {
        DiskTier disk = store.disk();
        if (disk == null || !disk.usable()) {
            throw new IOException("the store in " + store.directory() + " is closed or unusable");
        }
        return disk;
    }
}
