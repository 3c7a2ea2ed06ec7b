package io.cachedfactory.examples.stations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the synthetic weather-station table the examples ship as a resource, deterministically:
 * stations scattered around a few centres in Europe, like real networks cluster around cities.
 *
 * <p>Run {@code java StationsCsv.java <file>} to regenerate the committed file; the test
 * {@code StationCatalogTest} checks that the committed file is exactly this output.
 */
final class StationsCsv {

    static final int STATIONS = 4_000;

    /** Centres: latitude, longitude, spread in degrees, share of stations. */
    private static final double[][] CENTRES = {
        {48.85, 2.35, 1.6, 0.16}, {52.52, 13.40, 1.4, 0.14}, {41.90, 12.50, 1.8, 0.12},
        {40.42, -3.70, 2.0, 0.12}, {59.33, 18.07, 2.5, 0.08}, {50.08, 14.44, 1.2, 0.08},
        {53.35, -6.26, 1.5, 0.06}, {47.50, 19.04, 1.4, 0.08}, {45.46, 9.19, 1.0, 0.10},
        {60.17, 24.94, 2.2, 0.06},
    };

    private StationsCsv() {
    }

    static String generate() {
        SplittableRandom random = new SplittableRandom(20_261_124L);
        StringBuilder csv = new StringBuilder("id,latitude,longitude,elevation_m\n");
        for (int i = 0; i < STATIONS; i++) {
            double[] centre = pick(random.nextDouble());
            double latitude = centre[0] + gaussian(random) * centre[2];
            double longitude = centre[1] + gaussian(random) * centre[2] * 1.5;
            int elevation = (int) Math.round(Math.abs(gaussian(random)) * 450);
            csv.append(String.format(Locale.ROOT, "ST%04d,%.5f,%.5f,%d%n", i + 1, latitude,
                    longitude, elevation).replace(System.lineSeparator(), "\n"));
        }
        return csv.toString();
    }

    private static double[] pick(double draw) {
        double cumulative = 0;
        for (double[] centre : CENTRES) {
            cumulative += centre[3];
            if (draw < cumulative) {
                return centre;
            }
        }
        return CENTRES[CENTRES.length - 1];
    }

    /** Box-Muller from the generator's own doubles, so the sequence is the same on every JDK. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * Math.PI * v);
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[0]), generate(), StandardCharsets.UTF_8);
    }
}
