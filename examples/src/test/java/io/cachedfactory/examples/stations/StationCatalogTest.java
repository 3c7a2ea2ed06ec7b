package io.cachedfactory.examples.stations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StationCatalogTest {

    @Test
    void resource_isExactlyWhatTheGeneratorWrites() throws IOException {
        try (InputStream in = StationCatalog.class.getClassLoader()
                .getResourceAsStream(StationCatalog.RESOURCE)) {
            String committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(StationsCsv.generate(), committed,
                    "regenerate with: java StationsCsv.java <resource file>");
        }
    }

    @Test
    void load_bundledTable_returnsEveryStationInFileOrder() {
        List<Station> stations = StationCatalog.load();

        assertEquals(StationsCsv.STATIONS, stations.size());
        assertEquals("ST0001", stations.get(0).id());
        assertEquals("ST4000", stations.get(stations.size() - 1).id());
        assertTrue(stations.stream().allMatch(s -> s.latitude() > 30 && s.latitude() < 75
                && s.longitude() > -20 && s.longitude() < 40));
    }

    @Test
    void identity_withoutOverride_isBundled() {
        assertEquals("bundled", StationCatalog.identity());
    }

    @Test
    void parse_wrongHeader_namesTheExpectedHeader() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StationCatalog.parse("name,lat,lon\nA,1,2\n"));

        assertTrue(e.getMessage().contains("id,latitude,longitude,elevation_m"), e.getMessage());
    }

    @Test
    void parse_shortLine_namesTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StationCatalog.parse("id,latitude,longitude,elevation_m\nA,1,2\n"));

        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
