package io.cachedfactory.runtime;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/*
 * With a signing key, a payload carries HMAC-SHA256(key, body || header-with-zero-signature) in its
 * header. A store with a key serves only payloads whose signature verifies, and checks it before
 * the codec sees a byte, so a payload planted by someone without the key is never deserialized.
 * CRC32C alone protects against accidents, not against an attacker who can write the directory.
 */

/** Signs and verifies payloads with a shared secret key. */
final class PayloadSigner {

    private final SecretKey key;

    PayloadSigner(byte[] secret) {
        this.key = RemoteTierSupport.hmacKey(secret);
    }

    /** A fresh MAC to feed the body into, then {@link #finish}. */
    Mac start() {
        return RemoteTierSupport.startHmac(key);
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
