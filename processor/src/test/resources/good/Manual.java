package com.acme;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.Sensitivity;
import io.cachedfactory.Version;
import java.io.Serializable;

/** MANUAL sensitivity: only counters and resources count, never the source. */
@CachedFactory(sensitivity = Sensitivity.MANUAL, dependsOn = Schema.class,
        versions = @Version(owner = "carol", value = 7))
public final class Manual implements Serializable {
    private final String name;

    public Manual(String name) {
        this.name = name;
    }
}
