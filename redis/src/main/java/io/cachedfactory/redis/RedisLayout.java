package io.cachedfactory.redis;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/*
 * Layout in Redis, for entry id E (64 hex digits; the braces are a hash tag that keeps one entry's
 * keys in one cluster slot):
 *
 *   <prefix>{E}:manifest        one line (see EntryManifest): generation G, chunk count, length,
 *                               CRC32C and HMAC-SHA256 of the payload
 *   <prefix>{E}:<G>:<i>         chunk i of generation G, i = 0 .. chunks-1
 *   <prefix>{E}:lease           the token of the machine building E (SET NX PX, renewed)
 *
 * Generations and lease tokens are 16 random bytes written as 32 hex digits. Every name and value
 * this tier writes is spelled here, so the formats live in one place.
 */

/** The names of an entry's keys under the tier's prefix, and the values that go into them. */
final class RedisLayout {

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;

    RedisLayout(String prefix) {
        this.prefix = prefix;
    }

    String manifestKey(String entryId) {
        return prefix + "{" + entryId + "}:manifest";
    }

    String leaseKey(String entryId) {
        return prefix + "{" + entryId + "}:lease";
    }

    /** Chunk keys are this, the generation, ':' and the chunk index. */
    String chunkPrefix(String entryId) {
        return prefix + "{" + entryId + "}:";
    }

    /** The keys of generation {@code generation}'s chunks are this and the chunk index. */
    String generationPrefix(String entryId, String generation) {
        return chunkPrefix(entryId) + generation + ":";
    }

    /** A fresh generation or lease token: 16 random bytes as 32 hex digits. */
    static String randomHex() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /** {@code value} as a script argument. */
    static byte[] ascii(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.US_ASCII);
    }
}
