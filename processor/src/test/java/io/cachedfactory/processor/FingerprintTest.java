package io.cachedfactory.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 3: what changes {@code VERSION} and what does not. Each test compiles a small project
 * (a cached type, a declared dependency, a transitive one through {@code @CacheDependency}, a
 * resource in the class output), edits one thing, compiles again and compares the manifest's
 * {@code VERSION}.
 */
class FingerprintTest {

    static final String FACTORY = "com.acme.TableFactory";
    static final String TABLE = "com/acme/Table.java";
    static final String SCHEMA = "com/acme/Schema.java";
    static final String UNITS = "com/acme/Units.java";

    static final String TABLE_SOURCE = """
            package com.acme;

            import io.cachedfactory.CachedFactory;
            import io.cachedfactory.Version;
            import java.io.Serializable;

            /** A table. */
            @CachedFactory(dependsOn = {Schema.class, Rounding.class},
                    resources = "tables/columns.csv",
                    versions = @Version(owner = "alice", value = 3))
            public final class Table implements Serializable {
                private final String name;
                private final int year;

                public Table(String name, int year) {
                    this.name = name + Schema.column(year);
                    this.year = year;
                }

                int size() {
                    return name.length() * 2;
                }
            }
            """;

    static final String SCHEMA_SOURCE = """
            package com.acme;

            import io.cachedfactory.CacheDependency;

            /** Column names. */
            @CacheDependency(dependsOn = Units.class)
            final class Schema {
                private Schema() {
                }

                static String column(int index) {
                    return "c" + index + Units.METRES;
                }
            }
            """;

    static final String UNITS_SOURCE = """
            package com.acme;

            final class Units {
                static final String METRES = "m";
            }
            """;

    static final String ROUNDING_SOURCE = """
            package com.acme;

            final class Rounding {
                static double round(double value) {
                    return Math.rint(value);
                }
            }
            """;

    @TempDir
    Path directory;
    TestProject project;
    String before;

    @BeforeEach
    void compileOriginal() {
        project = newProject(directory.resolve("p"));
        before = project.compile(false).version(FACTORY);
    }

    static TestProject newProject(Path root) {
        return new TestProject(root)
                .source(TABLE, TABLE_SOURCE)
                .source(SCHEMA, SCHEMA_SOURCE)
                .source(UNITS, UNITS_SOURCE)
                .source("com/acme/Rounding.java", ROUNDING_SOURCE)
                .classOutputFile("tables/columns.csv",
                        "id,name\n".getBytes(StandardCharsets.UTF_8));
    }

    private String versionAfter(String path, UnaryOperator<String> edit) {
        return project.edit(path, edit).compile(false).version(FACTORY);
    }

    static Stream<Arguments> editsThatKeepVersion() {
        return Stream.of(TABLE, SCHEMA).flatMap(file -> Stream.of(
                Arguments.of(file, "line comment", (UnaryOperator<String>) s -> s.replace(
                        "final class", "// a new comment\nfinal class")),
                Arguments.of(file, "block comment", (UnaryOperator<String>) s -> s.replace(
                        "final class", "final /* why */ class")),
                Arguments.of(file, "Javadoc", (UnaryOperator<String>) s -> s.replace(
                        "final class", "/** Documented now. */\nfinal class")
                        .replace("/** A table. */", "/** A table, explained at length. */")),
                Arguments.of(file, "whitespace", (UnaryOperator<String>) s -> s.replace(
                        "\n", "\n\n").replace("    ", "\t")),
                Arguments.of(file, "reformat", (UnaryOperator<String>) FingerprintTest::reformat)));
    }

    /** A different formatter: everything on as few lines as possible, other indentation. */
    static String reformat(String source) {
        return source.replaceAll("\\s*\\n\\s*", " ").replace("{ ", "{\n  ").replace("; ", ";\n  ")
                .replace("( ", "(");
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("editsThatKeepVersion")
    void version_editWithoutTokenChange_staysTheSame(String file, String what,
            UnaryOperator<String> edit) {
        assertEquals(before, versionAfter(file, edit));
    }

    @Test
    void version_oneTokenChangeInCachedType_changes() {
        assertNotEquals(before, versionAfter(TABLE,
                s -> s.replace("this.year = year;", "this.year = -year;")));
    }

    @Test
    void version_editInMethodNoConstructorCalls_keeps() {
        assertEquals(before, versionAfter(TABLE, s -> s.replace("* 2", "* 3")));
    }

    @Test
    void version_oneTokenChangeInDeclaredDependency_changes() {
        assertNotEquals(before, versionAfter("com/acme/Rounding.java",
                s -> s.replace("Math.rint(value)", "Math.floor(value)")));
    }

    @Test
    void version_oneTokenChangeInTransitiveDependency_changes() {
        assertNotEquals(before, versionAfter(UNITS, s -> s.replace("\"m\"", "\"km\"")));
    }

    @Test
    void version_changedResourceByte_changes() {
        project.classOutputFile("tables/columns.csv",
                "id,namE\n".getBytes(StandardCharsets.UTF_8));
        assertNotEquals(before, project.compile(false).version(FACTORY));
    }

    @Test
    void version_bumpedCounter_changes() {
        assertNotEquals(before, versionAfter(TABLE, s -> s.replace("value = 3", "value = 4")));
    }

    @Test
    void version_newCounter_changes() {
        assertNotEquals(before, versionAfter(TABLE, s -> s.replace(
                "versions = @Version(owner = \"alice\", value = 3)",
                "versions = {@Version(owner = \"alice\", value = 3),"
                        + " @Version(owner = \"bob\", value = 0)}")));
    }

    @Test
    void version_dependsOnReordered_staysTheSame() {
        assertEquals(before, versionAfter(TABLE, s -> s.replace(
                "{Schema.class, Rounding.class}", "{Rounding.class, Schema.class}")));
    }

    @Test
    void version_maxAgeAdded_staysTheSame() {
        assertEquals(before, versionAfter(TABLE, s -> s.replace(
                "resources = ", "maxAge = \"P30D\", resources = ")));
    }

    @Test
    void version_qualifiedAnnotationName_sameAsImported() {
        assertEquals(before, versionAfter(TABLE, s -> s.replace(
                "@CachedFactory(", "@io.cachedfactory.CachedFactory(")));
    }

    @Test
    void withoutCacheAnnotations_cutsAnnotationsAndTheirArguments() {
        String tokens = String.join("\n", "@", "CachedFactory", "(", "dependsOn", "=", "{",
                "A", ".", "class", "}", ",", "versions", "=", "@", "Version", "(", "value", "=",
                "1", ")", ")", "public", "class", "X", "{", "@", "Override", "@", "io", ".",
                "cachedfactory", ".", "CacheDependency", "}", "");
        assertEquals("public\nclass\nX\n{\n@\nOverride\n}\n",
                CacheAnnotations.cut(tokens));
    }

    @Test
    void version_sameSourcesInAnotherDirectory_staysTheSame() {
        TestProject elsewhere = newProject(directory.resolve("elsewhere/deeper"));
        assertEquals(before, elsewhere.compile(false).version(FACTORY));
    }

    @Test
    void version_resourceOnSourcePath_isFoundAndCounts() throws Exception {
        Files.delete(project.classes.resolve("tables/columns.csv"));
        project.sourcePathFile("tables/columns.csv", "id,name\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(before, project.compile(false).version(FACTORY));
        project.sourcePathFile("tables/columns.csv", "id,nam\n".getBytes(StandardCharsets.UTF_8));
        assertNotEquals(before, project.compile(false).version(FACTORY));
    }

    @Test
    void version_dependencyFromClassPath_countsItsClassFile() throws Exception {
        TestProject library = new TestProject(directory.resolve("lib"))
                .source("org/lib/Library.java",
                        "package org.lib;\npublic final class Library { public static int k() {"
                                + " return 1; } }\n");
        library.compile(true);
        project.classPath(library.classes).edit(TABLE, s -> s.replace(
                "{Schema.class, Rounding.class}",
                "{Schema.class, Rounding.class, org.lib.Library.class}"));
        String withLibrary = project.compile(false).version(FACTORY);
        assertTrue(project.manifest().contains("\n  source:org.lib.Library class-sha256:"),
                project.manifest());

        library.edit("org/lib/Library.java", s -> s.replace("return 1;", "return 2;"))
                .compile(true);
        assertNotEquals(withLibrary, project.compile(false).version(FACTORY));
    }

    @Test
    void manifest_listsEveryComponent() {
        String manifest = project.manifest();
        for (String component : new String[] {"codec:" + io.cachedfactory.common.StoreFormat.DEFAULT_CODEC_ID, "format:1",
                "resource:tables/columns.csv", "source:com.acme.Rounding",
                "source:com.acme.Schema", "source:com.acme.Schema#column(int)",
                "source:com.acme.Table#Table(String,int)", "source:com.acme.Table#class",
                "source:com.acme.Units", "source:com.acme.Units#METRES", "version:alice"}) {
            assertTrue(manifest.contains("\n  " + component + " "), component + " missing:\n"
                    + manifest);
        }
    }
}
