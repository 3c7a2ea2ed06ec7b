package io.cachedfactory.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.BiConsumer;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/*
 * The index is a persisted Chronicle Map shared by every process that opens the store. It maps
 *   [0] + entry id          -> IndexEntry (payload size, created, last access)
 *   [1] + "latest" entry id -> fingerprint version last stored for a factory + arguments
 * Keys and values have constant sizes, so the map never needs variable-size memory.
 *
 * Chronicle takes a segment lock inside the mapped file for each operation. A process that dies
 * holding one leaves it locked (Chronicle issue #99), so the index is only ever touched for the
 * instant of one get/put/remove: builds, file I/O and claims never happen under a segment lock.
 *
 * The map grows past its initial estimate through Chronicle's extra tiers (maxBloatFactor), up to
 * MAX_BLOAT times the estimate.
 *
 * Even so, a process can die inside that instant, and then the segment lock stays taken until a lone
 * open recovers the map. So every operation runs on a helper thread and the caller waits at most
 * OPERATION_TIMEOUT (-Dcachedfactory.indexTimeout, milliseconds): past that it gets an
 * IndexStalledException, and the store drops the index and goes on with payload files alone. The
 * stuck helper thread stays behind, parked in Chronicle's lock; it is a daemon.
 */

/** The Chronicle Map index of a store directory. */
final class DiskIndex implements AutoCloseable {

    static final String FILE_NAME = "index.cmap";
    private static final double MAX_BLOAT = 1000;
    private static final byte ENTRY = 0;
    private static final byte LATEST = 1;

    private static final long OPERATION_TIMEOUT_MILLIS = Long.getLong("cachedfactory.indexTimeout",
            5_000);
    private static final long WALK_TIMEOUT_MILLIS = Math.max(OPERATION_TIMEOUT_MILLIS, 120_000);
    private static final long OPEN_TIMEOUT_MILLIS = Math.max(OPERATION_TIMEOUT_MILLIS, 60_000);
    private static final int KEY_SIZE = 1 + EntryId.LENGTH;
    private static final ExecutorService CALLS = Executors.newCachedThreadPool(
            RemoteTierSupport.daemonThreads("cachedfactory-index"));

    private final ChronicleMap<byte[], byte[]> map;

    private DiskIndex(ChronicleMap<byte[], byte[]> map) {
        this.map = map;
    }

    /** An index operation that did not finish in time: probably a lock a dead process held. */
    static final class IndexStalledException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        IndexStalledException(String message) {
            super(message);
        }
    }

    /** Runs {@code operation} on a helper thread, waiting at most {@code timeoutMillis}. */
    private static <R> R bounded(String what, long timeoutMillis, Callable<R> operation) {
        Future<R> result = CALLS.submit(operation);
        try {
            return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new IndexStalledException("index " + what + " took over " + timeoutMillis
                    + " ms; a process that died inside an index operation may hold its lock "
                    + "(recovered by the next open while no other process uses the store)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new IndexStalledException("interrupted while waiting for the index");
        }
    }

    /** An existing index file that IndexHeaderCheck refused: Chronicle never read it. */
    static final class IndexRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        IndexRefusedException(IndexHeaderCheck.Result result) {
            super("refused the index header: " + result.reason());
        }
    }

    /** Whether {@code file}'s header is one this index writes (see {@link IndexHeaderCheck}). */
    static IndexHeaderCheck.Result checkHeader(Path file) {
        return IndexHeaderCheck.check(file, KEY_SIZE, IndexEntry.LENGTH);
    }

    /**
     * Opens or creates the index; when {@code recover}, first repairs it after an unclean stop. An
     * existing file is handed to Chronicle only after {@link IndexHeaderCheck} accepted its header,
     * and Chronicle's open runs bounded in time like every other index operation.
     *
     * @throws IndexRefusedException when the existing file's header is not one our index writes
     */
    static DiskIndex open(Path directory, long expectedEntries, boolean recover) throws IOException {
        ChronicleSupport.disableAnalytics();
        Path file = directory.resolve(FILE_NAME);
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            IndexHeaderCheck.Result header = checkHeader(file);
            if (!header.accepted()) {
                throw new IndexRefusedException(header);
            }
        }
        ChronicleMapBuilder<byte[], byte[]> builder = builder(expectedEntries);
        ChronicleMap<byte[], byte[]> map = bounded("open", OPEN_TIMEOUT_MILLIS,
                () -> recover && Files.exists(file)
                        ? builder.recoverPersistedTo(file.toFile(), true)
                        : builder.createPersistedTo(file.toFile()));
        return new DiskIndex(map);
    }

    private static ChronicleMapBuilder<byte[], byte[]> builder(long expectedEntries) {
        return ChronicleMap.of(byte[].class, byte[].class)
                .name("cachedfactory-index")
                .constantKeySizeBySample(new byte[KEY_SIZE])
                .constantValueSizeBySample(new byte[IndexEntry.LENGTH])
                .entries(Math.max(expectedEntries, 16))
                .maxBloatFactor(MAX_BLOAT);
    }

    Optional<IndexEntry> get(EntryId id) {
        byte[] value = bounded("get", OPERATION_TIMEOUT_MILLIS, () -> map.get(key(ENTRY, id)));
        return value == null ? Optional.empty() : Optional.of(IndexEntry.decode(value));
    }

    void put(EntryId id, IndexEntry entry) {
        byte[] value = entry.encode();
        bounded("put", OPERATION_TIMEOUT_MILLIS, () -> map.put(key(ENTRY, id), value));
    }

    boolean remove(EntryId id) {
        return bounded("remove", OPERATION_TIMEOUT_MILLIS,
                () -> map.remove(key(ENTRY, id)) != null);
    }

    /** Remembers that {@code fingerprintVersion} is the latest stored for some arguments. */
    void putLatest(EntryId latestId, String fingerprintVersion) {
        byte[] value = new byte[IndexEntry.LENGTH];
        byte[] version = HexFormat.of().parseHex(fingerprintVersion);
        System.arraycopy(version, 0, value, 0, Math.min(version.length, value.length));
        bounded("put", OPERATION_TIMEOUT_MILLIS, () -> map.put(key(LATEST, latestId), value));
    }

    /** The fingerprint version most recently stored for some arguments, if any. */
    Optional<String> latest(EntryId latestId) {
        byte[] value = bounded("get", OPERATION_TIMEOUT_MILLIS,
                () -> map.get(key(LATEST, latestId)));
        return value == null ? Optional.empty()
                : Optional.of(HexFormat.of().formatHex(Arrays.copyOf(value, 32)));
    }

    /** Visits every entry (not the "latest" records). */
    void forEachEntry(BiConsumer<EntryId, IndexEntry> visitor) {
        // Collected on the helper thread, visited on the caller's: the visitor may use the index.
        List<Map.Entry<EntryId, IndexEntry>> entries = bounded("walk", WALK_TIMEOUT_MILLIS, () -> {
            List<Map.Entry<EntryId, IndexEntry>> collected = new ArrayList<>();
            map.forEach((key, value) -> {
                if (key[0] == ENTRY) {
                    collected.add(Map.entry(new EntryId(Arrays.copyOfRange(key, 1, key.length)),
                            IndexEntry.decode(value)));
                }
            });
            return collected;
        });
        entries.forEach(entry -> visitor.accept(entry.getKey(), entry.getValue()));
    }

    /** Entries and "latest" records together; the benchmarks' store seeder reads it. */
    long size() {
        return bounded("size", OPERATION_TIMEOUT_MILLIS, map::longSize);
    }

    @Override
    public void close() {
        map.close();
    }

    private static byte[] key(byte kind, EntryId id) {
        byte[] key = new byte[KEY_SIZE];
        key[0] = kind;
        System.arraycopy(id.bytes(), 0, key, 1, EntryId.LENGTH);
        return key;
    }
}
