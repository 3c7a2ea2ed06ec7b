package com.acme;

import io.cachedfactory.CachedFactory;
import java.io.Serializable;

/** A static nested cached type: its factory is Outer_NestedFactory. */
public final class Outer {
    private Outer() {
    }

    @CachedFactory
    public static final class Nested implements Serializable {
        private final String name;

        public Nested(String name) {
            this.name = name;
        }
    }
}
