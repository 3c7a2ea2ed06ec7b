package io.cachedfactory;

/** How the memory tier holds objects a factory has built or loaded. */
public enum MemoryPolicy {

    /**
     * Canonical instances while anyone holds them, plus a bounded strong tier that keeps recently
     * used objects alive within the store's memory budget. The default.
     */
    WEAK,

    /** Like {@link #WEAK}, but the garbage collector clears unreferenced objects only under memory pressure. */
    SOFT,

    /** Kept in memory until invalidated or the store is closed; not counted against the budget. */
    STRONG,

    /** Never kept in memory: every request loads from disk or builds. */
    NONE
}
