package io.cachedfactory.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same sources give the same VERSION under javac 17 and javac 25 (issue 11, acceptance 5):
 * what the analysis reaches and how it hashes sources must not depend on the compiler's version.
 */
class CrossJdkVersionTest {

    static final Path JDK25_JAVAC = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/javac");

    static final String TEXTS_SOURCE = """
            package com.acme;

            import io.cachedfactory.CachedFactory;
            import java.io.Serializable;

            /** Text blocks, unicode escapes, non-ASCII identifiers: what tokenizers get wrong. */
            @CachedFactory(dependsOn = Schema.class)
            public final class Texts implements Serializable {
                static final String BLOCK = \"""
                        SELECT *
                          FROM t\\tx
                        \""";
                static final char A = '\\u0041';
                private final String résumé;

                public Texts(String name) {
                    this.résumé = name + BLOCK + A + (1 >>> 2);
                }
            }
            """;

    @TempDir
    Path directory;

    @Test
    void version_javac17AndJavac25_areEqual() throws Exception {
        assertTrue(Files.isExecutable(JDK25_JAVAC), "this test needs JDK 25's javac at "
                + JDK25_JAVAC + " (present on CI machines); install Temurin 25 there");

        TestProject onJdk17 = FingerprintTest.newProject(directory.resolve("17"))
                .source("com/acme/Texts.java", TEXTS_SOURCE).compile(false);
        TestProject onJdk25 = FingerprintTest.newProject(directory.resolve("25"))
                .source("com/acme/Texts.java", TEXTS_SOURCE).compileWith(JDK25_JAVAC);

        assertEquals(2, onJdk17.versions().size(), onJdk17.manifest());
        assertEquals(onJdk17.versions(), onJdk25.versions());
        // Components too, so a difference is easy to read when it happens.
        assertEquals(onJdk17.manifest(), onJdk25.manifest());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reachConstructs")
    void reach_javac17AndJavac25_reachTheSameMembers(ReachFingerprintTest.Case construct)
            throws Exception {
        TestProject onJdk17 = new TestProject(directory.resolve("17"));
        TestProject onJdk25 = new TestProject(directory.resolve("25"));
        construct.sources().forEach((path, text) -> {
            onJdk17.source(path, text);
            onJdk25.source(path, text);
        });
        onJdk17.compile(false);
        onJdk25.compileWith(JDK25_JAVAC);
        assertEquals(onJdk17.generatedSource(ReachFingerprintTest.FACTORY),
                onJdk25.generatedSource(ReachFingerprintTest.FACTORY));
    }

    /** The constructs whose bytecode differs most between javac versions. */
    static Stream<ReachFingerprintTest.Case> reachConstructs() {
        Set<String> chosen = Set.of("lambda", "method reference", "anonymous class",
                "enum constant body", "record compact constructor", "switch expression",
                "generic method", "var of a type never written",
                "interface call, second implementation");
        return ReachFingerprintTest.constructs().filter(c -> chosen.contains(c.construct()));
    }
}
