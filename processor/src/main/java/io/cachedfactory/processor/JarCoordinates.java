package io.cachedfactory.processor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;

/*
 * Design notes.
 *
 * Classes the processor fingerprints by bytecode come from a jar (a dependency in the local
 * repository) or from a directory of class files (a sibling module's target/classes). Callers group
 * them by that origin and name the group by its Maven coordinates when it has them: maven-archiver
 * writes META-INF/maven/<groupId>/<artifactId>/pom.properties into every jar it builds.
 *
 * - Jar: the URI javac's file manager gives, jar:file:/...lib-1.0.jar!/com/acme/Lib.class. One
 *   pom.properties: its coordinates. Several (a shaded jar): the one whose artifactId the file name
 *   starts with (lib-1.0.jar, lib.jar), the longest such if several match; still ambiguous: none.
 * - Directory: file:/.../classes/com/acme/Lib.class. The root is the file's directory minus as many
 *   levels as the class's internal name has packages, which the class file itself says (only its
 *   constant pool is parsed). A directory has coordinates only if it holds a pom.properties.
 *
 * Each origin is read once per instance, i.e. once per compilation; the jar is opened with ZipFile
 * in try-with-resources and closed before originOf returns, so no handle outlives the call. A jar
 * that cannot be read is still an origin, without coordinates.
 */

/** Where a class file comes from: its jar or classes directory, and the Maven coordinates. */
final class JarCoordinates {

    private static final Pattern POM_PROPERTIES =
            Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom\\.properties");

    /**
     * Maven coordinates.
     *
     * @param groupId such as {@code com.acme}
     * @param artifactId such as {@code lib}
     * @param version such as {@code 1.0}
     */
    record Coordinates(String groupId, String artifactId, String version) {
    }

    /**
     * The jar or directory a class file was loaded from.
     *
     * @param root the jar file, or the directory that holds the package tree; absolute and
     *     normalized, so equal roots mean the same origin
     * @param coordinates from the root's {@code pom.properties}, if it identifies one artifact
     */
    record Origin(Path root, Optional<Coordinates> coordinates) {
    }

    private final Map<Path, Origin> origins = new HashMap<>();
    private final Map<Path, Optional<Path>> rootsByDirectory = new HashMap<>();

    /**
     * The origin of the class file at {@code classFile}, a {@code jar:file:} or {@code file:} URI
     * as {@code JavaFileObject.toUri()} returns it; empty for any other scheme (such as {@code
     * jrt:} of the JDK's own classes) or a file that cannot be read.
     */
    Optional<Origin> originOf(URI classFile) {
        if ("jar".equalsIgnoreCase(classFile.getScheme())) {
            String spec = classFile.getRawSchemeSpecificPart();
            int separator = spec.indexOf("!/");
            if (separator < 0) {
                return Optional.empty();
            }
            URI jar = URI.create(spec.substring(0, separator));
            if (!"file".equalsIgnoreCase(jar.getScheme())) {
                return Optional.empty();
            }
            return Optional.of(origins.computeIfAbsent(normalized(Path.of(jar)),
                    root -> new Origin(root, jarCoordinates(root))));
        }
        if ("file".equalsIgnoreCase(classFile.getScheme())) {
            return directoryRoot(Path.of(classFile)).map(root -> origins.computeIfAbsent(root,
                    r -> new Origin(r, directoryCoordinates(r))));
        }
        return Optional.empty();
    }

    private static Path normalized(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /** The directory holding the package tree of {@code classFile}, once per package directory. */
    private Optional<Path> directoryRoot(Path classFile) {
        Path file = normalized(classFile);
        Path directory = file.getParent();
        if (directory == null) {
            return Optional.empty();
        }
        if (!rootsByDirectory.containsKey(directory)) {
            String internalName;
            try (InputStream in = Files.newInputStream(file)) {
                internalName = new ClassReader(in).getClassName();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
            Path relative = Path.of(internalName + ".class");
            Path root = file;
            for (int i = 0; i < relative.getNameCount() && root != null; i++) {
                root = root.getParent();
            }
            rootsByDirectory.put(directory,
                    file.endsWith(relative) ? Optional.ofNullable(root) : Optional.empty());
        }
        return rootsByDirectory.get(directory);
    }

    private static Optional<Coordinates> jarCoordinates(Path jar) {
        List<Properties> candidates = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (POM_PROPERTIES.matcher(entry.getName()).matches()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        candidates.add(load(in));
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return choose(candidates, jar.getFileName().toString());
    }

    private static Optional<Coordinates> directoryCoordinates(Path root) {
        Path maven = root.resolve("META-INF/maven");
        if (!Files.isDirectory(maven)) {
            return Optional.empty();
        }
        List<Properties> candidates = new ArrayList<>();
        try (Stream<Path> files = Files.walk(maven, 3)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = root.relativize(file).toString().replace('\\', '/');
                if (POM_PROPERTIES.matcher(name).matches() && Files.isRegularFile(file)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        candidates.add(load(in));
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return choose(candidates, root.getFileName() == null ? "" : root.getFileName().toString());
    }

    private static Properties load(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        return properties;
    }

    /** The only complete candidate, or the one {@code fileName} names; see the design notes. */
    private static Optional<Coordinates> choose(List<Properties> candidates, String fileName) {
        List<Coordinates> complete = new ArrayList<>();
        for (Properties p : candidates) {
            String groupId = p.getProperty("groupId");
            String artifactId = p.getProperty("artifactId");
            String version = p.getProperty("version");
            if (isPresent(groupId) && isPresent(artifactId) && isPresent(version)) {
                complete.add(new Coordinates(groupId.strip(), artifactId.strip(),
                        version.strip()));
            }
        }
        if (complete.size() == 1) {
            return Optional.of(complete.get(0));
        }
        List<Coordinates> named = new ArrayList<>();
        int longest = -1;
        for (Coordinates c : complete) {
            String a = c.artifactId();
            boolean matches = fileName.startsWith(a + "-") || fileName.equals(a + ".jar");
            if (matches && a.length() > longest) {
                named.clear();
                longest = a.length();
            }
            if (matches && a.length() == longest) {
                named.add(c);
            }
        }
        return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }

    private static boolean isPresent(String value) {
        return value != null && !value.isBlank();
    }
}
