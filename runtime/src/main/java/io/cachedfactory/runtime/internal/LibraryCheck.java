package io.cachedfactory.runtime.internal;

import io.cachedfactory.common.ComponentNames;
import io.cachedfactory.runtime.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/*
 * The processor records each library the build reaches as library:<group>:<artifact> valued
 * "<version> sha256:<reached code>". But when only the pom changes (a dependency bump), Maven finds
 * nothing to compile, so the processor does not run and VERSION keeps the old library's value while
 * the program runs the new jar. As ResourceCheck does for resources, the runtime reads the version
 * of each such library from its pom.properties on the cached type's class loader, once per factory
 * and JVM, and when it differs keys entries by the version found ("<version> found at run time"),
 * with one warning: an object built by the old library is never served with the new one. A library
 * whose pom.properties is not on the class path (a shaded jar) keeps its compile-time value.
 */

/** Checks a fingerprint's library components against the versions on the run-time class path. */
final class LibraryCheck {

    private static final System.Logger LOG = System.getLogger("io.cachedfactory.runtime");

    private LibraryCheck() {
    }

    /** {@code fingerprint}, with each library whose version differs now keyed by that version. */
    static Fingerprint verified(Fingerprint fingerprint, Class<?> type, String factory) {
        Map<String, String> actual = new TreeMap<>(fingerprint.components());
        boolean changed = false;
        for (Map.Entry<String, String> component : fingerprint.components().entrySet()) {
            String name = component.getKey();
            if (!name.startsWith(ComponentNames.LIBRARY)) {
                continue;
            }
            String coordinates = name.substring(ComponentNames.LIBRARY.length());
            String compiledVersion = ComponentNames.libraryVersion(component.getValue());
            String version = versionOnClassPath(type.getClassLoader(), coordinates);
            if (version != null && !version.equals(compiledVersion)) {
                actual.put(name, version + " found at run time");
                changed = true;
                LOG.log(Level.WARNING, "cachedfactory: " + coordinates + " is " + version
                        + " on the class path, but " + factory + " was compiled against "
                        + compiledVersion + "; its VERSION constant is stale (Maven skips javac"
                        + " when only the pom changed: run mvn clean compile). Keying by the"
                        + " version found.");
            }
        }
        return changed ? Fingerprint.of(actual) : fingerprint;
    }

    /** The version in {@code group:artifact}'s pom.properties, or null when it is not there. */
    private static String versionOnClassPath(ClassLoader loader, String coordinates) {
        int colon = coordinates.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String path = "META-INF/maven/" + coordinates.substring(0, colon) + "/"
                + coordinates.substring(colon + 1) + "/pom.properties";
        ClassLoader search = loader != null ? loader : ClassLoader.getSystemClassLoader();
        try (InputStream in = search.getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | IllegalArgumentException e) {
            return null; // unreadable now: the compile-time value stands
        }
    }
}
