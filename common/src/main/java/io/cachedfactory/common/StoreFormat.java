package io.cachedfactory.common;

/*
 * Design note. Two values name what a stored entry's bytes mean, and both are fingerprint
 * components (format:<FORMAT>, codec:<DEFAULT_CODEC_ID>): the processor writes them into every
 * generated VERSION, the runtime writes the format into each payload header and the default
 * codec's id next to the body. If the two sides spelled them apart, entries written by one build
 * would never be found by the other; so each is spelled here only. Changing either changes every
 * VERSION, which is the point: entries of the old format are then rebuilt, never misread.
 */

/** The store format version and the built-in codecs' ids (internal). */
public final class StoreFormat {

    /** The store format version, as the {@code format:} component and payload headers carry it. */
    public static final String FORMAT = "1";

    /** The Apache Fory release the default codec is built and tested with. */
    public static final String FORY_VERSION = "1.6.0";

    /**
     * The id of the codec a factory uses when it names none: Apache Fory, in the release the
     * runtime is built with, byte layout 1. The runtime's codec reports the Fory release on its
     * class path, so a payload written by another release is a miss.
     */
    public static final String DEFAULT_CODEC_ID = "fory-" + FORY_VERSION + "/1";

    /** The id of the Java serialization codec, byte layout 2 (with a layout digest). */
    public static final String JAVA_SERIALIZATION_CODEC_ID = "java-serialization/2";

    private StoreFormat() {
    }
}
