package io.cachedfactory.examples.stations;

import io.cachedfactory.CacheDependency;

/**
 * Distances between stations. Every cached object computed with these formulas lists this class
 * in {@code dependsOn}; the annotation below carries the constants' class along, so a change to
 * either invalidates those objects.
 */
@CacheDependency(dependsOn = Ellipsoid.class)
public final class GeoMath {

    private static final int MAX_ITERATIONS = 200;
    private static final double CONVERGED = 1e-12;

    private GeoMath() {
    }

    /**
     * The distance between two stations in kilometres: the surface distance by {@code metric},
     * combined with their difference in elevation.
     */
    public static double distanceKm(Metric metric, Station a, Station b) {
        double surface = switch (metric) {
            case SPHERE -> haversineKm(a.latitude(), a.longitude(), b.latitude(), b.longitude());
            case ELLIPSOID -> vincentyKm(a.latitude(), a.longitude(), b.latitude(), b.longitude());
        };
        double climb = (a.elevationMeters() - b.elevationMeters()) / 1000.0;
        return Math.sqrt(surface * surface + climb * climb);
    }

    /** Great-circle distance on a sphere of the Earth's mean radius. */
    static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double sinHalfDPhi = Math.sin((phi2 - phi1) / 2);
        double sinHalfDLambda = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        double h = sinHalfDPhi * sinHalfDPhi
                + Math.cos(phi1) * Math.cos(phi2) * sinHalfDLambda * sinHalfDLambda;
        return 2 * Ellipsoid.MEAN_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /**
     * Geodesic distance on the WGS-84 ellipsoid by Vincenty's inverse formula (1975). It iterates
     * until the longitude on the auxiliary sphere converges; for nearly antipodal points, where
     * it may not, the spherical distance is returned instead.
     */
    static double vincentyKm(double lat1, double lon1, double lat2, double lon2) {
        double a = Ellipsoid.SEMI_MAJOR_KM;
        double b = Ellipsoid.SEMI_MINOR_KM;
        double f = Ellipsoid.FLATTENING;
        double l = Math.toRadians(lon2 - lon1);
        double u1 = Math.atan((1 - f) * Math.tan(Math.toRadians(lat1)));
        double u2 = Math.atan((1 - f) * Math.tan(Math.toRadians(lat2)));
        double sinU1 = Math.sin(u1);
        double cosU1 = Math.cos(u1);
        double sinU2 = Math.sin(u2);
        double cosU2 = Math.cos(u2);

        double lambda = l;
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            double sinLambda = Math.sin(lambda);
            double cosLambda = Math.cos(lambda);
            double crossTerm = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
            double sinSigma = Math.sqrt(cosU2 * sinLambda * cosU2 * sinLambda
                    + crossTerm * crossTerm);
            if (sinSigma == 0) {
                return 0; // the same point
            }
            double cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
            double sigma = Math.atan2(sinSigma, cosSigma);
            double sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            double cosSqAlpha = 1 - sinAlpha * sinAlpha;
            // On the equator cos²α is 0 and the term below is undefined; it does not contribute.
            double cos2SigmaM = cosSqAlpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha;
            double c = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha));
            double previous = lambda;
            lambda = l + (1 - c) * f * sinAlpha * (sigma + c * sinSigma
                    * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
            if (Math.abs(lambda - previous) < CONVERGED) {
                double uSq = cosSqAlpha * (a * a - b * b) / (b * b);
                double bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
                double bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
                double deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4
                        * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - bigB / 6 * cos2SigmaM
                        * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
                return b * bigA * (sigma - deltaSigma);
            }
        }
        return haversineKm(lat1, lon1, lat2, lon2);
    }
}
