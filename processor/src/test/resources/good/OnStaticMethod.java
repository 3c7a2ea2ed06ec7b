package com.acme;

import io.cachedfactory.CachedFactory;
import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;

/** The annotation on a static method that may throw a checked exception. */
public final class OnStaticMethod implements Serializable {
    private final String text;

    private OnStaticMethod(String text) {
        this.text = text;
    }

    @CachedFactory
    public static OnStaticMethod load(String name, LocalDate day) throws IOException {
        return new OnStaticMethod(name + day);
    }
}
