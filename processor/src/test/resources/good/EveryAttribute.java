package com.acme;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.Sensitivity;
import io.cachedfactory.Version;

/** Every attribute of @CachedFactory set to something other than its default. */
@CachedFactory(
        name = "TablesByYear",
        dependsOn = {Schema.class, Rounding.class},
        resources = {"tables/columns.csv"},
        versions = {@Version(owner = "alice", value = 3), @Version(owner = "bob", value = 1)},
        sensitivity = Sensitivity.SOURCE,
        maxAge = "P30D",
        codec = EveryAttributeCodec.class,
        memory = MemoryPolicy.SOFT,
        persistent = false)
public final class EveryAttribute {
    private final String name;
    private final int year;

    public EveryAttribute(String name, int year) {
        this.name = name;
        this.year = year;
    }

    public String name() {
        return name;
    }

    public int year() {
        return year;
    }
}
