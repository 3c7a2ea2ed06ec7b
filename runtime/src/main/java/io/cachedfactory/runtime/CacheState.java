package io.cachedfactory.runtime;

/**
 * Where an object stands in a store. During a run, a key's state only moves forward,
 * {@code ABSENT → ON_DISK → IN_MEMORY}, unless it is invalidated.
 */
public enum CacheState {
    /** Neither in memory nor stored under the current fingerprint. */
    ABSENT,
    /** Stored on disk under the current fingerprint, not in this process's memory. */
    ON_DISK,
    /** Held in this process's memory tier. */
    IN_MEMORY
}
