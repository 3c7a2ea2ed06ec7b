package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * A library upgraded after compilation (Maven compiles nothing when only the pom changed) counts
 * with the version on the class path, never the stale one. Chronicle Map, a runtime dependency, is
 * the library: its jar carries its pom.properties.
 */
class LibraryCheckTest {

    private static final String CHRONICLE = "library:net.openhft:chronicle-map";
    private static Fingerprint withChronicle(String value) {
        return Fingerprint.builder().add("format:1", "1").add(CHRONICLE, value).build();
    }

    @Test
    void descriptor_libraryUnchangedSinceCompile_keepsGeneratedFingerprint() {
        Fingerprint compiled = withChronicle("2026.1 sha256:aa");

        assertEquals(compiled, MatrixFactory.descriptor(compiled).build().fingerprint());
    }

    @Test
    void descriptor_libraryBumpedSinceCompile_keysByTheVersionFound() {
        Fingerprint stale = withChronicle("2025.1 sha256:aa");

        Fingerprint actual = MatrixFactory.descriptor(stale).build().fingerprint();

        assertNotEquals(stale.version(), actual.version());
        assertEquals("2026.1 found at run time", actual.components().get(CHRONICLE));
    }

    @Test
    void descriptor_libraryNotOnClassPath_keepsCompileTimeValue() {
        Fingerprint compiled = Fingerprint.builder()
                .add("library:com.acme:gone", "1.0 sha256:bb").build();

        assertEquals(compiled, MatrixFactory.descriptor(compiled).build().fingerprint());
    }
}
