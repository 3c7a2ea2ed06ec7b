package io.cachedfactory.common;

/*
 * Design note. Two values name what a stored entry's bytes mean, and both are fingerprint
 * components (format:<FORMAT>, codec:<DEFAULT_CODEC_ID>): the processor writes them into every
 * generated VERSION, the runtime writes the format into each payload header and the default
 * codec's id next to the body. If the two sides spelled them apart, entries written by one build
 * would never be found by the other; so each is spelled here only. Changing either changes every
 * VERSION, which is the point: entries of the old format are then rebuilt, never misread.
 */

/** The store format version and the default codec's id (internal). */
public final class StoreFormat {

    /** The store format version, as the {@code format:} component and payload headers carry it. */
    public static final String FORMAT = "1";

    /** The id of the codec a factory uses when it names none: Java serialization, version 1. */
    public static final String DEFAULT_CODEC_ID = "java-serialization/1";

    private StoreFormat() {
    }
}
