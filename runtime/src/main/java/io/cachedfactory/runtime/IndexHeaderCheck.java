package io.cachedfactory.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.openhft.chronicle.algo.hashing.LongHashFunction;

/*
 * A persisted Chronicle Map starts with a self-bootstrapping header (Chronicle Map spec, chapters
 * 3 and 5):
 *
 *   bytes 0..7    XXH64 of (bytes 8..11 + the header text): unkeyed, anyone can recompute it
 *   bytes 8..11   the header length, little-endian; the top bit set while the creator has not
 *                 finished (Chronicle then waits about a minute for it), the next bit for metadata
 *   bytes 12..    the header: a text Wire document naming the classes Chronicle instantiates to
 *                 read the map ("!net.openhft...ConstantSizeMarshaller { constantSize: 33 }"),
 *                 and the map's sizes, from which it allocates and maps
 *
 * So an index file is code and sizes chosen by whoever wrote it. Before Chronicle reads an
 * existing index, this check reads the header itself, with a bounded read and no class loading,
 * and accepts only what our own index writes: the VanillaChronicleMap document with exactly the
 * fields, tags and constant key and value sizes of DiskIndex's builder, numbers within bounds, a
 * matching checksum, and a file long enough for the segments the header declares. Anything else
 * (zeroed, truncated, unfinished, oversized, foreign classes) is refused before Chronicle sees it,
 * without waiting for a creator that will never come.
 *
 * The accepted shape is pinned to the Chronicle Map version in DESIGN.md; a test creates an index
 * with DiskIndex and checks that it passes, so an upgrade that changes the header fails there.
 */

/** Reads an index file's Chronicle Map header and refuses any that our index would not write. */
final class IndexHeaderCheck {

    /** Our headers are about 1.6 KB; Chronicle's own limit is far larger, ours need not be. */
    static final int MAX_HEADER_BYTES = 16 << 10;
    private static final int NOT_COMPLETE = 0x8000_0000;
    private static final int META_DATA = 0x4000_0000;
    private static final int LENGTH_MASK = 0x3FFF_FFFF;
    /** Larger numbers than this in a header are not sizes any store of ours would have. */
    private static final long MAX_NUMBER = 1L << 40;
    private static final long MAX_SEGMENTS = 1L << 16;

    private static final String MAP_TAG = "net.openhft.chronicle.map.VanillaChronicleMap";
    private static final String IMPL = "net.openhft.chronicle.hash.serialization.impl.";
    private static final Set<String> TAGS = Set.of(MAP_TAG,
            IMPL + "ConstantSizeMarshaller",
            IMPL + "ByteArraySizedReader",
            IMPL + "ByteArrayDataAccess",
            "net.openhft.chronicle.hash.impl.HashSplitting$ForPowerOf2Segments",
            "net.openhft.chronicle.hash.impl.HashSplitting$ForSingleSegment");
    /** Fields whose value is a tagged object, and the tag each must carry. */
    private static final Map<String, Set<String>> OBJECT_FIELDS = Map.of(
            "keySizeMarshaller", Set.of(IMPL + "ConstantSizeMarshaller"),
            "keyReader", Set.of(IMPL + "ByteArraySizedReader"),
            "keyDataAccess", Set.of(IMPL + "ByteArrayDataAccess"),
            "valueSizeMarshaller", Set.of(IMPL + "ConstantSizeMarshaller"),
            "valueReader", Set.of(IMPL + "ByteArraySizedReader"),
            "valueDataAccess", Set.of(IMPL + "ByteArrayDataAccess"),
            "hashSplitting", Set.of(
                    "net.openhft.chronicle.hash.impl.HashSplitting$ForPowerOf2Segments",
                    "net.openhft.chronicle.hash.impl.HashSplitting$ForSingleSegment"));
    private static final Set<String> NUMBER_FIELDS = Set.of("actualSegments", "chunkSize",
            "maxChunksPerEntry", "actualChunksPerSegmentTier", "segmentHeaderSize",
            "tierHashLookupValueBits", "tierHashLookupKeyBits", "tierHashLookupSlotSize",
            "tierHashLookupCapacity", "maxEntriesPerHashLookup", "tierHashLookupInnerSize",
            "tierHashLookupOuterSize", "tierFreeListInnerSize", "tierFreeListOuterSize",
            "tierEntrySpaceInnerSize", "tierEntrySpaceInnerOffset", "tierEntrySpaceOuterSize",
            "tierSize", "maxExtraTiers", "tierBulkSizeInBytes", "tierBulkInnerOffsetToTiers",
            "tiersInBulk", "log2TiersInBulk", "alignment", "worstAlignment",
            // inside the tagged objects
            "constantSize", "bits");
    private static final Set<String> BOOLEAN_FIELDS = Set.of("checksumEntries",
            "skipCloseOnExitHook", "constantlySizedEntry");

    private static final Pattern OPEN_OBJECT = Pattern.compile("(?:([A-Za-z0-9]+): )?!([\\w.$]+) \\{");
    private static final Pattern FIELD = Pattern.compile("([A-Za-z0-9]+): (.*?),?");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,13}");
    private static final Pattern VERSION = Pattern.compile("\"[0-9][0-9A-Za-z.\\-]{0,40}\"");
    private static final Pattern BLOAT = Pattern.compile("\\d{1,4}(?:\\.\\d{1,4})?(?:E\\d{1,2})?");

    private IndexHeaderCheck() {
    }

    /** What the check found. */
    enum Verdict {
        /** Our own kind of index: Chronicle may open it. */
        ACCEPTED,
        /** The creator has not finished writing the header (or died doing so). */
        UNFINISHED,
        /** Damaged or foreign: never hand it to Chronicle. */
        REFUSED
    }

    /** A verdict and, unless accepted, why. */
    record Result(Verdict verdict, String reason) {
        static final Result ACCEPTED = new Result(Verdict.ACCEPTED, "");

        boolean accepted() {
            return verdict == Verdict.ACCEPTED;
        }
    }

    /**
     * Checks the index file {@code file} without following a link and without loading any class
     * it names.
     *
     * @param keySize the constant key size our index uses
     * @param valueSize the constant value size our index uses
     */
    static Result check(Path file, int keySize, int valueSize) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            long fileSize = channel.size();
            if (fileSize < 12) {
                return refused("the file is " + fileSize + " bytes, shorter than a header");
            }
            java.io.InputStream in = java.nio.channels.Channels.newInputStream(channel);
            ByteBuffer prefix = ByteBuffer.wrap(in.readNBytes(12)).order(ByteOrder.LITTLE_ENDIAN);
            long storedHash = prefix.getLong(0);
            int sizeWord = prefix.getInt(8);
            int length = sizeWord & LENGTH_MASK;
            if (sizeWord == 0 || (sizeWord & NOT_COMPLETE) != 0) {
                return new Result(Verdict.UNFINISHED, sizeWord == 0
                        ? "the header is zeroed" : "the header was never finished");
            }
            if ((sizeWord & META_DATA) != 0) {
                return refused("the header is marked as metadata");
            }
            if (length < 16 || length > MAX_HEADER_BYTES || 12L + length > fileSize) {
                return refused("the header claims " + length + " bytes (file of " + fileSize
                        + ", at most " + MAX_HEADER_BYTES + " accepted)");
            }
            ByteBuffer header = ByteBuffer.allocate(4 + length).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(sizeWord).put(in.readNBytes(length));
            if (header.hasRemaining()) {
                return refused("the file ended inside the header");
            }
            byte[] hashed = header.array();
            if (LongHashFunction.xx_r39().hashBytes(hashed) != storedHash) {
                return refused("the header checksum does not match");
            }
            String text = new String(hashed, 4, length, StandardCharsets.UTF_8);
            return checkText(text, keySize, valueSize, fileSize - 12 - length);
        } catch (IOException e) {
            return refused("cannot read it: " + e);
        }
    }

    private static Result checkText(String text, int keySize, int valueSize, long bytesAfter) {
        String[] lines = text.strip().split("\n");
        Map<String, Long> numbers = new HashMap<>();
        String currentObject = null;
        int depth = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (i == 0) {
                if (!line.equals("!" + MAP_TAG + " {")) {
                    return refused("the header is not a " + MAP_TAG + " document");
                }
                depth = 1;
                continue;
            }
            Matcher object = OPEN_OBJECT.matcher(line);
            Matcher field = FIELD.matcher(line);
            if (line.equals("}") || line.equals("},")) {
                depth--;
                currentObject = null;
                if (depth < 0 || depth == 0 && i != lines.length - 1) {
                    return refused("the header's braces do not match");
                }
            } else if (object.matches()) {
                String name = object.group(1);
                String tag = object.group(2);
                Set<String> allowed = name == null ? null : OBJECT_FIELDS.get(name);
                if (depth != 1 || allowed == null || !allowed.contains(tag) || !TAGS.contains(tag)) {
                    return refused("the header names a class our index never uses: " + tag);
                }
                currentObject = name;
                depth = 2;
            } else if (field.matches()) {
                String problem = checkField(field.group(1), field.group(2), currentObject, depth,
                        numbers);
                if (problem != null) {
                    return refused(problem);
                }
            } else {
                return refused("the header has a line our index never writes: "
                        + abbreviate(line));
            }
        }
        if (depth != 0) {
            return refused("the header's braces do not match");
        }
        return checkSizes(numbers, keySize, valueSize, bytesAfter);
    }

    private static String checkField(String name, String value, String object, int depth,
            Map<String, Long> numbers) {
        if (depth == 2) {
            boolean known = (name.equals("constantSize") && object.endsWith("SizeMarshaller"))
                    || (name.equals("bits") && object.equals("hashSplitting"));
            if (!known || !NUMBER.matcher(value).matches()) {
                return "the header has a field our index never writes: " + abbreviate(name);
            }
            numbers.put(object + "." + name, Long.parseLong(value));
            return null;
        }
        if (name.equals("keyClass") || name.equals("valueClass")) {
            return value.equals("!type byte[]") ? null
                    : "the header names a class our index never uses: " + abbreviate(value);
        }
        if (name.equals("dataFileVersion")) {
            return VERSION.matcher(value).matches() ? null : "malformed dataFileVersion";
        }
        if (name.equals("maxBloatFactor")) {
            return BLOAT.matcher(value).matches() ? null : "malformed maxBloatFactor";
        }
        if (BOOLEAN_FIELDS.contains(name)) {
            return value.equals("true") || value.equals("false") ? null
                    : "malformed " + name;
        }
        if (NUMBER_FIELDS.contains(name)) {
            if (!NUMBER.matcher(value).matches() || Long.parseLong(value) > MAX_NUMBER) {
                return "the header's " + name + " is out of bounds: " + abbreviate(value);
            }
            numbers.put(name, Long.parseLong(value));
            return null;
        }
        return "the header has a field our index never writes: " + abbreviate(name);
    }

    private static Result checkSizes(Map<String, Long> numbers, int keySize, int valueSize,
            long bytesAfter) {
        if (!Long.valueOf(keySize).equals(numbers.get("keySizeMarshaller.constantSize"))
                || !Long.valueOf(valueSize).equals(numbers.get("valueSizeMarshaller.constantSize"))) {
            return refused("the header's key or value size is not our index's");
        }
        long segments = numbers.getOrDefault("actualSegments", 0L);
        long tierSize = numbers.getOrDefault("tierSize", 0L);
        if (segments < 1 || segments > MAX_SEGMENTS || tierSize < 1) {
            return refused("the header claims " + segments + " segments of " + tierSize + " bytes");
        }
        if (segments * tierSize > bytesAfter) {
            return refused("the header claims " + segments * tierSize + " bytes of segments, the"
                    + " file holds " + bytesAfter + " after the header");
        }
        return Result.ACCEPTED;
    }

    private static Result refused(String reason) {
        return new Result(Verdict.REFUSED, reason);
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 80) + "…";
    }
}
