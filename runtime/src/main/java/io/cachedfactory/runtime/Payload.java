package io.cachedfactory.runtime;

import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The body of a stored entry, handed to {@link Codec#read}. The bytes are already checksum-verified.
 */
public interface Payload {

    /** Length of the body in bytes. */
    long length();

    /** A fresh stream over the body, from its first byte. */
    InputStream openStream();

    /**
     * The body mapped read-only from its file, without copying; positioned at 0, limit
     * {@link #length()}. The mapping stays valid for as long as the buffer is reachable, so an object
     * may keep it as its backing storage.
     */
    ByteBuffer map();
}
