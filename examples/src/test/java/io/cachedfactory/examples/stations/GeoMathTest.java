package io.cachedfactory.examples.stations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GeoMathTest {

    @Test
    void vincentyKm_flindersPeakToBuninyong_matchesVincentysPublishedDistance() {
        // The worked example of Vincenty (1975), as reproduced by Geoscience Australia.
        double km = GeoMath.vincentyKm(-dms(37, 57, 3.72030), dms(144, 25, 29.52440),
                -dms(37, 39, 10.15610), dms(143, 55, 35.38390));

        assertEquals(54.972271, km, 1e-6);
    }

    @Test
    void haversineKm_quarterOfTheEquator_isAQuarterCircumference() {
        double km = GeoMath.haversineKm(0, 0, 0, 90);

        assertEquals(Math.PI / 2 * Ellipsoid.MEAN_RADIUS_KM, km, 1e-9);
    }

    @Test
    void vincentyKm_samePoint_isZero() {
        assertEquals(0, GeoMath.vincentyKm(48.85, 2.35, 48.85, 2.35));
    }

    @Test
    void distanceKm_sameSpotDifferentHeight_isTheClimb() {
        Station low = new Station("A", 46.0, 7.0, 500);
        Station high = new Station("B", 46.0, 7.0, 3500);

        assertEquals(3.0, GeoMath.distanceKm(Metric.ELLIPSOID, low, high), 1e-12);
        assertEquals(3.0, GeoMath.distanceKm(Metric.SPHERE, low, high), 1e-12);
    }

    @Test
    void distanceKm_sphereAndEllipsoid_agreeWithinHalfAPercentOverEurope() {
        Station paris = new Station("PAR", 48.8566, 2.3522, 35);
        Station berlin = new Station("BER", 52.5200, 13.4050, 34);

        double sphere = GeoMath.distanceKm(Metric.SPHERE, paris, berlin);
        double ellipsoid = GeoMath.distanceKm(Metric.ELLIPSOID, paris, berlin);

        assertEquals(878, ellipsoid, 2);
        assertEquals(ellipsoid, sphere, ellipsoid * 0.005);
    }

    private static double dms(int degrees, int minutes, double seconds) {
        return degrees + minutes / 60.0 + seconds / 3600.0;
    }
}
