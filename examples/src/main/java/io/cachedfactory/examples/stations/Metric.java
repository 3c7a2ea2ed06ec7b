package io.cachedfactory.examples.stations;

/** How {@link GeoMath} measures the distance between two stations. */
public enum Metric {

    /** Great-circle distance on a sphere of the Earth's mean radius (haversine): fast. */
    SPHERE,

    /** Geodesic distance on the WGS-84 ellipsoid (Vincenty's formula), to the millimetre. */
    ELLIPSOID
}
