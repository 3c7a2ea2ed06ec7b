package io.cachedfactory.processor;

import static io.cachedfactory.processor.FingerprintTest.SCHEMA;
import static io.cachedfactory.processor.FingerprintTest.TABLE;
import static io.cachedfactory.processor.FingerprintTest.UNITS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.common.FactoryRecord;
import io.cachedfactory.processor.TestProject.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3 of issue 4: {@code -Acachedfactory.lockfile} fails a compile whose fingerprints
 * differ from the committed lock file, names each changed component, and passes again after the
 * update command ({@code -Acachedfactory.lockfile.update=true}, which the README's Maven setup
 * maps to {@code mvn compile -Dcachedfactory.updateLock=true}).
 *
 * <p>The project is {@link FingerprintTest}'s (Table, its dependencies Schema, Rounding and,
 * through Schema, Units) plus a second factory, Matrix, in a file of its own.
 */
class LockFileTest {

    static final String MATRIX = "com/acme/Matrix.java";
    static final String MATRIX_SOURCE = """
            package com.acme;

            import io.cachedfactory.CachedFactory;
            import java.io.Serializable;

            @CachedFactory
            public final class Matrix implements Serializable {
                private final int size;

                public Matrix(int size) {
                    this.size = size;
                }
            }
            """;

    @TempDir
    Path directory;
    Path lock;
    TestProject project;

    @BeforeEach
    void lockTheOriginal() {
        lock = directory.resolve("cachedfactory.lock");
        project = FingerprintTest.newProject(directory.resolve("p")).source(MATRIX, MATRIX_SOURCE);
        Outcome update = update();
        assertTrue(update.ok(), update::toString);
    }

    private Outcome check() {
        return project.options("-Acachedfactory.lockfile=" + lock).tryCompile();
    }

    /** The documented update command's compile. */
    private Outcome update() {
        return project.options("-Acachedfactory.lockfile=" + lock,
                "-Acachedfactory.lockfile.update=true").tryCompile();
    }

    private String lockText() throws IOException {
        return Files.readString(lock, StandardCharsets.UTF_8);
    }

    private static void assertPasses(Outcome outcome) {
        assertTrue(outcome.ok(), outcome::toString);
        assertEquals(List.of(), outcome.messages(Diagnostic.Kind.ERROR));
        assertEquals(List.of(), outcome.messages(Diagnostic.Kind.WARNING));
    }

    /** The one error, which must be on the line of {@code path} containing {@code text}. */
    private Diagnostic<? extends JavaFileObject> singleErrorOn(Outcome outcome, String path,
            String text) throws IOException {
        assertFalse(outcome.ok(), outcome::toString);
        Diagnostic<? extends JavaFileObject> error = outcome.single(Diagnostic.Kind.ERROR);
        assertTrue(error.getSource() != null
                && Path.of(error.getSource().toUri()).endsWith(path), error::toString);
        String line = Files.readAllLines(project.sources.resolve(path))
                .get((int) error.getLineNumber() - 1);
        assertTrue(line.contains(text), () -> "error on line \"" + line + "\": " + error);
        return error;
    }

    @Test
    void check_unchangedSources_passes() {
        assertPasses(check());
    }

    @Test
    void check_commentOnlyChanges_pass() {
        project.edit(TABLE, s -> s.replace("final class", "/** Now documented. */ final class"))
                .edit(UNITS, s -> s.replace("final class", "// units\nfinal /* sic */ class"));
        assertPasses(check());
    }

    @Test
    void check_oneTokenInDependency_failsNamingItThenPassesAfterUpdate() throws IOException {
        project.edit(SCHEMA, s -> s.replace("\"c\" + index", "\"col\" + index"));

        Diagnostic<? extends JavaFileObject> error = singleErrorOn(check(), TABLE,
                "@CachedFactory(");
        assertEquals(List.of("[CachedFactoryLock] the fingerprint of com.acme.TableFactory"
                + " differs from lock file " + lock + ", so objects it stored will be rebuilt:",
                "source:com.acme.Schema changed",
                "source:com.acme.Schema#column(int) changed",
                "If this change is intended, update the lock file: compile with"
                + " -Acachedfactory.lockfile.update=true (with the README's Maven setup: mvn"
                + " compile -Dcachedfactory.updateLock=true) and commit the lock file"),
                lines(error.getMessage(Locale.ROOT)));

        String before = lockText();
        Outcome update = update();
        assertPasses(update);
        assertEquals(List.of("[CachedFactoryLock] lock file " + lock + " updated (2 factories)",
                "com.acme.TableFactory: source:com.acme.Schema changed,"
                        + " source:com.acme.Schema#column(int) changed"),
                lines(update.single(Diagnostic.Kind.NOTE).getMessage(Locale.ROOT)));
        assertFalse(before.equals(lockText()));
        assertPasses(check());
    }

    @Test
    void check_severalChanges_namesEachChangedComponent() throws IOException {
        project.edit(TABLE, s -> s.replace("value = 3", "value = 4"))
                .edit(UNITS, s -> s.replace("\"m\"", "\"km\""))
                .classOutputFile("tables/columns.csv", "id,name,year\n".getBytes(
                        StandardCharsets.UTF_8));

        List<String> lines = lines(singleErrorOn(check(), TABLE, "@CachedFactory(")
                .getMessage(Locale.ROOT));
        assertEquals(List.of("resource:tables/columns.csv changed",
                "source:com.acme.Units changed", "source:com.acme.Units#METRES changed",
                "version:alice 3 → 4"),
                lines.subList(1, lines.size() - 1));
    }

    @Test
    void check_newFactory_failsUntilUpdated() throws IOException {
        project.source("com/acme/Kernel.java", """
                package com.acme;

                public final class Kernel implements java.io.Serializable {
                    @io.cachedfactory.CachedFactory
                    public Kernel(String name) {
                    }
                }
                """);

        String message = singleErrorOn(check(), "com/acme/Kernel.java", "CachedFactory")
                .getMessage(Locale.ROOT);
        assertTrue(message.startsWith("[CachedFactoryLock] com.acme.KernelFactory is a new"
                + " factory, not in lock file " + lock + "; update the lock file: compile with"
                + " -Acachedfactory.lockfile.update=true"), message);

        assertPasses(update());
        assertTrue(lockText().contains("\ncom.acme.KernelFactory com.acme.Kernel "), lockText());
        assertPasses(check());
    }

    @Test
    void check_removedFactory_failsUntilUpdated() throws IOException {
        Files.delete(project.sources.resolve(MATRIX));

        Outcome outcome = check();
        assertFalse(outcome.ok(), outcome::toString);
        assertEquals(List.of("[CachedFactoryLock] lock file " + lock + " lists"
                + " com.acme.MatrixFactory (the factory of com.acme.Matrix), which this"
                + " compilation no longer generates; update the lock file: "
                + LockFileCheck.UPDATE_HINT), outcome.messages(Diagnostic.Kind.ERROR));

        assertPasses(update());
        assertFalse(lockText().contains("MatrixFactory"), lockText());
        assertPasses(check());
    }

    @Test
    void check_annotationRemovedFromCompiledClass_fails() {
        project.edit(MATRIX, s -> s.replace("@CachedFactory\n", ""));

        Outcome outcome = check();
        assertFalse(outcome.ok(), outcome::toString);
        assertTrue(outcome.single(Diagnostic.Kind.ERROR).getMessage(Locale.ROOT)
                .contains("lists com.acme.MatrixFactory"), outcome::toString);
    }

    @Test
    void checkAndUpdate_partialCompile_leaveFactoriesItDoesNotSeeAlone() throws IOException {
        String before = lockText();
        project.only(TABLE);
        assertPasses(check());

        project.edit(TABLE, s -> s.replace("* 2", "* 3"));
        assertPasses(update());
        String after = lockText();
        assertTrue(after.contains("\ncom.acme.MatrixFactory "), after);
        assertEquals(blocks(before).get("com.acme.MatrixFactory"),
                blocks(after).get("com.acme.MatrixFactory"));
    }

    @Test
    void check_missingLockFile_failsSayingHowToCreateIt() throws IOException {
        Files.delete(lock);

        Outcome outcome = check();
        assertFalse(outcome.ok(), outcome::toString);
        assertEquals(List.of("[CachedFactoryLock] lock file " + lock + " does not exist; create"
                + " it: " + LockFileCheck.UPDATE_HINT), outcome.messages(Diagnostic.Kind.ERROR));
    }

    @Test
    void check_mergeConflictInLockFile_failsNamingTheLine() throws IOException {
        Files.writeString(lock, lockText().replaceFirst("\ncom.acme.MatrixFactory",
                "\n<<<<<<< HEAD\ncom.acme.MatrixFactory"));

        Outcome outcome = check();
        assertFalse(outcome.ok(), outcome::toString);
        String message = outcome.single(Diagnostic.Kind.ERROR).getMessage(Locale.ROOT);
        assertTrue(message.startsWith("[CachedFactoryLock] lock file " + lock + " cannot be read:"
                + " line 8: expected \"<factory> <cached type> <VERSION>\", found \"<<<<<<<"
                + " HEAD\"; do not edit or merge it by hand, regenerate it"), message);
    }

    @Test
    void check_relativePath_resolvesAgainstWorkingDirectory() {
        Path relative = Path.of("").toAbsolutePath().relativize(lock);
        assertFalse(relative.isAbsolute());
        assertPasses(project.options("-Acachedfactory.lockfile=" + relative).tryCompile());
    }

    @Test
    void check_updateOptionNotBoolean_failsNamingTheProperty() {
        Outcome outcome = project.options("-Acachedfactory.lockfile=" + lock,
                "-Acachedfactory.lockfile.update=${cachedfactory.updateLock}").tryCompile();
        assertFalse(outcome.ok(), outcome::toString);
        assertEquals(List.of("[CachedFactoryLock] option"
                + " -Acachedfactory.lockfile.update=${cachedfactory.updateLock} is neither true"
                + " nor false; with Maven, define the property it comes from in the pom"
                + " (<cachedfactory.updateLock>false</cachedfactory.updateLock>)"),
                outcome.messages(Diagnostic.Kind.ERROR));
    }

    @Test
    void update_unchanged_keepsTheBytesAndSaysUpToDate() throws IOException {
        String before = lockText();
        Outcome again = update();
        assertPasses(again);
        assertEquals(List.of("[CachedFactoryLock] lock file " + lock
                + " is up to date (2 factories)"), again.messages(Diagnostic.Kind.NOTE));
        assertEquals(before, lockText());
    }

    @Test
    void update_writesSortedBlocksOfEveryComponent() throws IOException {
        String text = lockText();
        assertTrue(text.startsWith(LockFile.HEADER), text);
        List<String> lines = text.substring(LockFile.HEADER.length()).lines().toList();
        assertEquals("", lines.get(0));
        assertTrue(lines.get(1).matches("com\\.acme\\.MatrixFactory com\\.acme\\.Matrix"
                + " [0-9a-f]{64}"), lines.get(1));
        assertEquals(List.of("  codec:fory-1.6.0/1 fory-1.6.0/1", "  format:1 1"),
                lines.subList(2, 4));
        assertTrue(lines.get(4).matches("  source:com\\.acme\\.Matrix#Matrix\\(int\\)"
                + " sha256:[0-9a-f]{64}"), lines.get(4));
        assertTrue(lines.get(5).matches("  source:com\\.acme\\.Matrix#class sha256:[0-9a-f]{64}"));
        assertTrue(lines.get(6).matches("  source:com\\.acme\\.Matrix#size sha256:[0-9a-f]{64}"));
        assertEquals("", lines.get(7));
        assertTrue(lines.get(8).startsWith("com.acme.TableFactory com.acme.Table "));
        assertEquals(List.of("codec:fory-1.6.0/1", "format:1",
                "resource:tables/columns.csv", "source:com.acme.Rounding",
                "source:com.acme.Schema", "source:com.acme.Schema#class",
                "source:com.acme.Schema#column(int)", "source:com.acme.Table#Table(String,int)",
                "source:com.acme.Table#class", "source:com.acme.Table#name",
                "source:com.acme.Table#year", "source:com.acme.Units",
                "source:com.acme.Units#METRES", "source:com.acme.Units#class",
                "version:alice"), lines.subList(9, lines.size()).stream()
                        .map(line -> line.substring(2, line.indexOf(' ', 2))).toList());
        assertTrue(lines.get(lines.size() - 1).equals("  version:alice 3"), text);
        assertEquals(project.version(FingerprintTest.FACTORY), lines.get(8).split(" ")[2]);
    }

    @Test
    void parse_renderedEntries_roundTripsNamesWithSpacesAndPercent() throws Exception {
        FactoryRecord entry = new FactoryRecord("a.BFactory", "a.B", "0".repeat(64),
                new TreeMap<>(Map.of("resource:data/my file 100%.csv", "sha256:00",
                        "version:Zoë Ann", "7")));
        String text = LockFile.render(List.of(entry));
        assertTrue(text.contains("\n  resource:data/my%20file%20100%25.csv sha256:00\n"), text);
        assertTrue(text.contains("\n  version:Zoë%20Ann 7\n"), text);
        assertEquals(Map.of("a.BFactory", entry), LockFile.parse(text.replace("\n", "\r\n")));
    }

    /** A message's lines without the indentation javac adds to continuation lines. */
    private static List<String> lines(String message) {
        return message.lines().map(String::strip).toList();
    }

    /** The lock file's blocks by factory name. */
    private static Map<String, String> blocks(String text) {
        Map<String, String> blocks = new TreeMap<>();
        for (String block : text.split("\n\n")) {
            if (!block.startsWith("#")) {
                blocks.put(block.substring(0, block.indexOf(' ')), block);
            }
        }
        return blocks;
    }
}
