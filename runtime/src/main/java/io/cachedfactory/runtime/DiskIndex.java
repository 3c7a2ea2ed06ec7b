package io.cachedfactory.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 */

/** The Chronicle Map index of a store directory. */
final class DiskIndex implements AutoCloseable {

    static final String FILE_NAME = "index.cmap";
    private static final double MAX_BLOAT = 1000;
    private static final byte ENTRY = 0;
    private static final byte LATEST = 1;

    private final ChronicleMap<byte[], byte[]> map;

    private DiskIndex(ChronicleMap<byte[], byte[]> map) {
        this.map = map;
    }

    /** Opens or creates the index; when {@code recover}, first repairs it after an unclean stop. */
    static DiskIndex open(Path directory, long expectedEntries, boolean recover) throws IOException {
        ChronicleSupport.disableAnalytics();
        Path file = directory.resolve(FILE_NAME);
        ChronicleMapBuilder<byte[], byte[]> builder = builder(expectedEntries);
        ChronicleMap<byte[], byte[]> map = recover && Files.exists(file)
                ? builder.recoverPersistedTo(file.toFile(), true)
                : builder.createPersistedTo(file.toFile());
        return new DiskIndex(map);
    }

    private static ChronicleMapBuilder<byte[], byte[]> builder(long expectedEntries) {
        return ChronicleMap.of(byte[].class, byte[].class)
                .name("cachedfactory-index")
                .constantKeySizeBySample(new byte[1 + EntryId.LENGTH])
                .constantValueSizeBySample(new byte[IndexEntry.LENGTH])
                .entries(Math.max(expectedEntries, 16))
                .maxBloatFactor(MAX_BLOAT);
    }

    Optional<IndexEntry> get(EntryId id) {
        byte[] value = map.get(key(ENTRY, id));
        return value == null ? Optional.empty() : Optional.of(IndexEntry.decode(value));
    }

    void put(EntryId id, IndexEntry entry) {
        map.put(key(ENTRY, id), entry.encode());
    }

    boolean remove(EntryId id) {
        return map.remove(key(ENTRY, id)) != null;
    }

    /** Remembers that {@code fingerprintVersion} is the latest stored for some arguments. */
    void putLatest(EntryId latestId, String fingerprintVersion) {
        byte[] value = new byte[IndexEntry.LENGTH];
        byte[] version = HexFormat.of().parseHex(fingerprintVersion);
        System.arraycopy(version, 0, value, 0, Math.min(version.length, value.length));
        map.put(key(LATEST, latestId), value);
    }

    /** The fingerprint version most recently stored for some arguments, if any. */
    Optional<String> latest(EntryId latestId) {
        byte[] value = map.get(key(LATEST, latestId));
        return value == null ? Optional.empty()
                : Optional.of(HexFormat.of().formatHex(Arrays.copyOf(value, 32)));
    }

    /** Visits every entry (not the "latest" records). */
    void forEachEntry(BiConsumer<EntryId, IndexEntry> visitor) {
        map.forEach((key, value) -> {
            if (key[0] == ENTRY) {
                visitor.accept(new EntryId(Arrays.copyOfRange(key, 1, key.length)),
                        IndexEntry.decode(value));
            }
        });
    }

    long size() {
        return map.longSize();
    }

    @Override
    public void close() {
        map.close();
    }

    private static byte[] key(byte kind, EntryId id) {
        byte[] key = new byte[1 + EntryId.LENGTH];
        key[0] = kind;
        System.arraycopy(id.bytes(), 0, key, 1, EntryId.LENGTH);
        return key;
    }
}
