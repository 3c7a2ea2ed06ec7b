package io.cachedfactory;

/**
 * Implemented by argument types that are not otherwise key-encodable, so that they can be part of a
 * persistent cache key.
 *
 * <p>{@link #cacheKey()} returns a value made only of key-encodable types (primitives and their
 * boxes, {@code String}, enums, records, arrays, {@code List}, {@code Set}, {@code Map},
 * {@code Optional}, {@code UUID}, {@code BigInteger}, {@code BigDecimal}, {@code java.time} values or
 * other {@code CacheKey}s). Two arguments that should share a cached object must return equal keys;
 * the value must not depend on {@code hashCode()}, the JVM, the locale or the time zone.
 */
public interface CacheKey {

    /** The value that identifies this argument in a cache key. */
    Object cacheKey();
}
