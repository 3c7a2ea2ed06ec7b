package io.cachedfactory.runtime.internal;

import io.cachedfactory.common.ComponentNames;
import io.cachedfactory.runtime.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/*
 * The processor hashes each declared resource at compile time. But Maven copies a changed resource
 * to the class output without recompiling any source when only the resource changed ("Nothing to
 * compile"), so the processor does not run and VERSION keeps the old digest while the program reads
 * the new bytes. To never serve an object built from other data, the runtime hashes each
 * resource:<path> component's file once per factory and JVM, from the cached type's class loader,
 * and uses the actual digest when it differs. Resources not on the run-time class path keep their
 * compile-time digest. -Dcachedfactory.verifyResources=false skips this (for very large files).
 */

/** Checks a fingerprint's resource components against the bytes on the run-time class path. */
final class ResourceCheck {

    private static final String PREFIX = ComponentNames.RESOURCE;
    private static final String DIGEST_PREFIX = ComponentNames.SHA256_VALUE;
    /** The runtime's logger, where the store's warnings go too. */
    private static final System.Logger LOG = System.getLogger("io.cachedfactory.runtime");

    private ResourceCheck() {
    }

    /** {@code fingerprint}, with each resource digest replaced by the actual one if it differs. */
    static Fingerprint verified(Fingerprint fingerprint, Class<?> type, String factory) {
        if (!Boolean.parseBoolean(System.getProperty("cachedfactory.verifyResources", "true"))) {
            return fingerprint;
        }
        Map<String, String> actual = new TreeMap<>(fingerprint.components());
        boolean changed = false;
        for (Map.Entry<String, String> component : fingerprint.components().entrySet()) {
            String name = component.getKey();
            // "absent": read by the code by name, but not there when it was compiled
            if (!name.startsWith(PREFIX) || !(component.getValue().startsWith(DIGEST_PREFIX)
                    || component.getValue().equals(ComponentNames.ABSENT_VALUE))) {
                continue;
            }
            String digest = digestOf(type.getClassLoader(), name.substring(PREFIX.length()));
            if (digest != null && !digest.equals(component.getValue())) {
                actual.put(name, digest);
                changed = true;
                LOG.log(Level.WARNING, "cachedfactory: " + name.substring(
                        PREFIX.length()) + " changed since " + factory + " was compiled; its "
                        + "VERSION constant is stale (Maven skips javac when only a resource "
                        + "changed: run mvn clean compile). Keying by the actual bytes.");
            }
        }
        return changed ? Fingerprint.of(actual) : fingerprint;
    }

    private static String digestOf(ClassLoader loader, String path) {
        ClassLoader search = loader != null ? loader : ClassLoader.getSystemClassLoader();
        try (InputStream in = search.getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream digesting = new DigestInputStream(in, sha256)) {
                digesting.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return DIGEST_PREFIX + HexFormat.of().formatHex(sha256.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return null; // unreadable now: the compile-time digest stands
        }
    }
}
