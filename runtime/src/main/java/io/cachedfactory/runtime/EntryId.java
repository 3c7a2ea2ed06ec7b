package io.cachedfactory.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 32-byte name of one stored entry: SHA-256 of the factory name, the fingerprint version and the
 * full key bytes. It names the index slot, the payload file and the claim file. Because a hash may
 * collide, the payload header keeps the full key and fingerprint and every load compares them.
 */
record EntryId(byte[] bytes) {

    static final int LENGTH = 32;

    /** Computes ids; replaceable in tests to force collisions. */
    @FunctionalInterface
    interface Hasher {
        byte[] hash(String factory, String fingerprintVersion, byte[] key);
    }

    static final Hasher SHA_256 = (factory, version, key) -> {
        MessageDigest sha256 = sha256();
        update(sha256, factory);
        update(sha256, version);
        sha256.update(key);
        return sha256.digest();
    };

    static EntryId of(Hasher hasher, String factory, String fingerprintVersion, byte[] key) {
        byte[] hash = hasher.hash(factory, fingerprintVersion, key);
        if (hash.length != LENGTH) {
            throw new IllegalStateException("entry ids are " + LENGTH + " bytes, got " + hash.length);
        }
        return new EntryId(hash);
    }

    /**
     * The id under which the index remembers the fingerprint most recently stored for these arguments,
     * so a miss can tell "absent" from "stored under another fingerprint".
     */
    static EntryId latestOf(Hasher hasher, String factory, byte[] key) {
        return of(hasher, factory, "latest", key);
    }

    String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    static EntryId fromHex(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("not an entry id: " + hex);
        }
        return new EntryId(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EntryId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }

    private static void update(MessageDigest digest, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (utf8.length >>> 24));
        digest.update((byte) (utf8.length >>> 16));
        digest.update((byte) (utf8.length >>> 8));
        digest.update((byte) utf8.length);
        digest.update(utf8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
