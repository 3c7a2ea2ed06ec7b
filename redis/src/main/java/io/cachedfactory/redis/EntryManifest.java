package io.cachedfactory.redis;

import io.cachedfactory.runtime.RemoteEntryDigest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;

/**
 * An entry's manifest in Redis (not the processor's factory manifest): the key that makes a
 * published entry visible, saying which generation of chunks holds it, how many, how long, and its
 * checksum and signature. Written last, in one command, so a reader that finds a
 * manifest finds every chunk it names (unless Redis evicted one, which reads as a miss).
 *
 * <p>Text, one line: {@code cachedfactory-redis/1 gen=<32 hex> chunks=<n> chunkSize=<n>
 * length=<n> crc32c=<8 hex> hmac=<64 hex or ->}. Parsing is strict, so a manifest written by
 * anything else is refused rather than guessed at.
 */
record EntryManifest(String generation, int chunks, int chunkSize, long length, int crc32c,
        Optional<byte[]> hmac) {

    static final String MAGIC = "cachedfactory-redis/1";
    static final int MAX_CHUNK_SIZE = 256 << 20;

    private static final Pattern GENERATION = Pattern.compile("[0-9a-f]{32}");
    private static final HexFormat HEX = HexFormat.of();
    private static final String UNSIGNED = "-";
    private static final int HMAC_BYTES = 32;

    EntryManifest {
        if (!GENERATION.matcher(generation).matches()) {
            throw new IllegalArgumentException("generation must be 32 hex digits");
        }
        if (chunkSize <= 0 || chunkSize > MAX_CHUNK_SIZE || length < 0
                || chunks != expectedChunks(length, chunkSize)) {
            throw new IllegalArgumentException("inconsistent chunks=" + chunks + " chunkSize="
                    + chunkSize + " length=" + length);
        }
        if (hmac.isPresent() && hmac.get().length != HMAC_BYTES) {
            throw new IllegalArgumentException("hmac must be " + HMAC_BYTES + " bytes");
        }
    }

    /**
     * The digest of an entry's bytes: the signature binds them to the manifest's format, the
     * entry id and the length.
     */
    static RemoteEntryDigest digest(SecretKey key, String entryId, long length) {
        return new RemoteEntryDigest(key, MAGIC, entryId, Long.toString(length));
    }

    /** How many chunks of {@code chunkSize} hold {@code length} bytes, or -1 if too many. */
    static int expectedChunks(long length, int chunkSize) {
        long chunks = (length + chunkSize - 1) / chunkSize;
        return chunks > Integer.MAX_VALUE ? -1 : (int) chunks;
    }

    /** The length of chunk {@code index}: full except the last one. */
    int chunkLength(int index) {
        return (int) Math.min(chunkSize, length - (long) index * chunkSize);
    }

    byte[] encode() {
        String text = MAGIC + " gen=" + generation + " chunks=" + chunks + " chunkSize=" + chunkSize
                + " length=" + length + " crc32c=" + HEX.toHexDigits(crc32c)
                + " hmac=" + hmac.map(HEX::formatHex).orElse(UNSIGNED);
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses a manifest.
     *
     * @throws IllegalArgumentException if it is not exactly what {@link #encode} writes
     */
    static EntryManifest parse(byte[] bytes) {
        if (bytes.length > 512) {
            throw new IllegalArgumentException("manifest too long: " + bytes.length + " bytes");
        }
        String[] fields = new String(bytes, StandardCharsets.US_ASCII).split(" ", -1);
        if (fields.length != 7 || !fields[0].equals(MAGIC)) {
            throw new IllegalArgumentException("not a " + MAGIC + " manifest");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i < fields.length; i++) {
            int equals = fields[i].indexOf('=');
            if (equals <= 0 || values.put(fields[i].substring(0, equals),
                    fields[i].substring(equals + 1)) != null) {
                throw new IllegalArgumentException("malformed field '" + fields[i] + "'");
            }
        }
        try {
            String hmac = field(values, "hmac");
            String crc = field(values, "crc32c");
            if (crc.length() != 8) {
                throw new IllegalArgumentException("crc32c must be 8 hex digits");
            }
            return new EntryManifest(field(values, "gen"),
                    Integer.parseInt(field(values, "chunks")),
                    Integer.parseInt(field(values, "chunkSize")),
                    Long.parseLong(field(values, "length")), HEX.fromHexDigits(crc),
                    hmac.equals(UNSIGNED) ? Optional.empty() : Optional.of(HEX.parseHex(hmac)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed number: " + e.getMessage(), e);
        }
    }

    private static String field(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing field " + name);
        }
        return value;
    }
}
