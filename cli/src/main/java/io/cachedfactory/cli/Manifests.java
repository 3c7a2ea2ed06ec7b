package io.cachedfactory.cli;

import io.cachedfactory.common.FactoryManifest;
import io.cachedfactory.common.FactoryRecord;
import io.cachedfactory.common.FactoryRecords;
import io.cachedfactory.runtime.Fingerprint;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/*
 * The annotation processor writes its manifest (FactoryManifest.PATH, in FactoryManifest's format,
 * both defined in the common module) into each module's class output, so it ships in the jar. A classpath may hold the same factory twice (two versions of a
 * jar); as for classes, the first one is the current one, but stale pruning keeps the entries of
 * every version found, so that it never deletes what some manifest on the classpath calls current.
 */

/** The factories described by the cachedfactory manifests of jars, directories or manifest files. */
final class Manifests {

    /** Where a module's manifest lives inside its jar or class output directory. */
    static final String PATH = FactoryManifest.PATH;

    /**
     * One factory of a manifest.
     *
     * @param name the generated factory's name, the entry's factory in the store
     * @param type the cached type
     * @param version the hex fingerprint version
     * @param components the fingerprint's components
     * @param source the file the manifest came from
     */
    record Factory(String name, String type, String version, SortedMap<String, String> components,
            Path source) {
    }

    private final List<Factory> factories;
    private final List<Path> sources;
    private final List<String> warnings;

    private Manifests(List<Factory> factories, List<Path> sources, List<String> warnings) {
        this.factories = List.copyOf(factories);
        this.sources = List.copyOf(sources);
        this.warnings = List.copyOf(warnings);
    }

    /** No manifests. */
    static Manifests none() {
        return new Manifests(List.of(), List.of(), List.of());
    }

    /**
     * Reads the manifests of a classpath: each argument is a jar, a class output directory, a
     * {@code factories.txt}, a directory's jars as {@code dir/*}, or several of these joined by
     * the path separator. Jars and directories without a manifest are skipped.
     *
     * @throws CliException if an element does not exist or a manifest is malformed
     */
    static Manifests fromClasspath(List<String> classpath) {
        List<Factory> factories = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String argument : classpath) {
            for (String element : argument.split(File.pathSeparator)) {
                if (element.isEmpty()) {
                    continue;
                }
                for (Path path : expand(element)) {
                    List<Factory> found = read(path, false, warnings);
                    if (found != null) {
                        factories.addAll(found);
                        sources.add(path);
                    }
                }
            }
        }
        return new Manifests(factories, sources, warnings);
    }

    /**
     * Reads the manifest of exactly one jar, class output directory or {@code factories.txt}.
     *
     * @throws CliException if there is none or it is malformed
     */
    static Manifests fromOne(Path path) {
        List<String> warnings = new ArrayList<>();
        List<Factory> found = read(path, true, warnings);
        return new Manifests(found, List.of(path), warnings);
    }

    /** Every factory in classpath order, duplicates included. */
    List<Factory> all() {
        return factories;
    }

    /** The files manifests were read from. */
    List<Path> sources() {
        return sources;
    }

    /** Problems worth telling the user that did not stop reading. */
    List<String> warnings() {
        return warnings;
    }

    /** Whether no manifest was found. */
    boolean isEmpty() {
        return sources.isEmpty();
    }

    /** Each factory's current fingerprint: its first occurrence, as on a classpath. */
    Map<String, Factory> current() {
        Map<String, Factory> current = new TreeMap<>();
        factories.forEach(f -> current.putIfAbsent(f.name(), f));
        return current;
    }

    /** For each factory, every version some manifest calls current. */
    Map<String, Set<String>> versions() {
        Map<String, Set<String>> versions = new TreeMap<>();
        factories.forEach(f -> versions.computeIfAbsent(f.name(), n -> new TreeSet<>())
                .add(f.version()));
        Map<String, Set<String>> frozen = new LinkedHashMap<>();
        versions.forEach((name, set) -> frozen.put(name, Collections.unmodifiableSet(set)));
        return frozen;
    }

    private static List<Path> expand(String element) {
        if (element.equals("*") || element.endsWith(File.separator + "*")) {
            Path dir = Path.of(element.substring(0, element.length() - 1).isEmpty() ? "."
                    : element.substring(0, element.length() - 1));
            List<Path> jars = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                stream.forEach(jars::add);
            } catch (IOException e) {
                throw new CliException("cannot list " + dir + ": " + e.getMessage());
            }
            Collections.sort(jars);
            return jars;
        }
        Path path = Path.of(element);
        if (!Files.exists(path)) {
            throw new CliException("classpath element " + element + " does not exist");
        }
        return List.of(path);
    }

    /** The factories of one location, or null when it has no manifest and none is required. */
    private static List<Factory> read(Path path, boolean required, List<String> warnings) {
        String text;
        String where;
        try {
            if (Files.isDirectory(path)) {
                Path manifest = path.resolve(PATH);
                if (!Files.isRegularFile(manifest)) {
                    return missing(path, required);
                }
                where = manifest.toString();
                text = decode(Files.readAllBytes(manifest), where);
            } else if (path.getFileName().toString().endsWith(".txt")) {
                where = path.toString();
                text = decode(Files.readAllBytes(path), where);
            } else {
                where = path + "!/" + PATH;
                try (ZipFile zip = new ZipFile(path.toFile())) {
                    ZipEntry entry = zip.getEntry(PATH);
                    if (entry == null) {
                        return missing(path, required);
                    }
                    try (InputStream in = zip.getInputStream(entry)) {
                        text = decode(in.readAllBytes(), where);
                    }
                } catch (ZipException e) {
                    throw new CliException(path + " is neither a jar, a directory nor a .txt"
                            + " manifest: " + e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            throw new CliException(path + " does not exist");
        } catch (IOException e) {
            throw new CliException("cannot read " + path + ": " + e.getMessage());
        }
        try {
            return parse(text, path, warnings, where);
        } catch (IllegalArgumentException e) {
            throw new CliException("malformed manifest " + where + ": " + e.getMessage());
        }
    }

    private static List<Factory> missing(Path path, boolean required) {
        if (required) {
            throw new CliException(path + " has no " + PATH
                    + " (was it compiled with the cachedfactory processor?)");
        }
        return null;
    }

    private static String decode(byte[] bytes, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CliException("malformed manifest " + where + ": not UTF-8");
        }
    }

    /**
     * Parses a manifest's text (the processor's {@link FactoryManifest} format); a factory whose
     * VERSION does not match its components is taken by its components, with a warning.
     */
    static List<Factory> parse(String text, Path source, List<String> warnings, String where) {
        SortedMap<String, FactoryRecord> records;
        try {
            records = FactoryManifest.parse(text);
        } catch (FactoryRecords.FormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<Factory> factories = new ArrayList<>();
        for (FactoryRecord record : records.values()) {
            String version = record.version();
            String computed = Fingerprint.of(record.components()).version();
            if (!computed.equals(version)) {
                warnings.add(where + ": " + record.factory() + "'s version " + version
                        + " does not match its components (" + computed
                        + "); using the components");
                version = computed;
            }
            factories.add(new Factory(record.factory(), record.type(), version,
                    record.components(), source));
        }
        return factories;
    }
}
