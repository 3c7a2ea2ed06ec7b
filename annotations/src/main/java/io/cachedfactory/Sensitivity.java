package io.cachedfactory;

/** What a {@link CachedFactory}'s fingerprint covers. */
public enum Sensitivity {

    /**
     * The cached type's normalized source, its declared dependencies' sources, its resources and its
     * version counters. Any token change invalidates; comments and formatting do not.
     */
    SOURCE,

    /**
     * Only the version counters, resources and run-time traits: source edits never invalidate, so
     * developers decide by bumping a counter.
     */
    MANUAL
}
