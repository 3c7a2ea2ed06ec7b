package io.cachedfactory.examples.stations;

/** The WGS-84 reference ellipsoid, the figure of the Earth that GPS uses. */
final class Ellipsoid {

    /** Semi-major axis in kilometres. */
    static final double SEMI_MAJOR_KM = 6378.137;

    /** Flattening. */
    static final double FLATTENING = 1 / 298.257223563;

    /** Semi-minor axis in kilometres. */
    static final double SEMI_MINOR_KM = SEMI_MAJOR_KM * (1 - FLATTENING);

    /** Mean radius (2a + b) / 3 in kilometres, for the spherical approximation. */
    static final double MEAN_RADIUS_KM = (2 * SEMI_MAJOR_KM + SEMI_MINOR_KM) / 3;

    private Ellipsoid() {
    }
}
