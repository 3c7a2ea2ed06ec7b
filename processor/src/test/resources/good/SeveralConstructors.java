package com.acme;

import io.cachedfactory.CachedFactory;
import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

/** The annotation on the class: every non-private constructor becomes a get method. */
@CachedFactory
public final class SeveralConstructors implements Serializable {
    private final String name;

    public SeveralConstructors(String name) {
        this.name = name;
    }

    public SeveralConstructors(String name, Map<String, Integer> weights, Optional<Mode> mode) {
        this.name = name + weights + mode;
    }

    /** With get(name, null) this overload would make get(String) ambiguous. */
    public SeveralConstructors(String name, Integer limit) {
        this.name = name + limit;
    }

    SeveralConstructors(int... sizes) {
        this.name = "sizes";
    }

    private SeveralConstructors(double ignored) {
        this.name = "private";
    }

    public enum Mode { FAST, EXACT }
}
