package io.cachedfactory.common;

/*
 * Design note. A fingerprint component's name says what it stands for by its prefix; the processor
 * writes the names into the generated factory, the runtime reads them back (the comparison words a
 * counter's change differently from a digest's; resources are re-hashed at run time). The
 * prefixes are therefore part of the stored format: entries written under one spelling are not
 * found under another. Values of the content-addressed components (sources, resources, codecs
 * compiled from source) are SHA256_VALUE followed by FingerprintDigest.sha256Hex of the bytes.
 */

/** The prefixes of fingerprint component names and of digest values (internal). */
public final class ComponentNames {

    /**
     * {@code source:<class>#<member>}: the normalized source of one member a build reaches;
     * {@code source:<class>} alone: a whole class named in {@code dependsOn}.
     */
    public static final String SOURCE = "source:";
    /** {@code class:<binary name>}: the reached code of a class that comes as a class file. */
    public static final String CLASS = "class:";
    /**
     * {@code library:<groupId>:<artifactId>}: the reached code of a jar with Maven coordinates,
     * valued {@code <version> sha256:<hex>}.
     */
    public static final String LIBRARY = "library:";
    /** {@code factory:<factory>}: the VERSION of another factory whose get the build calls. */
    public static final String FACTORY = "factory:";
    /** {@code resource:<path>}: the bytes of one declared or reached resource file. */
    public static final String RESOURCE = "resource:";
    /** {@code version:<owner>}: one developer's counter, in decimal. */
    public static final String VERSION = "version:";
    /** {@code codec:<id>}: the codec's identity (and its code). */
    public static final String CODEC = "codec:";
    /** {@code format:<n>}: the store format version. */
    public static final String FORMAT = "format:";

    /** The prefix of a value that is the SHA-256 of some bytes: {@code sha256:<hex>}. */
    public static final String SHA256_VALUE = "sha256:";

    /**
     * The value of a resource the code reads by name but that was not there at build time; the
     * runtime hashes it once it is.
     */
    public static final String ABSENT_VALUE = "absent";

    private ComponentNames() {
    }

    /** The value of a {@link #LIBRARY} component: {@code <version> sha256:<hex>}. */
    public static String libraryValue(String version, String sha256Hex) {
        return version + " " + SHA256_VALUE + sha256Hex;
    }

    /** The version in a {@link #LIBRARY} component's value (all of it if it has no digest). */
    public static String libraryVersion(String value) {
        int space = value.indexOf(' ');
        return space < 0 ? value : value.substring(0, space);
    }
}
