package io.cachedfactory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.Fingerprint;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {

    /** A copy of the processor's golden manifest, processor/src/test/resources/expected. */
    private static final String PROCESSOR_SAMPLE = processorSample();

    @TempDir
    Path work;

    private static String processorSample() {
        try (InputStream in = ManifestsTest.class.getResourceAsStream(
                "processor-factories.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void parse_processorOutput_versionAgreesWithTheRuntimesFingerprint() {
        List<String> warnings = new ArrayList<>();

        List<Manifests.Factory> factories = Manifests.parse(PROCESSOR_SAMPLE, work, warnings,
                "sample");

        assertEquals(List.of(), warnings);
        assertEquals("com.acme.PlainFactory", factories.get(0).name());
        assertEquals("02dade002b9f66308e17f4ba22e1c97b1cf8c531235af171d5893f4d55dea102",
                factories.get(0).version());
        assertEquals("1", factories.get(0).components().get("format:1"));
    }

    @Test
    void parse_versionNotMatchingComponents_warnsAndUsesTheComponents() {
        List<String> warnings = new ArrayList<>();
        String tampered = PROCESSOR_SAMPLE.replace("02dade00", "ffffff00");

        List<Manifests.Factory> factories = Manifests.parse(tampered, work, warnings, "sample");

        assertEquals("02dade002b9f66308e17f4ba22e1c97b1cf8c531235af171d5893f4d55dea102",
                factories.get(0).version());
        assertTrue(warnings.get(0).startsWith("sample: com.acme.PlainFactory's version ffffff00"),
                warnings.toString());
    }

    @Test
    void parse_wrongShapes_failNamingTheLine() {
        String header = "# cachedfactory manifest, format 1\n";
        assertEquals("line 2: VERSION of a is not 64 hexadecimal digits: 1", assertThrows(
                IllegalArgumentException.class, () -> Manifests.parse(header + "a b 1\n", work,
                        List.of(), "x")).getMessage());
        assertEquals("line 1: expected \"# cachedfactory manifest, format 1\"", assertThrows(
                IllegalArgumentException.class, () -> Manifests.parse("{\"format\": 1}", work,
                        List.of(), "x")).getMessage());
    }

    @Test
    void fromOne_malformed_failsInOneLineNamingFileAndLine() throws IOException {
        Path file = Files.writeString(work.resolve("bad.txt"),
                "# cachedfactory manifest, format 1\n  format:1 1\n");

        CliException e = assertThrows(CliException.class, () -> Manifests.fromOne(file));

        assertEquals("malformed manifest " + file + ": line 2: a component before the first"
                + " factory line", e.getMessage());
    }

    @Test
    void fromClasspath_firstOccurrenceIsCurrentButStalePruningKeepsEveryVersion()
            throws IOException {
        Fingerprint v1 = Fingerprint.builder().add("version:a", "1").build();
        Fingerprint v2 = Fingerprint.builder().add("version:a", "2").build();
        Path newer = Fixtures.jar(work.resolve("lib/app-2.jar"), Map.of("com.acme.XFactory", v2));
        Path older = Fixtures.classesDirectory(work.resolve("classes"),
                Map.of("com.acme.XFactory", v1));
        Files.createDirectories(work.resolve("empty-classes"));

        Manifests manifests = Manifests.fromClasspath(List.of(
                work.resolve("lib") + File.separator + "*",
                older + File.pathSeparator + work.resolve("empty-classes")));

        assertEquals(v2.version(), manifests.current().get("com.acme.XFactory").version());
        assertEquals(Map.of("com.acme.XFactory", Set.of(v1.version(), v2.version())),
                manifests.versions());
        assertEquals(List.of(newer, older), manifests.sources());
    }

    @Test
    void fromClasspath_missingElement_failsNamingIt() {
        CliException e = assertThrows(CliException.class,
                () -> Manifests.fromClasspath(List.of(work.resolve("nope.jar").toString())));

        assertEquals("classpath element " + work.resolve("nope.jar") + " does not exist",
                e.getMessage());
    }
}
