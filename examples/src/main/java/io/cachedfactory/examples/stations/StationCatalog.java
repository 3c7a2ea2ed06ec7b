package io.cachedfactory.examples.stations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The weather stations the examples compute with: the table {@value #RESOURCE} shipped in the jar,
 * or, when the system property {@value #OVERRIDE_PROPERTY} names a CSV file of the same columns,
 * that file.
 *
 * <p>The bundled table is a build-time resource, so its bytes are part of the fingerprint of every
 * factory that declares it. A file chosen at run time cannot be: {@link #identity()} describes it
 * for {@code @Traits} methods, which put it in every request's key.
 */
public final class StationCatalog {

    /** The bundled table, relative to the class path root. */
    public static final String RESOURCE = "io/cachedfactory/examples/stations/stations.csv";

    /** System property naming a CSV file to use instead of the bundled table. */
    public static final String OVERRIDE_PROPERTY = "examples.stations";

    private static final String HEADER = "id,latitude,longitude,elevation_m";

    private StationCatalog() {
    }

    /** The stations, in file order. */
    public static List<Station> load() {
        return parse(new String(bytes(), StandardCharsets.UTF_8));
    }

    /**
     * Which table {@link #load()} reads: {@code "bundled"}, or the override file's name and the
     * SHA-256 of its contents (cheap for a table of this size, and exact where a modification time
     * would not be).
     */
    public static String identity() {
        Path override = override();
        if (override == null) {
            return "bundled";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes());
            return override.getFileName() + ":sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static List<Station> parse(String csv) {
        String[] lines = csv.split("\n");
        if (lines.length == 0 || !lines[0].strip().equals(HEADER)) {
            throw new IllegalArgumentException("station table must start with the header '"
                    + HEADER + "'");
        }
        List<Station> stations = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length != 4) {
                throw new IllegalArgumentException("station table line " + (i + 1)
                        + " has " + fields.length + " fields, expected 4: " + line);
            }
            stations.add(new Station(fields[0], Double.parseDouble(fields[1]),
                    Double.parseDouble(fields[2]), Integer.parseInt(fields[3])));
        }
        return List.copyOf(stations);
    }

    private static byte[] bytes() {
        Path override = override();
        try {
            if (override != null) {
                return Files.readAllBytes(override);
            }
            try (InputStream in = StationCatalog.class.getClassLoader()
                    .getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the class path");
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the station table", e);
        }
    }

    private static Path override() {
        String file = System.getProperty(OVERRIDE_PROPERTY);
        return file == null || file.isBlank() ? null : Path.of(file);
    }
}
