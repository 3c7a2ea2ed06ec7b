package io.cachedfactory.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The manifest's format line and the record blocks it shares with the lock file. */
class FactoryManifestTest {

    private static final FactoryRecord RECORD = new FactoryRecord("a.BFactory", "a.B",
            "0".repeat(64), new TreeMap<>(Map.of("resource:data/my file 100%.csv", "sha256:00",
                    "version:Zoë Ann", "7")));

    @Test
    void render_thenParse_roundTripsAndStartsWithTheFormatLine() throws Exception {
        String text = FactoryManifest.render(List.of(RECORD));

        assertTrue(text.startsWith("# cachedfactory manifest, format 1\n"), text);
        assertTrue(text.contains("\n  resource:data/my%20file%20100%25.csv sha256:00\n"), text);
        assertEquals(Map.of("a.BFactory", RECORD), FactoryManifest.parse(text));
        assertEquals(Map.of("a.BFactory", RECORD),
                FactoryManifest.parse(text.replace("\n", "\r\n")));
    }

    @Test
    void parse_otherFormatOrNoFormatLine_failsSayingWhich() {
        assertEquals("format 2 is not supported; this tool reads format 1 (use a matching"
                + " cachedfactory)", assertThrows(FactoryRecords.FormatException.class,
                        () -> FactoryManifest.parse("# cachedfactory manifest, format 2\n"))
                .getMessage());
        assertEquals("line 1: expected \"# cachedfactory manifest, format 1\"",
                assertThrows(FactoryRecords.FormatException.class,
                        () -> FactoryManifest.parse(FactoryRecords.render("", List.of(RECORD))))
                        .getMessage());
    }
}
