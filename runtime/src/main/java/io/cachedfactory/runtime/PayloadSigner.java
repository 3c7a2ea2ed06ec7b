package io.cachedfactory.runtime;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/*
 * With a signing key, a payload carries HMAC-SHA256(key, body || header-with-zero-signature) in its
 * header. A store with a key serves only payloads whose signature verifies, and checks it before
 * the codec sees a byte, so a payload planted by someone without the key is never deserialized.
 * CRC32C alone protects against accidents, not against an attacker who can write the directory.
 */

/** Signs and verifies payloads with a shared secret key. */
final class PayloadSigner {

    private static final String ALGORITHM = "HmacSHA256";
    static final int MIN_KEY_BYTES = 16;

    private final SecretKeySpec key;

    PayloadSigner(byte[] secret) {
        if (secret.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("signingKey must be at least " + MIN_KEY_BYTES
                    + " bytes, was " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** A fresh MAC to feed the body into, then {@link #finish}. */
    Mac start() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java platform has " + ALGORITHM, e);
        }
    }

    /** The signature of a body already fed into {@code mac} and its header. */
    static byte[] finish(Mac mac, PayloadHeader header) {
        mac.update(header.withSignature(PayloadHeader.UNSIGNED).encode());
        return mac.doFinal();
    }

    /** Whether {@code header}'s signature is this key's signature of {@code body} and the header. */
    boolean verifies(PayloadHeader header, ByteBuffer body) {
        Mac mac = start();
        mac.update(body.duplicate());
        return MessageDigest.isEqual(finish(mac, header), header.signature());
    }
}
