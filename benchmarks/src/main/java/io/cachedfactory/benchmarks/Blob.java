package io.cachedfactory.benchmarks;

import java.io.Serializable;

/**
 * A large array-backed object on the heap: what the default codec, Ehcache and a plain
 * {@code FileChannel} read produce.
 */
public final class Blob implements Serializable {

    private static final long serialVersionUID = 1L;

    private final byte[] bytes;

    /** Wraps {@code bytes} without copying. */
    public Blob(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The backing array. */
    public byte[] bytes() {
        return bytes;
    }

    /** Length in bytes. */
    public int length() {
        return bytes.length;
    }
}
