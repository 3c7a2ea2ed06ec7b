package io.cachedfactory.runtime.model;

/** An enum of another package than the cached types that use it, shipped with them. */
public enum Unit {
    METRE,
    FOOT
}
