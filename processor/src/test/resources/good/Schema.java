package com.acme;

import io.cachedfactory.CacheDependency;

/** A helper whose code EveryAttribute depends on; it depends on Units in turn. */
@CacheDependency(dependsOn = Units.class)
public final class Schema {
    private Schema() {
    }

    static String column(int index) {
        return "c" + index;
    }
}
