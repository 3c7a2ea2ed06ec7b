package io.cachedfactory.runtime;

import java.nio.ByteBuffer;

/**
 * What the index keeps about one stored entry: its payload size, when it was written and when it was
 * last served. Fixed-size so that the Chronicle Map needs no variable-size values.
 */
record IndexEntry(long payloadBytes, long createdMillis, long lastAccessMillis) {

    static final int LENGTH = 40;

    byte[] encode() {
        return ByteBuffer.allocate(LENGTH).putLong(payloadBytes).putLong(createdMillis)
                .putLong(lastAccessMillis).array();
    }

    static IndexEntry decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new IndexEntry(buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    IndexEntry accessedAt(long millis) {
        return new IndexEntry(payloadBytes, createdMillis, millis);
    }
}
