package com.acme;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.Version;
import java.io.Serializable;
import java.util.List;

/** The annotation on one constructor: the other constructor is not part of the factory. */
public final class OnConstructor implements Serializable {
    private final List<String> columns;

    @CachedFactory(versions = @Version(owner = "bob", value = 0))
    OnConstructor(List<String> columns, long seed) {
        this.columns = List.copyOf(columns);
    }

    public OnConstructor() {
        this.columns = List.of();
    }
}
