package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cachedfactory.runtime.internal.FactoryDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** A resource changed after compilation counts with its actual bytes, never the stale digest. */
class ResourceCheckTest {

    private static final String RESOURCE = "io/cachedfactory/runtime/columns.csv";

    private static Fingerprint withResourceDigest(String digest) {
        return Fingerprint.builder()
                .add("source:io.cachedfactory.runtime.Matrix", "sha256:test")
                .add("resource:" + RESOURCE, digest)
                .build();
    }

    @Test
    void descriptor_resourceUnchangedSinceCompile_keepsGeneratedFingerprint() throws Exception {
        Fingerprint compiled = withResourceDigest(actualDigest());

        FactoryDescriptor<Matrix> descriptor = MatrixFactory.descriptor(compiled).build();

        assertEquals(compiled, descriptor.fingerprint());
    }

    @Test
    void descriptor_resourceChangedSinceCompile_usesActualBytes() throws Exception {
        Fingerprint stale = withResourceDigest("sha256:" + "0".repeat(64));

        FactoryDescriptor<Matrix> descriptor = MatrixFactory.descriptor(stale).build();

        assertNotEquals(stale.version(), descriptor.fingerprint().version());
        assertEquals(actualDigest(), descriptor.fingerprint().components().get("resource:"
                + RESOURCE));
    }

    @Test
    void descriptor_resourceNotOnClassPath_keepsCompileTimeDigest() {
        Fingerprint compiled = Fingerprint.builder()
                .add("resource:data/only-at-build-time.csv", "sha256:abc").build();

        assertEquals(compiled, MatrixFactory.descriptor(compiled).build().fingerprint());
    }

    @Test
    void descriptor_resourceAbsentAtCompileTimeButThereNow_usesActualBytes() throws Exception {
        Fingerprint compiled = withResourceDigest("absent");

        FactoryDescriptor<Matrix> descriptor = MatrixFactory.descriptor(compiled).build();

        assertEquals(actualDigest(), descriptor.fingerprint().components().get("resource:"
                + RESOURCE));
    }

    private static String actualDigest() throws IOException, java.security.GeneralSecurityException {
        try (InputStream in = ResourceCheckTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(in.readAllBytes()));
        }
    }
}
