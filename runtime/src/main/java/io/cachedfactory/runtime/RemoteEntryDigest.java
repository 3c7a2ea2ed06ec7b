package io.cachedfactory.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/*
 * An entry's checksum and signature are computed as its bytes stream past, on publish and on fetch
 * alike, so neither side ever holds the whole payload. CRC32C catches accidents; with a signing
 * key, HMAC-SHA256 catches anyone else who can write to the server. The signature starts with a
 * preamble the tier chooses (its format, the entry id, the length, an expiry): it binds the bytes
 * to this entry id, so a valid entry moved to another id (another key, another fingerprint) does
 * not verify there, and a tampered expiry does not either.
 */

/**
 * The CRC32C and, with a signing key, the HMAC-SHA256 of one remote entry's bytes, computed as
 * they stream past. Not thread-safe; one per transfer. A building block for implementations of
 * {@link RemoteTier}; applications do not need it.
 */
public final class RemoteEntryDigest {

    private final CRC32C crc = new CRC32C();
    private final Mac mac; // null: unsigned

    /**
     * Starts a digest.
     *
     * @param key from {@link RemoteTierSupport#hmacKey}, or null for an unsigned digest
     * @param preamble what the signature binds the bytes to; its lines are joined with
     *     {@code '\n'} and each ends with one (US-ASCII)
     */
    public RemoteEntryDigest(SecretKey key, String... preamble) {
        if (key == null) {
            this.mac = null;
            return;
        }
        this.mac = RemoteTierSupport.startHmac(key);
        StringBuilder text = new StringBuilder();
        for (String line : preamble) {
            text.append(Objects.requireNonNull(line, "preamble line")).append('\n');
        }
        mac.update(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Adds {@code bytes}. */
    public void update(byte[] bytes) {
        update(bytes, 0, bytes.length);
    }

    /** Adds {@code length} bytes of {@code bytes} from {@code offset}. */
    public void update(byte[] bytes, int offset, int length) {
        crc.update(bytes, offset, length);
        if (mac != null) {
            mac.update(bytes, offset, length);
        }
    }

    /** The CRC32C of the bytes so far. */
    public int crc32c() {
        return (int) crc.getValue();
    }

    /** Whether this digest has a signing key. */
    public boolean signed() {
        return mac != null;
    }

    /** The signature of the bytes so far, empty when unsigned; call once, at the end. */
    public Optional<byte[]> hmac() {
        return Optional.ofNullable(mac).map(Mac::doFinal);
    }

    /**
     * Whether the signature of the bytes so far is {@code expected}; always true when unsigned,
     * false when signed and {@code expected} is empty. Call once, at the end.
     */
    public boolean signatureMatches(Optional<byte[]> expected) {
        return mac == null
                || expected.isPresent() && MessageDigest.isEqual(mac.doFinal(), expected.get());
    }
}
