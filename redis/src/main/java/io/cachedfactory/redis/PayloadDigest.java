package io.cachedfactory.redis;

import io.cachedfactory.runtime.RemoteTierSupport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.zip.CRC32C;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/*
 * An entry's checksum and signature are computed as its chunks stream past, on publish and on
 * fetch alike, so neither side ever holds the whole payload. CRC32C catches accidents; with a
 * signing key, HMAC-SHA256 catches anyone else who can write to the server. The signature starts
 * with the manifest's format, the entry id and the length: it binds the bytes to this entry id,
 * so a valid entry moved to another id (another key, another fingerprint) does not verify there.
 */

/** The CRC32C and, with a signing key, the HMAC-SHA256 of one entry's bytes. */
final class PayloadDigest {

    private final CRC32C crc = new CRC32C();
    private final Mac mac; // null: unsigned

    /** Starts the digest of the {@code length} bytes of {@code entryId}; unsigned without a key. */
    PayloadDigest(SecretKey key, String entryId, long length) {
        this.mac = key == null ? null : startMac(key, entryId, length);
    }

    void update(byte[] chunk) {
        crc.update(chunk);
        if (mac != null) {
            mac.update(chunk);
        }
    }

    int crc32c() {
        return (int) crc.getValue();
    }

    /** The signature of the bytes so far, empty when unsigned; call once, at the end. */
    Optional<byte[]> hmac() {
        return Optional.ofNullable(mac).map(Mac::doFinal);
    }

    /**
     * Whether the signature of the bytes so far is {@code expected} (present whenever this digest
     * is signed); always true when unsigned. Call once, at the end.
     */
    boolean signatureMatches(Optional<byte[]> expected) {
        return mac == null || MessageDigest.isEqual(mac.doFinal(), expected.get());
    }

    private static Mac startMac(SecretKey key, String entryId, long length) {
        Mac mac = RemoteTierSupport.startHmac(key);
        mac.update((EntryManifest.MAGIC + "\n" + entryId + "\n" + length + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        return mac;
    }
}
