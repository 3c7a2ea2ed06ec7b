package io.cachedfactory.runtime;

import java.io.DataOutput;
import java.io.IOException;

/** Canonical bytes of key arguments. TODO: being written. */
final class KeyEncoder {

    private KeyEncoder() {
    }

    /**
     * Appends the canonical bytes of {@code value}.
     *
     * @throws IllegalArgumentException naming {@code parameter} when the type is not key-encodable
     */
    static void encode(String parameter, Object value, DataOutput out) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
