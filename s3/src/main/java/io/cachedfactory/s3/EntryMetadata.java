package io.cachedfactory.s3;

import io.cachedfactory.runtime.RemoteEntryDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.crypto.SecretKey;

/**
 * What an entry's object says about itself, in its user metadata ({@code x-amz-meta-cf-*}):
 * the format, the entry id it was published under, its length, CRC32C, HMAC-SHA256 (or
 * {@code -} when unsigned) and expiry (epoch milliseconds, or {@code -}). Parsing is strict, so an
 * object written by anything else is refused rather than guessed at.
 *
 * <p>The signature binds the bytes to the format, the entry id, the length and the expiry: an
 * entry copied to another id, or given a later expiry, does not verify.
 */
record EntryMetadata(String entryId, long length, int crc32c, Optional<byte[]> hmac,
        OptionalLong expiresAtMillis) {

    static final String FORMAT = "cachedfactory-s3/1";

    static final String FORMAT_KEY = "cf-format";
    static final String ENTRY_KEY = "cf-entry";
    static final String LENGTH_KEY = "cf-length";
    static final String CRC_KEY = "cf-crc32c";
    static final String HMAC_KEY = "cf-hmac";
    static final String EXPIRES_KEY = "cf-expires";

    private static final HexFormat HEX = HexFormat.of();
    private static final String NONE = "-";
    private static final int HMAC_BYTES = 32;

    EntryMetadata {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        if (hmac.isPresent() && hmac.get().length != HMAC_BYTES) {
            throw new IllegalArgumentException("hmac must be " + HMAC_BYTES + " bytes");
        }
    }

    /** The digest of an entry's bytes, its signature bound to these fields. */
    static RemoteEntryDigest digest(SecretKey key, String entryId, long length,
            OptionalLong expiresAtMillis) {
        return new RemoteEntryDigest(key, FORMAT, entryId, Long.toString(length),
                expiresAtMillis.isPresent() ? Long.toString(expiresAtMillis.getAsLong()) : NONE);
    }

    /** Whether the entry's expiry has passed at {@code nowMillis}. */
    boolean expiredAt(long nowMillis) {
        return expiresAtMillis.isPresent() && nowMillis >= expiresAtMillis.getAsLong();
    }

    Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(FORMAT_KEY, FORMAT);
        map.put(ENTRY_KEY, entryId);
        map.put(LENGTH_KEY, Long.toString(length));
        map.put(CRC_KEY, HEX.toHexDigits(crc32c));
        map.put(HMAC_KEY, hmac.map(HEX::formatHex).orElse(NONE));
        map.put(EXPIRES_KEY, expiresAtMillis.isPresent()
                ? Long.toString(expiresAtMillis.getAsLong()) : NONE);
        return map;
    }

    /**
     * Parses an object's user metadata (S3 lower-cases its keys).
     *
     * @throws IllegalArgumentException if it is not exactly what {@link #toMap} writes
     */
    static EntryMetadata parse(Map<String, String> metadata) {
        if (!FORMAT.equals(metadata.get(FORMAT_KEY))) {
            throw new IllegalArgumentException("not a " + FORMAT + " entry");
        }
        try {
            String entryId = required(metadata, ENTRY_KEY);
            long length = Long.parseLong(required(metadata, LENGTH_KEY));
            String crc = required(metadata, CRC_KEY);
            if (crc.length() != 8) {
                throw new IllegalArgumentException("crc32c must be 8 hex digits");
            }
            String hmac = required(metadata, HMAC_KEY);
            String expires = required(metadata, EXPIRES_KEY);
            return new EntryMetadata(entryId, length, HEX.fromHexDigits(crc),
                    hmac.equals(NONE) ? Optional.empty() : Optional.of(HEX.parseHex(hmac)),
                    expires.equals(NONE) ? OptionalLong.empty()
                            : OptionalLong.of(Long.parseLong(expires)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed " + FORMAT + " metadata: "
                    + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata " + key + " missing");
        }
        return value;
    }
}
