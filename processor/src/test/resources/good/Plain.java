package com.acme;

import io.cachedfactory.CachedFactory;
import java.io.Serializable;

/** The simplest use: the annotation on the class, one constructor. */
@CachedFactory
public final class Plain implements Serializable {
    private final String name;
    private final int year;

    public Plain(String name, int year) {
        this.name = name;
        this.year = year;
    }
}
