package com.acme;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.Traits;
import java.io.Serializable;
import java.util.List;

/** A @Traits method adds cheap run-time facts to every key. */
@CachedFactory
public final class WithTraits implements Serializable {
    private final String name;

    public WithTraits(String name, int year) {
        this.name = name;
    }

    @Traits
    static List<String> columns(String name) {
        return List.of(name + ".id", name + ".value");
    }
}
