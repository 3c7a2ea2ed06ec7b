package io.cachedfactory.examples.stations;

/**
 * One weather station of the examples' data set.
 *
 * @param id the station's identifier, such as {@code ST0042}
 * @param latitude degrees north
 * @param longitude degrees east
 * @param elevationMeters height above sea level
 */
public record Station(String id, double latitude, double longitude, int elevationMeters) {
}
