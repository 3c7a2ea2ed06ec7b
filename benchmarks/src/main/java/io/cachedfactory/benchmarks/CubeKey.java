package io.cachedfactory.benchmarks;

/**
 * The key a user of Caffeine, ConcurrentHashMap or Ehcache writes by hand for {@code Cube(name,
 * size)}: a record, so equals and hashCode come for free.
 */
public record CubeKey(String name, int size) {
}
