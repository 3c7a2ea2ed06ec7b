package io.cachedfactory.runtime;

/** Renders canonical key bytes readably. TODO: being written. */
final class KeyDecoder {

    private KeyDecoder() {
    }

    /** The key in readable form, such as {@code Table(String,int) name="sales", year=2024}. */
    static String render(byte[] keyBytes) {
        throw new UnsupportedOperationException("TODO");
    }
}
