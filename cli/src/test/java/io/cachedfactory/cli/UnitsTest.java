package io.cachedfactory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({
        "1000, 1000", "512B, 512", "10MB, 10000000", "10mb, 10000000", "10MiB, 10485760",
        "1GiB, 1073741824", "2G, 2147483648", "1.5GB, 1500000000", "1 KB, 1000", "3k, 3072",
        "1TB, 1000000000000"})
    void parseSize_unitsAndCase_giveBytes(String text, long bytes) {
        assertEquals(bytes, Units.parseSize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "-1MB", "10XB", "10 MiBs", "10ib", "1e3"})
    void parseSize_invalid_failsSayingWhatIsAllowed(String text) {
        assertEquals("invalid size '" + text + "': use bytes or a number with a unit, such as"
                        + " 500MB, 10MiB, 1.5GB or 2G",
                assertThrows(IllegalArgumentException.class, () -> Units.parseSize(text))
                        .getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "P30D, 2592000", "p30d, 2592000", "PT12H, 43200", "30d, 2592000", "12h, 43200",
        "15m, 900", "90s, 90", "2w, 1209600", "1d12h, 129600", "PT0S, 0"})
    void parseDuration_isoAndShortForms_giveSeconds(String text, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), Units.parseDuration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "d", "30x", "-P1D", "P-1D", "1d 12h", "soon"})
    void parseDuration_invalid_failsSayingWhatIsAllowed(String text) {
        String message = assertThrows(IllegalArgumentException.class,
                () -> Units.parseDuration(text)).getMessage();

        assertEquals("invalid duration '" + text + "': use ISO-8601 such as P30D or PT12H, or"
                + " 30d, 12h, 15m, 90s, 2w, 1d12h", message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999999d", "99999999999999999999s", "1000000000000000w",
        "106751991167300d1d", "P999999999999999D", "PT9999999999999999999S"})
    void parseDuration_beyondWhatADurationHolds_failsSayingTooLong(String text) {
        String message = assertThrows(IllegalArgumentException.class,
                () -> Units.parseDuration(text)).getMessage();

        assertEquals("duration '" + text + "' is too long: 106751991167300 days at most", message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999", "9999999TB", "100000000000000000000000GiB"})
    void parseSize_beyondLong_failsSayingTooLarge(String text) {
        assertEquals("size '" + text + "' is too large",
                assertThrows(IllegalArgumentException.class, () -> Units.parseSize(text))
                        .getMessage());
    }

    @Test
    void formatSizeAndAge_showTwoSignificantUnits() {
        assertEquals("512 B", Units.formatSize(512));
        assertEquals("1.5 KiB", Units.formatSize(1536));
        assertEquals("10.0 MiB", Units.formatSize(10L << 20));
        assertEquals("45s", Units.formatAge(Duration.ofSeconds(45)));
        assertEquals("12m 3s", Units.formatAge(Duration.ofSeconds(723)));
        assertEquals("3d 4h", Units.formatAge(Duration.ofHours(76).plusMinutes(5)));
        assertEquals("2h", Units.formatAge(Duration.ofHours(2)));
    }
}
